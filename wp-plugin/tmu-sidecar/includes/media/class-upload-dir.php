<?php
/**
 * The uploads folder of the month, made before an upload needs it.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_Error;
use WP_REST_Request;

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

	/**
	 * A media upload that failed (a full disk, a failed move) can leave its file empty in the month's
	 * folder, where nothing ever removes it: remove the empty files of that name. The answer passes unchanged.
	 *
	 * @param mixed           $response The answer (a WP_Error when the upload failed).
	 * @param mixed           $handler  The route's handler.
	 * @param WP_REST_Request $request  The request.
	 * @return mixed
	 */
	public function remove_empty_leftovers( $response, $handler, $request ) {
		unset( $handler );
		if ( ! $response instanceof WP_Error || ! $request instanceof WP_REST_Request || 'POST' !== $request->get_method() || '/wp/v2/media' !== $request->get_route() ) {
			return $response;
		}
		$files   = $request->get_file_params();
		$name    = sanitize_file_name( (string) ( $files['file']['name'] ?? '' ) );
		$uploads = wp_upload_dir( null, false );
		if ( '' === $name || ! empty( $uploads['error'] ) || empty( $uploads['path'] ) ) {
			return $response;
		}
		$base = pathinfo( $name, PATHINFO_FILENAME );
		// The name itself, a unique-name suffix (-1) and generated sizes (-300x450).
		$pattern = '/^' . preg_quote( $base, '/' ) . '(-\\d+)?(-\\d+x\\d+)?\\.' . preg_quote( (string) pathinfo( $name, PATHINFO_EXTENSION ), '/' ) . '$/';
		foreach ( (array) glob( trailingslashit( (string) $uploads['path'] ) . '*' ) as $file ) {
			if ( is_string( $file ) && preg_match( $pattern, basename( $file ) ) && is_file( $file ) && 0 === filesize( $file ) ) {
				wp_delete_file( $file );
			}
		}
		return $response;
	}
}
