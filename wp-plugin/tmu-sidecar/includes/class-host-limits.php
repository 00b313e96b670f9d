<?php
/**
 * The PHP and REST limits of this host, for the sidecar to size its writes.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * What one request may use here: the sidecar keeps its batches under these (tmu/v1/resolve's `host`).
 */
final class Host_Limits {

	/** WordPress's own /batch/v1 limit, before the rest_get_max_batch_size filter. */
	private const WP_DEFAULT_BATCH = 25;

	/**
	 * {max_execution_time: seconds (0 = none), memory_limit: bytes (-1 = none), batch_limit: items}.
	 *
	 * @return array{max_execution_time: int, memory_limit: int, batch_limit: int}
	 */
	public function report(): array {
		$memory = trim( (string) ini_get( 'memory_limit' ) );
		return array(
			'max_execution_time' => max( 0, (int) ini_get( 'max_execution_time' ) ),
			'memory_limit'       => '' === $memory || (int) $memory < 0 ? -1 : (int) wp_convert_hr_to_bytes( $memory ),
			// The same filter WP_REST_Server::get_max_batch_size() applies for /batch/v1's maxItems.
			'batch_limit'        => max( 1, (int) apply_filters( 'rest_get_max_batch_size', self::WP_DEFAULT_BATCH ) ),
		);
	}
}
