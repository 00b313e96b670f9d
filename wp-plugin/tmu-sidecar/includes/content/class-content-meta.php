<?php
/**
 * Post, attachment and term meta of the TMU content model.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Registers the meta the sidecar writes over REST (tmdb_id, tmu_key, ...), sanitizes it and hides it from Custom Fields.
 */
final class Content_Meta {

	/**
	 * Registers post meta, attachment meta and term meta (init, after the types exist).
	 */
	public function register_meta(): void {
		foreach ( Content_Types::META_POST_TYPES as $post_type ) {
			$this->register_synced_post_meta( $post_type );
		}
		foreach ( array_merge( Content_Types::CHILD_POST_TYPES, array( 'video' ) ) as $post_type ) {
			register_post_meta(
				$post_type,
				'tmu_parent_id',
				array_merge( $this->integer_meta(), array( 'description' => __( 'The post ID of the parent series, drama or title.', 'tmu-sidecar' ) ) )
			);
		}
		register_post_meta(
			'attachment',
			'tmdb_file_path',
			array_merge(
				$this->string_meta(),
				array(
					'description'       => __( 'The TMDb image file path this attachment was downloaded from.', 'tmu-sidecar' ),
					'sanitize_callback' => array( $this, 'sanitize_file_path' ),
				)
			)
		);
		foreach ( Content_Types::TAXONOMIES as $taxonomy ) {
			register_term_meta(
				$taxonomy,
				'tmdb_id',
				array_merge(
					$this->integer_meta(),
					array(
						'description'   => __( 'The TMDb id of this term (genre, keyword, network, ...).', 'tmu-sidecar' ),
						'auth_callback' => array( $this, 'can_edit_term_meta' ),
					)
				)
			);
		}
	}

	/**
	 * tmdb_id, tmu_key, tmu_last_synced_at, tmu_last_error and tmu_skipped_images of one post type.
	 *
	 * @param string $post_type Post type slug.
	 */
	private function register_synced_post_meta( string $post_type ): void {
		$string = $this->edit_context_only( $this->string_meta() );
		register_post_meta(
			$post_type,
			'tmdb_id',
			array_merge( $this->integer_meta(), array( 'description' => __( 'The TMDb id of this object.', 'tmu-sidecar' ) ) )
		);
		register_post_meta(
			$post_type,
			'tmu_key',
			array_merge(
				$string,
				array(
					'description'       => __( 'The sidecar natural key of this object (e.g. series:s1e2), so a re-sync finds it again.', 'tmu-sidecar' ),
					'sanitize_callback' => array( $this, 'sanitize_key_value' ),
				)
			)
		);
		register_post_meta(
			$post_type,
			'tmu_last_synced_at',
			array_merge( $string, array( 'description' => __( 'When the sidecar last synced this post (ISO 8601).', 'tmu-sidecar' ) ) )
		);
		register_post_meta(
			$post_type,
			'tmu_last_failed_at',
			array_merge( $string, array( 'description' => __( 'When the last sync of this post failed (ISO 8601); empty after a successful sync.', 'tmu-sidecar' ) ) )
		);
		register_post_meta(
			$post_type,
			'tmu_last_error',
			array_merge(
				$string,
				array(
					'description'       => __( 'The last sync error, empty after a successful sync.', 'tmu-sidecar' ),
					'sanitize_callback' => 'sanitize_textarea_field',
				)
			)
		);
		register_post_meta(
			$post_type,
			'tmu_skipped_images',
			array_merge(
				$string,
				array(
					'description'       => __( 'TMDb paths of the images this site refused at the last sync (too big, a full disk), separated by spaces; tried again at the next sync.', 'tmu-sidecar' ),
					'sanitize_callback' => 'sanitize_text_field',
				)
			)
		);
	}

	/**
	 * A single non-negative integer, in REST, editable by who can edit the post.
	 *
	 * @return array<string, mixed>
	 */
	private function integer_meta(): array {
		return array(
			'type'              => 'integer',
			'single'            => true,
			'show_in_rest'      => true,
			'default'           => 0,
			'sanitize_callback' => array( $this, 'sanitize_non_negative_int' ),
			'auth_callback'     => array( $this, 'can_edit_post_meta' ),
		);
	}

	/**
	 * A single plain-text string, in REST, editable by who can edit the post.
	 *
	 * @return array<string, mixed>
	 */
	private function string_meta(): array {
		return array(
			'type'              => 'string',
			'single'            => true,
			'show_in_rest'      => true,
			'default'           => '',
			'sanitize_callback' => 'sanitize_text_field',
			'auth_callback'     => array( $this, 'can_edit_post_meta' ),
		);
	}

	/**
	 * Sync state (last error, last sync, natural key) is for editors: REST shows it in the `edit` context only,
	 * never to a visitor or in a `view` answer.
	 *
	 * @param array<string, mixed> $args Meta arguments.
	 * @return array<string, mixed>
	 */
	private function edit_context_only( array $args ): array {
		$args['show_in_rest'] = array(
			'schema' => array(
				'type'    => $args['type'],
				'context' => array( 'edit' ),
			),
		);
		return $args;
	}

	/**
	 * Sanitizes an integer meta value.
	 *
	 * @param mixed $value Raw value.
	 */
	public function sanitize_non_negative_int( $value ): int {
		return is_numeric( $value ) ? max( 0, (int) $value ) : 0;
	}

	/**
	 * Sanitizes a natural key such as 12:s1e2 or youtube key.
	 *
	 * @param mixed $value Raw value.
	 */
	public function sanitize_key_value( $value ): string {
		$value = is_string( $value ) ? trim( $value ) : '';
		return preg_match( '#^[A-Za-z0-9:._\-]{1,190}$#', $value ) ? $value : '';
	}

	/**
	 * Sanitizes a TMDb file path such as /abc123.jpg.
	 *
	 * @param mixed $value Raw value.
	 */
	public function sanitize_file_path( $value ): string {
		$value = is_string( $value ) ? trim( $value ) : '';
		return preg_match( '#^/[A-Za-z0-9._\-/]+$#', $value ) ? $value : '';
	}

	/**
	 * Meta auth callback: the user can edit the post.
	 *
	 * @param bool   $allowed   Whether allowed so far.
	 * @param string $meta_key  Meta key.
	 * @param int    $object_id Post ID.
	 * @param int    $user_id   User ID.
	 */
	public function can_edit_post_meta( $allowed, $meta_key, $object_id, $user_id = 0 ): bool {
		return user_can( (int) $user_id, 'edit_post', (int) $object_id );
	}

	/**
	 * Meta auth callback: the user can edit the term.
	 *
	 * @param bool   $allowed   Whether allowed so far.
	 * @param string $meta_key  Meta key.
	 * @param int    $object_id Term ID.
	 * @param int    $user_id   User ID.
	 */
	public function can_edit_term_meta( $allowed, $meta_key, $object_id, $user_id = 0 ): bool {
		return user_can( (int) $user_id, 'edit_term', (int) $object_id );
	}

	/**
	 * Hides the plugin's meta keys from the generic Custom Fields box (the meta box edits them).
	 *
	 * @param bool   $protected Whether the key is protected.
	 * @param string $meta_key  Meta key.
	 * @param string $meta_type Object type.
	 */
	public function protect_meta( $protected, $meta_key, $meta_type = '' ): bool {
		if ( in_array( $meta_key, Content_Types::OWN_META_KEYS, true ) && in_array( $meta_type, array( 'post', 'term' ), true ) ) {
			return true;
		}
		return (bool) $protected;
	}
}
