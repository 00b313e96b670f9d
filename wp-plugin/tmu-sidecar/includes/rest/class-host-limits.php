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

	/** What this plugin can do for the sidecar; it uses each only when named here. */
	public const FEATURES = array( 'idempotent_creates', 'media_batch', 'hotlink' );

	/** WordPress's own big-image threshold, before the big_image_size_threshold filter. */
	private const WP_BIG_IMAGE_THRESHOLD = 2560;

	/**
	 * The limits, the features, the image sizes the sidecar makes for tmu/v1/media, and that route's bounds.
	 *
	 * @return array<string, mixed>
	 */
	public function report(): array {
		$memory = trim( (string) ini_get( 'memory_limit' ) );
		return array(
			'max_execution_time'  => max( 0, (int) ini_get( 'max_execution_time' ) ),
			'memory_limit'        => '' === $memory || (int) $memory < 0 ? -1 : (int) wp_convert_hr_to_bytes( $memory ),
			// The same filter WP_REST_Server::get_max_batch_size() applies for /batch/v1's maxItems.
			'batch_limit'         => max( 1, (int) apply_filters( 'rest_get_max_batch_size', self::WP_DEFAULT_BATCH ) ),
			'features'            => self::FEATURES,
			'image_sizes'         => (object) self::image_sizes(),
			'big_image_threshold' => self::big_image_threshold(),
			'media_batch_limit'   => Media_Batch_Rest::limit(),
			// PHP drops the file parts past max_file_uploads and the whole body past post_max_size.
			'media_max_files'     => max( 0, (int) ini_get( 'max_file_uploads' ) ),
			'media_max_bytes'     => self::post_max_bytes(),
		);
	}

	/**
	 * The registered sub-sizes, as WordPress would make them from an upload.
	 *
	 * @return array<string, array{width: int, height: int, crop: bool}>
	 */
	private static function image_sizes(): array {
		$sizes = array();
		foreach ( wp_get_registered_image_subsizes() as $name => $size ) {
			$sizes[ (string) $name ] = array(
				'width'  => (int) ( $size['width'] ?? 0 ),
				'height' => (int) ( $size['height'] ?? 0 ),
				// A crop position (array('left', 'top')) crops too.
				'crop'   => ! empty( $size['crop'] ),
			);
		}
		return $sizes;
	}

	/**
	 * The width or height above which WordPress scales an upload down, or 0 when a filter turned that off.
	 */
	private static function big_image_threshold(): int {
		$threshold = apply_filters( 'big_image_size_threshold', self::WP_BIG_IMAGE_THRESHOLD, array( 0, 0 ), '', 0 );
		return false === $threshold ? 0 : max( 0, (int) $threshold );
	}

	/**
	 * PHP's post_max_size in bytes, or 0 when there is none.
	 */
	public static function post_max_bytes(): int {
		$post_max = trim( (string) ini_get( 'post_max_size' ) );
		return '' === $post_max ? 0 : max( 0, (int) wp_convert_hr_to_bytes( $post_max ) );
	}
}
