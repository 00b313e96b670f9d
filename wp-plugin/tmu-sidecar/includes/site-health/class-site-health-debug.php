<?php
/**
 * The Debug Info rows read from the sidecar's /health/details answer.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Column format, table prefix, queue depth, last daily run and last errors, as Debug Info fields.
 * The values are plain text: Site Health escapes them when it prints the section.
 */
final class Site_Health_Debug {

	/**
	 * The fields from the details (each says "unknown" when the sidecar did not answer).
	 *
	 * @param array<string, mixed>|null $details The /health/details answer, or null.
	 * @param string                    $none    What an unknown value reads.
	 * @return array<string, array<string, mixed>>
	 */
	public static function detail_fields( ?array $details, string $none ): array {
		global $wpdb;
		$details = $details ?? array();
		$queue   = isset( $details['queue'] ) && is_array( $details['queue'] ) ? $details['queue'] : null;
		return array(
			'column_format'  => array(
				'label' => __( 'Column format (TMU_COLUMN_FORMAT)', 'tmu-sidecar' ),
				'value' => self::text( $details['column_format'] ?? null, $none ),
			),
			'table_prefix'   => array(
				'label' => __( 'Sidecar table prefix', 'tmu-sidecar' ),
				'value' => isset( $details['table_prefix'] )
					/* translators: 1: the sidecar's table prefix, 2: this site's. */
					? sprintf( __( '%1$s (this site: %2$s)', 'tmu-sidecar' ), self::text( $details['table_prefix'], $none ), $wpdb->prefix )
					: $none,
			),
			'queue'          => array(
				'label' => __( 'Queue depth', 'tmu-sidecar' ),
				'value' => null === $queue
					? $none
					/* translators: 1: queued jobs, 2: running jobs, 3: failed jobs. */
					: sprintf( __( '%1$d queued, %2$d running, %3$d failed', 'tmu-sidecar' ), (int) ( $queue['queued'] ?? 0 ), (int) ( $queue['running'] ?? 0 ), (int) ( $queue['failed'] ?? 0 ) ),
			),
			'last_daily_run' => array(
				'label' => __( 'Last daily run', 'tmu-sidecar' ),
				'value' => self::daily_run( $details, $none ),
			),
			'last_errors'    => array(
				'label' => __( 'Last errors', 'tmu-sidecar' ),
				'value' => self::errors( $details, $none ),
			),
		);
	}

	/**
	 * "2026-01-02T03:00:00Z (succeeded, job 12)", "none yet" or unknown.
	 *
	 * @param array<string, mixed> $details Details.
	 * @param string               $none    Unknown.
	 */
	private static function daily_run( array $details, string $none ): string {
		if ( ! array_key_exists( 'last_daily_run', $details ) ) {
			return $none;
		}
		$run = $details['last_daily_run'];
		if ( ! is_array( $run ) ) {
			return __( 'none yet', 'tmu-sidecar' );
		}
		/* translators: 1: when it ended, 2: its status, 3: job id. */
		return sprintf( __( '%1$s (%2$s, job %3$d)', 'tmu-sidecar' ), self::text( $run['finished_at'] ?? null, '' ), self::text( $run['status'] ?? null, '' ), (int) ( $run['job_id'] ?? 0 ) );
	}

	/**
	 * Up to five "job 12 (sync, failed): message" entries.
	 *
	 * @param array<string, mixed> $details Details.
	 * @param string               $none    Unknown.
	 * @return string|array<string, string>
	 */
	private static function errors( array $details, string $none ) {
		if ( ! isset( $details['last_errors'] ) || ! is_array( $details['last_errors'] ) ) {
			return $none;
		}
		if ( array() === $details['last_errors'] ) {
			return __( 'none', 'tmu-sidecar' );
		}
		$lines = array();
		foreach ( array_slice( $details['last_errors'], 0, 5 ) as $error ) {
			if ( ! is_array( $error ) ) {
				continue;
			}
			/* translators: 1: job id, 2: job type, 3: status. */
			$key           = sprintf( __( 'job %1$d (%2$s, %3$s)', 'tmu-sidecar' ), (int) ( $error['job_id'] ?? 0 ), self::text( $error['type'] ?? null, '' ), self::text( $error['status'] ?? null, '' ) );
			$lines[ $key ] = self::text( $error['error'] ?? null, '' );
		}
		return $lines;
	}

	/**
	 * Bounded plain text from the sidecar.
	 *
	 * @param mixed  $value   Raw value.
	 * @param string $default When not a string.
	 */
	private static function text( $value, string $default ): string {
		return is_string( $value ) ? mb_substr( sanitize_text_field( $value ), 0, 300 ) : $default;
	}
}
