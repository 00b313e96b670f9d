<?php
/**
 * The files of one tmu/v1/media item: checked, moved into uploads, described as attachment metadata.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_Error;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The sidecar sends an image and the sub-sizes it made itself: WordPress only checks each file's type
 * and header (no pixel is decoded), moves them next to each other and writes the metadata it would
 * have written after making the sizes itself.
 */
final class Media_Batch_Files {

	/** Image types a part may have. */
	private const MIMES = array( 'image/jpeg', 'image/png', 'image/webp', 'image/gif' );

	/** Tries at a free file name before giving up (another request may take the same name). */
	private const NAME_ATTEMPTS = 5;

	/**
	 * The month's uploads folder, safe under parallel requests.
	 *
	 * @var Upload_Dir
	 */
	private Upload_Dir $upload_dir;

	/**
	 * Constructor.
	 *
	 * @param Upload_Dir $upload_dir The month's uploads folder.
	 */
	public function __construct( Upload_Dir $upload_dir ) {
		$this->upload_dir = $upload_dir;
	}

	/**
	 * One uploaded part, checked: an image of an allowed type whose header gives its size.
	 *
	 * @param array<string, mixed> $files The request's file parts.
	 * @param mixed                $field The part's field name, as the item names it.
	 * @return array{tmp: string, name: string, ext: string, mime: string, width: int, height: int, bytes: int}|WP_Error
	 */
	public function check_part( array $files, $field ) {
		$part = is_string( $field ) && '' !== $field ? ( $files[ $field ] ?? null ) : null;
		if ( ! is_array( $part ) || ! is_string( $part['tmp_name'] ?? null ) || ! is_string( $part['name'] ?? null ) ) {
			return new WP_Error( 'tmu_media_missing_part', __( 'The item names a file part the request does not carry.', 'tmu-sidecar' ), array( 'status' => 400 ) );
		}
		$error = (int) ( $part['error'] ?? UPLOAD_ERR_NO_FILE );
		if ( UPLOAD_ERR_INI_SIZE === $error || UPLOAD_ERR_FORM_SIZE === $error ) {
			return new WP_Error( 'tmu_media_too_large', __( 'A file is larger than this server accepts (upload_max_filesize).', 'tmu-sidecar' ), array( 'status' => 413 ) );
		}
		if ( UPLOAD_ERR_OK !== $error || ! is_uploaded_file( $part['tmp_name'] ) ) {
			return new WP_Error( 'tmu_media_missing_part', __( 'A file part did not arrive whole.', 'tmu-sidecar' ), array( 'status' => 400 ) );
		}
		$tmp   = $part['tmp_name'];
		$name  = sanitize_file_name( wp_basename( $part['name'] ) );
		$check = wp_check_filetype_and_ext( $tmp, $name );
		$mime  = is_string( $check['type'] ?? null ) ? $check['type'] : '';
		// The header only: getimagesize() reads the width and height without decoding pixels.
		$size = in_array( $mime, self::MIMES, true ) ? wp_getimagesize( $tmp ) : false;
		if ( ! is_array( $size ) || (int) $size[0] < 1 || (int) $size[1] < 1 || ( $size['mime'] ?? '' ) !== $mime ) {
			return new WP_Error( 'tmu_media_bad_type', __( 'A file is not a JPEG, PNG, WebP or GIF image.', 'tmu-sidecar' ), array( 'status' => 415 ) );
		}
		if ( is_string( $check['proper_filename'] ?? null ) && '' !== $check['proper_filename'] ) {
			$name = $check['proper_filename'];
		}
		return array(
			'tmp'    => $tmp,
			'name'   => $name,
			'ext'    => (string) $check['ext'],
			'mime'   => $mime,
			'width'  => (int) $size[0],
			'height' => (int) $size[1],
			'bytes'  => (int) filesize( $tmp ),
		);
	}

	/**
	 * Moves the main file under a free name in the month's folder and each size next to it as
	 * `<main name>-<w>x<h>.<ext>`. On any failure nothing it wrote stays behind.
	 *
	 * @param array<string, mixed>                $main  The main part, from check_part().
	 * @param array<string, array<string, mixed>> $sizes Size name → part, from check_part().
	 * @return array{path: string, files: array<string>, metadata: array<string, mixed>}|WP_Error
	 */
	public function store( array $main, array $sizes ) {
		$this->upload_dir->prepare_folder( null );
		$uploads = wp_upload_dir();
		if ( ! empty( $uploads['error'] ) || empty( $uploads['path'] ) ) {
			return self::store_failed();
		}
		$folder = trailingslashit( (string) $uploads['path'] );
		$path   = $this->reserve_unique( $folder, (string) $main['name'] );
		if ( null === $path ) {
			return self::store_failed();
		}
		$written = array( $path );
		if ( ! self::move( $main, $path ) ) {
			$this->remove( $written );
			return self::store_failed();
		}
		$base     = pathinfo( $path, PATHINFO_FILENAME );
		$metadata = array(
			'width'      => (int) $main['width'],
			'height'     => (int) $main['height'],
			'file'       => _wp_relative_upload_path( $path ),
			'filesize'   => (int) $main['bytes'],
			'sizes'      => array(),
			'image_meta' => array(),
		);
		foreach ( $sizes as $name => $part ) {
			$file   = sprintf( '%s-%dx%d.%s', $base, (int) $part['width'], (int) $part['height'], (string) $part['ext'] );
			$target = $folder . $file;
			// Two size names of the same dimensions share a file, as WordPress's own sizes do.
			if ( ! in_array( $target, $written, true ) ) {
				if ( ! self::reserve( $target ) ) {
					$this->remove( $written );
					return self::store_failed();
				}
				$written[] = $target;
				if ( ! self::move( $part, $target ) ) {
					$this->remove( $written );
					return self::store_failed();
				}
			}
			$metadata['sizes'][ $name ] = array(
				'file'      => $file,
				'width'     => (int) $part['width'],
				'height'    => (int) $part['height'],
				'mime-type' => (string) $part['mime'],
				'filesize'  => (int) $part['bytes'],
			);
		}
		return array(
			'path'     => $path,
			'files'    => $written,
			'metadata' => $metadata,
		);
	}

	/**
	 * Deletes files this class wrote (an insert that failed after the move).
	 *
	 * @param array<string> $files Absolute paths.
	 */
	public function remove( array $files ): void {
		foreach ( $files as $file ) {
			if ( is_file( $file ) ) {
				wp_delete_file( $file );
			}
		}
	}

	/**
	 * A free name in the folder, taken at once (an empty file) so that a parallel request cannot take it too.
	 *
	 * @param string $folder Folder, with its trailing slash.
	 * @param string $name   Wanted file name.
	 * @return string|null The absolute path, or null when no name could be taken.
	 */
	private function reserve_unique( string $folder, string $name ): ?string {
		for ( $attempt = 0; $attempt < self::NAME_ATTEMPTS; $attempt++ ) {
			$path = $folder . wp_unique_filename( $folder, $name );
			if ( self::reserve( $path ) ) {
				return $path;
			}
			clearstatcache();
		}
		return null;
	}

	/**
	 * Creates an empty file when none of that name exists.
	 *
	 * @param string $path Absolute path.
	 */
	private static function reserve( string $path ): bool {
		// phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_fopen,WordPress.PHP.NoSilencedErrors.Discouraged -- 'x' fails when the name is taken; that failure is the answer.
		$handle = @fopen( $path, 'x' );
		if ( false === $handle ) {
			return false;
		}
		// phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_fclose -- closes the handle opened above.
		fclose( $handle );
		return true;
	}

	/**
	 * Moves an uploaded part onto its reserved name, with the folder's permissions, and checks it arrived whole.
	 *
	 * @param array<string, mixed> $part   The part, from check_part().
	 * @param string               $target Absolute path.
	 */
	private static function move( array $part, string $target ): bool {
		// phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- a failed move (full disk) is answered as an item error.
		if ( ! @move_uploaded_file( (string) $part['tmp'], $target ) ) {
			return false;
		}
		clearstatcache( true, $target );
		$stat = stat( dirname( $target ) );
		if ( is_array( $stat ) ) {
			// phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_chmod -- what wp_handle_upload() does.
			chmod( $target, $stat['mode'] & 0000666 );
		}
		return filesize( $target ) === (int) $part['bytes'];
	}

	/**
	 * The error of a failed move, without the path.
	 */
	private static function store_failed(): WP_Error {
		return new WP_Error( 'tmu_media_store_failed', __( 'The image could not be stored in the uploads folder (is the disk full?).', 'tmu-sidecar' ), array( 'status' => 500 ) );
	}
}
