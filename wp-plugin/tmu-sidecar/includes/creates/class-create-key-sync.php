<?php
/**
 * Keeps the key table in step with the key meta, however the meta is written.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * A create reads the key table alone (one indexed read, whatever the library's size), so every
 * write of a key meta reaches it: a post made in the editor, by WP-CLI or an importer is found, and
 * an editor who changes a post's TMDb id frees the old id instead of having the next sync of that
 * id overwrite the post.
 */
final class Create_Key_Sync {

	/** The metas that hold a key (Create_Keys::key_meta). */
	private const KEY_METAS = array( 'tmdb_id', 'tmu_key', 'tmdb_file_path' );

	/**
	 * Key table.
	 *
	 * @var Create_Keys
	 */
	private Create_Keys $keys;

	/**
	 * Constructor.
	 *
	 * @param Create_Keys $keys Key table.
	 */
	public function __construct( Create_Keys $keys ) {
		$this->keys = $keys;
	}

	/**
	 * added_post_meta, updated_post_meta: the post's key is now this value.
	 *
	 * @param int|string $meta_id    Meta ID.
	 * @param int|string $object_id  Post ID.
	 * @param string     $meta_key   Meta key.
	 * @param mixed      $meta_value Value.
	 */
	public function on_meta_written( $meta_id, $object_id, $meta_key, $meta_value ): void {
		$kind = $this->kind_keyed_by( (int) $object_id, (string) $meta_key );
		if ( null !== $kind ) {
			$this->keys->reassign( $kind, (int) $object_id, Create_Keys::key_value( (string) $meta_key, $meta_value ) );
		}
	}

	/**
	 * deleted_post_meta: the post has no key any more.
	 *
	 * @param array<int>|int $meta_ids  Meta IDs.
	 * @param int|string     $object_id Post ID.
	 * @param string         $meta_key  Meta key.
	 */
	public function on_meta_deleted( $meta_ids, $object_id, $meta_key ): void {
		$kind = $this->kind_keyed_by( (int) $object_id, (string) $meta_key );
		if ( null !== $kind ) {
			$this->keys->reassign( $kind, (int) $object_id, null );
		}
	}

	/**
	 * untrashed_post: a restored post claims its key again when it is older than the post made meanwhile,
	 * so the key table and resolve (oldest wins) name the same post.
	 *
	 * @param int|string $post_id Post ID.
	 */
	public function on_untrashed( $post_id ): void {
		$kind     = get_post_type( (int) $post_id );
		$meta_key = is_string( $kind ) ? Create_Keys::key_meta( $kind ) : null;
		if ( null !== $meta_key ) {
			$this->keys->reassign( (string) $kind, (int) $post_id, Create_Keys::key_value( $meta_key, get_post_meta( (int) $post_id, $meta_key, true ) ) );
		}
	}

	/**
	 * The post's type when this meta is its key, else null (every other meta write returns here).
	 *
	 * @param int    $object_id Post ID.
	 * @param string $meta_key  Meta key.
	 */
	private function kind_keyed_by( int $object_id, string $meta_key ): ?string {
		if ( ! in_array( $meta_key, self::KEY_METAS, true ) ) {
			return null;
		}
		$kind = get_post_type( $object_id );
		return is_string( $kind ) && Create_Keys::key_meta( $kind ) === $meta_key ? $kind : null;
	}
}
