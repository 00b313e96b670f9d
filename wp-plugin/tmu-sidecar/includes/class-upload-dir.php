<?php
/**
 * The uploads folder of the month, made before an upload needs it.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The sidecar uploads a title's images in parallel. WordPress's wp_mkdir_p() fails when another
 * request creates the same folder between its check and its mkdir(), so the first uploads of a
 * month could fail with "Unable to create directory". Here a folder someone else made counts as made.
 */
final class Upload_Dir {

	private const ATTEMPTS = 3;

	/**
	 * Makes this month's uploads folder before WordPress handles the file; the file passes unchanged.
	 *
	 * @param array<string, mixed>|mixed $file The upload, as wp_handle_upload() / wp_handle_sideload() got it.
	 * @return array<string, mixed>|mixed
	 */
	public function prepare_folder( $file ) {
		$uploads = wp_upload_dir( null, false );
		if ( ! empty( $uploads['error'] ) || empty( $uploads['path'] ) ) {
			return $file;
		}
		$path = (string) $uploads['path'];
		for ( $attempt = 0; $attempt < self::ATTEMPTS && ! is_dir( $path ); $attempt++ ) {
			if ( ! wp_mkdir_p( $path ) ) {
				// Lost the race to another upload: its folder is ours too.
				clearstatcache( true, $path );
			}
		}
		return $file;
	}
}
