<?php
/**
 * POST tmu/v1/media: several images in one request, with the sizes the sidecar made.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Creates attachments from images the sidecar already sized: WordPress neither decodes nor resizes them.
 * Each item is keyed by its TMDb file path under the same key table and lock as POST /wp/v2/media with
 * meta[tmdb_file_path], so the two routes never make two attachments of one path. An item that fails
 * is answered with its error; the others stand.
 */
final class Media_Batch_Rest {

	/** Items one request takes, before the tmu_sidecar_media_batch_limit filter. */
	public const DEFAULT_LIMIT = 20;

	/** Sizes one item may carry. */
	public const MAX_SIZES = 20;

	/** Seconds an item waits for another request creating the same key. */
	private const LOCK_TIMEOUT = 15;

	/** The key table's kind for attachments. */
	private const KIND = 'attachment';

	/**
	 * Key table.
	 *
	 * @var Create_Keys
	 */
	private Create_Keys $keys;

	/**
	 * One lock per key.
	 *
	 * @var Key_Locks
	 */
	private Key_Locks $locks;

	/**
	 * Checks and moves the files.
	 *
	 * @var Media_Batch_Files
	 */
	private Media_Batch_Files $files;

	/**
	 * Hot-linked images.
	 *
	 * @var Hotlink_Images
	 */
	private Hotlink_Images $hotlinks;

	/**
	 * Constructor.
	 *
	 * @param Create_Keys       $keys     Key table.
	 * @param Key_Locks         $locks    One lock per key.
	 * @param Media_Batch_Files $files    Checks and moves the files.
	 * @param Hotlink_Images    $hotlinks Hot-linked images.
	 */
	public function __construct( Create_Keys $keys, Key_Locks $locks, Media_Batch_Files $files, Hotlink_Images $hotlinks ) {
		$this->keys     = $keys;
		$this->locks    = $locks;
		$this->files    = $files;
		$this->hotlinks = $hotlinks;
	}

	/**
	 * Most items one request takes (filter tmu_sidecar_media_batch_limit).
	 */
	public static function limit(): int {
		return max( 1, (int) apply_filters( 'tmu_sidecar_media_batch_limit', self::DEFAULT_LIMIT ) );
	}

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		register_rest_route(
			REST_NAMESPACE,
			'/media',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'create' ),
				'permission_callback' => array( self::class, 'can_upload' ),
				'args'                => array(
					// Not required: a body past post_max_size arrives empty and is answered 413, not "missing".
					'items' => array(
						'description' => __( 'The images: a JSON array (a multipart field) or an array.', 'tmu-sidecar' ),
						'type'        => array( 'string', 'array' ),
					),
				),
			)
		);
	}

	/**
	 * Permission: upload_files.
	 *
	 * @return true|WP_Error
	 */
	public static function can_upload() {
		return current_user_can( 'upload_files' ) ? true : Rest_Permissions::forbidden();
	}

	/**
	 * Answers {items: [{key, id, existing, featured?} | {key, error: {code, message, status}}]}, in request order.
	 * An item with `featured: true` becomes its post's featured image (`featured` answers whether it is).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function create( WP_REST_Request $request ) {
		$items = $request->get_param( 'items' );
		if ( null === $items && self::body_too_large() ) {
			return new WP_Error( 'tmu_media_too_large', __( 'The request is larger than this server accepts (post_max_size).', 'tmu-sidecar' ), array( 'status' => 413 ) );
		}
		$items = is_string( $items ) ? json_decode( $items, true ) : $items;
		if ( ! is_array( $items ) || ! array_is_list( $items ) || array() === $items ) {
			return new WP_Error( 'tmu_media_bad_items', __( 'items must be a non-empty JSON array of images.', 'tmu-sidecar' ), array( 'status' => 400 ) );
		}
		if ( count( $items ) > self::limit() ) {
			/* translators: %d: most items one request takes. */
			return new WP_Error( 'tmu_media_too_many', sprintf( __( 'At most %d images per request.', 'tmu-sidecar' ), self::limit() ), array( 'status' => 400 ) );
		}
		$max_files = (int) ini_get( 'max_file_uploads' );
		if ( $max_files > 0 && self::parts_named( $items ) > $max_files ) {
			/* translators: %d: PHP's max_file_uploads. */
			return new WP_Error( 'tmu_media_too_many_files', sprintf( __( 'At most %d files per request (max_file_uploads).', 'tmu-sidecar' ), $max_files ), array( 'status' => 413 ) );
		}
		$files  = $request->get_file_params();
		$answer = array();
		foreach ( $items as $item ) {
			$answer[] = $this->one( is_array( $item ) ? $item : array(), $files );
		}
		return new WP_REST_Response( array( 'items' => $answer ), 200 );
	}

	/**
	 * One item's answer: the attachment (made now or found), or the item's error.
	 *
	 * @param array<string, mixed> $item  The item.
	 * @param array<string, mixed> $files The request's file parts.
	 * @return array<string, mixed>
	 */
	private function one( array $item, array $files ): array {
		$key = Create_Keys::key_value( 'tmdb_file_path', $item['key'] ?? null );
		if ( null === $key ) {
			return self::item_error( '', new WP_Error( 'tmu_media_bad_item', __( 'An item needs its key (the TMDb file path).', 'tmu-sidecar' ), array( 'status' => 400 ) ) );
		}
		$post = $item['post'] ?? 0;
		$post = is_int( $post ) || ( is_string( $post ) && ctype_digit( $post ) ) ? (int) $post : -1;
		if ( $post < 0 ) {
			return self::item_error( $key, new WP_Error( 'tmu_media_bad_item', __( 'post must be a post ID or 0.', 'tmu-sidecar' ), array( 'status' => 400 ) ) );
		}
		if ( $post > 0 && ! current_user_can( 'edit_post', $post ) ) {
			return self::item_error( $key, new WP_Error( 'tmu_media_cannot_edit', __( 'Sorry, you are not allowed to attach images to this post.', 'tmu-sidecar' ), array( 'status' => 403 ) ) );
		}
		if ( ! $this->locks->lock( self::KIND, $key, self::LOCK_TIMEOUT ) ) {
			return self::item_error( $key, new WP_Error( 'tmu_create_busy', __( 'Another request is creating the same object; try again.', 'tmu-sidecar' ), array( 'status' => 503 ) ) );
		}
		try {
			$existing = $this->keys->find( self::KIND, $key );
			$made     = $existing;
			if ( $existing < 1 ) {
				$made = null !== ( $item['file'] ?? null ) ? $this->from_files( $item, $key, $post, $files ) : $this->hotlinked( $item, $key, $post );
			}
		} finally {
			$this->locks->unlock( self::KIND, $key );
		}
		if ( $made instanceof WP_Error ) {
			return self::item_error( $key, $made );
		}
		$answer = array(
			'key'      => $key,
			'id'       => $made,
			'existing' => $existing > 0,
		);
		// The post's featured image in the same request: its page needs no update for its poster.
		if ( true === ( $item['featured'] ?? false ) && $post > 0 ) {
			set_post_thumbnail( $post, $made );
			$answer['featured'] = (int) get_post_thumbnail_id( $post ) === $made;
		}
		return $answer;
	}

	/**
	 * An attachment from the item's files: checked, moved, inserted with the metadata of the sizes sent.
	 *
	 * @param array<string, mixed> $item  The item.
	 * @param string               $key   Its key.
	 * @param int                  $post  Parent post or 0.
	 * @param array<string, mixed> $files The request's file parts.
	 * @return int|WP_Error
	 */
	private function from_files( array $item, string $key, int $post, array $files ) {
		$sizes = $item['sizes'] ?? array();
		if ( ! is_array( $sizes ) || count( $sizes ) > self::MAX_SIZES ) {
			/* translators: %d: most sizes per image. */
			return new WP_Error( 'tmu_media_too_many_sizes', sprintf( __( 'sizes must be an object of at most %d sizes.', 'tmu-sidecar' ), self::MAX_SIZES ), array( 'status' => 400 ) );
		}
		$main = $this->files->check_part( $files, $item['file'] );
		if ( $main instanceof WP_Error ) {
			return $main;
		}
		$parts = array();
		foreach ( $sizes as $name => $size ) {
			if ( ! is_string( $name ) || sanitize_key( $name ) !== $name || ! is_array( $size ) ) {
				return new WP_Error( 'tmu_media_bad_item', __( 'A size needs a name (lower-case letters, digits, - and _) and its file.', 'tmu-sidecar' ), array( 'status' => 400 ) );
			}
			$part = $this->files->check_part( $files, $size['file'] ?? null );
			if ( $part instanceof WP_Error ) {
				return $part;
			}
			$parts[ $name ] = $part;
		}
		$stored = $this->files->store( $main, $parts );
		if ( $stored instanceof WP_Error ) {
			return $stored;
		}
		$id = $this->insert( $item, $key, $post, $main['mime'], $stored['path'] );
		if ( $id instanceof WP_Error ) {
			$this->files->remove( $stored['files'] );
			return $id;
		}
		wp_update_attachment_metadata( $id, $stored['metadata'] );
		return $id;
	}

	/**
	 * An attachment with no file whose URLs are the CDN's.
	 *
	 * @param array<string, mixed> $item The item.
	 * @param string               $key  Its key.
	 * @param int                  $post Parent post or 0.
	 * @return int|WP_Error
	 */
	private function hotlinked( array $item, string $key, int $post ) {
		if ( ! isset( $item['hotlink'] ) ) {
			return new WP_Error( 'tmu_media_bad_item', __( 'An item needs a file or a hot-link.', 'tmu-sidecar' ), array( 'status' => 400 ) );
		}
		$link = $this->hotlinks->check( $item['hotlink'], $item );
		if ( $link instanceof WP_Error ) {
			return $link;
		}
		$id = $this->insert( $item, $key, $post, $link['mime'], null, $link['url'] );
		if ( $id instanceof WP_Error ) {
			return $id;
		}
		update_post_meta( $id, '_wp_attached_file', '' );
		update_post_meta( $id, Hotlink_Images::URL_META, $link['url'] );
		update_post_meta( $id, Hotlink_Images::BASE_META, $link['base'] );
		wp_update_attachment_metadata( $id, $this->hotlinks->metadata( $link ) );
		return $id;
	}

	/**
	 * Inserts the attachment post, records its key before any meta, then writes alt text and the key meta.
	 *
	 * @param array<string, mixed> $item The item.
	 * @param string               $key  Its key.
	 * @param int                  $post Parent post or 0.
	 * @param string               $mime Image type.
	 * @param string|null          $path The stored file, or null for a hot-link.
	 * @param string               $guid The hot-link URL, or '' (WordPress makes the GUID from the file).
	 * @return int|WP_Error
	 */
	private function insert( array $item, string $key, int $post, string $mime, ?string $path, string $guid = '' ) {
		$title      = is_string( $item['title'] ?? null ) ? sanitize_text_field( $item['title'] ) : '';
		$attachment = array(
			'post_mime_type' => $mime,
			'post_title'     => '' === $title ? sanitize_text_field( pathinfo( $key, PATHINFO_FILENAME ) ) : $title,
			'post_content'   => '',
			'post_status'    => 'inherit',
		);
		if ( null !== $path ) {
			$attachment['guid'] = wp_get_upload_dir()['url'] . '/' . wp_basename( $path );
		} else {
			$attachment['guid'] = $guid;
		}
		$id = wp_insert_attachment( wp_slash( $attachment ), null === $path ? false : $path, $post, true );
		if ( $id instanceof WP_Error || ! is_int( $id ) || $id < 1 ) {
			return new WP_Error( 'tmu_media_insert_failed', __( 'The attachment could not be saved.', 'tmu-sidecar' ), array( 'status' => 500 ) );
		}
		$this->keys->record( self::KIND, $key, $id );
		update_post_meta( $id, 'tmdb_file_path', wp_slash( $key ) );
		if ( is_string( $item['alt'] ?? null ) && '' !== $item['alt'] ) {
			update_post_meta( $id, '_wp_attachment_image_alt', wp_slash( sanitize_text_field( $item['alt'] ) ) );
		}
		return $id;
	}

	/**
	 * How many distinct file parts the items name.
	 *
	 * @param array<int, mixed> $items The items.
	 */
	private static function parts_named( array $items ): int {
		$names = array();
		foreach ( $items as $item ) {
			if ( ! is_array( $item ) ) {
				continue;
			}
			$names[] = $item['file'] ?? null;
			foreach ( is_array( $item['sizes'] ?? null ) ? $item['sizes'] : array() as $size ) {
				$names[] = is_array( $size ) ? ( $size['file'] ?? null ) : null;
			}
		}
		return count( array_unique( array_filter( $names, 'is_string' ) ) );
	}

	/**
	 * Whether PHP dropped the body because it passed post_max_size.
	 */
	private static function body_too_large(): bool {
		$length = isset( $_SERVER['CONTENT_LENGTH'] ) ? (int) $_SERVER['CONTENT_LENGTH'] : 0;
		$limit  = Host_Limits::post_max_bytes();
		return $limit > 0 && $length > $limit;
	}

	/**
	 * An item's error entry; the message is the error's own, which never names a path.
	 *
	 * @param string   $key   The item's key ('' when it had none).
	 * @param WP_Error $error The error.
	 * @return array<string, mixed>
	 */
	private static function item_error( string $key, WP_Error $error ): array {
		$data = $error->get_error_data();
		return array(
			'key'   => $key,
			'error' => array(
				'code'    => (string) $error->get_error_code(),
				'message' => $error->get_error_message(),
				'status'  => is_array( $data ) && isset( $data['status'] ) ? (int) $data['status'] : 500,
			),
		);
	}
}
