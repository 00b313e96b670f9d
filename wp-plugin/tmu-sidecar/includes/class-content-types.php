<?php
/**
 * Post types, taxonomies, meta and the slug rule of the legacy TMU theme.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_Post;
use WP_REST_Request;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The legacy TMU content model, exposed to the REST API so the sidecar can write it.
 */
final class Content_Types {

	/** Every post type, in the legacy plugin's slugs. */
	public const POST_TYPES = array( 'movie', 'tv', 'season', 'episode', 'drama', 'drama-episode', 'people', 'video' );

	/** Post types with a TMDb id of their own, and the sidecar's name for them. */
	public const SYNCED_POST_TYPES = array(
		'movie'  => 'movie',
		'tv'     => 'tv',
		'drama'  => 'drama',
		'people' => 'person',
	);

	/** Post types whose slug starts with their parent series' ID. */
	public const CHILD_POST_TYPES = array( 'season', 'episode', 'drama-episode' );

	/** Post types that carry post meta `tmdb_id`. */
	public const META_POST_TYPES = array( 'movie', 'tv', 'drama', 'people', 'season', 'episode', 'drama-episode', 'video' );

	/** Taxonomies, in the legacy plugin's slugs. */
	public const TAXONOMIES = array( 'genre', 'country', 'language', 'by-year', 'keyword', 'network', 'channel', 'nationality' );

	/** Meta keys the plugin owns (hidden from the generic Custom Fields box). */
	public const OWN_META_KEYS = array( 'tmdb_id', 'tmu_key', 'tmu_parent_id', 'tmu_last_synced_at', 'tmu_last_error', 'tmdb_file_path' );

	/**
	 * The sidecar's type name for a post type, or null when the post type is not synced on its own.
	 *
	 * @param string $post_type Post type slug.
	 */
	public static function webhook_type( string $post_type ): ?string {
		return self::SYNCED_POST_TYPES[ $post_type ] ?? null;
	}

	/**
	 * The post type for one of the sidecar's type names.
	 *
	 * @param string $webhook_type movie, tv, drama or person.
	 */
	public static function post_type_for( string $webhook_type ): ?string {
		$flipped = array_flip( self::SYNCED_POST_TYPES );
		return $flipped[ $webhook_type ] ?? null;
	}

	/**
	 * Registers the eight post types (init).
	 */
	public function register_post_types(): void {
		foreach ( $this->post_type_definitions() as $slug => $definition ) {
			$args = array(
				'labels'              => $definition['labels'],
				'public'              => true,
				'publicly_queryable'  => true,
				'show_ui'             => true,
				'show_in_menu'        => $definition['show_in_menu'],
				'show_in_nav_menus'   => true,
				'show_in_rest'        => true,
				'rest_base'           => $slug,
				'hierarchical'        => $definition['hierarchical'],
				// custom-fields is what lets the REST API read and write the registered meta.
				'supports'            => array_merge( $definition['supports'], array( 'custom-fields' ) ),
				'has_archive'         => $definition['has_archive'],
				'rewrite'             => array(
					'slug'       => $slug,
					'with_front' => false,
				),
				'query_var'           => true,
				'capability_type'     => 'post',
				'map_meta_cap'        => true,
				'exclude_from_search' => false,
				'delete_with_user'    => false,
			);
			if ( null !== $definition['menu_position'] ) {
				$args['menu_position'] = $definition['menu_position'];
			}
			if ( null !== $definition['menu_icon'] ) {
				$args['menu_icon'] = $definition['menu_icon'];
			}
			register_post_type( $slug, $args );
		}
		// Attachments need custom-fields support for `tmdb_file_path` to be writable over REST.
		add_post_type_support( 'attachment', 'custom-fields' );
	}

	/**
	 * Registers the eight taxonomies (init).
	 */
	/**
	 * Featured images for the plugin's post types, whatever the theme: syncs set
	 * the poster as the featured image, and editors must see it. Adds to what the
	 * theme declared; a theme that supports every post type is left as it is.
	 */
	public function add_thumbnail_support(): void {
		add_theme_support( 'post-thumbnails', self::POST_TYPES );
	}

	public function register_taxonomies(): void {
		foreach ( $this->taxonomy_definitions() as $slug => $definition ) {
			register_taxonomy(
				$slug,
				$definition['object_types'],
				array(
					'labels'            => $definition['labels'],
					'public'            => true,
					'hierarchical'      => false,
					'show_ui'           => true,
					'show_admin_column' => true,
					'show_in_rest'      => true,
					'rest_base'         => $slug,
					'meta_box_cb'       => 'post_tags_meta_box',
					'rewrite'           => array(
						'slug'       => $slug,
						'with_front' => false,
					),
				)
			);
		}
	}

	/**
	 * Registers post meta, attachment meta and term meta (init, after the types exist).
	 */
	public function register_meta(): void {
		$integer = array(
			'type'              => 'integer',
			'single'            => true,
			'show_in_rest'      => true,
			'default'           => 0,
			'sanitize_callback' => array( $this, 'sanitize_non_negative_int' ),
			'auth_callback'     => array( $this, 'can_edit_post_meta' ),
		);
		$string  = array(
			'type'              => 'string',
			'single'            => true,
			'show_in_rest'      => true,
			'default'           => '',
			'sanitize_callback' => 'sanitize_text_field',
			'auth_callback'     => array( $this, 'can_edit_post_meta' ),
		);

		foreach ( self::META_POST_TYPES as $post_type ) {
			register_post_meta(
				$post_type,
				'tmdb_id',
				array_merge( $integer, array( 'description' => __( 'The TMDb id of this object.', 'tmu-sidecar' ) ) )
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
				'tmu_last_error',
				array_merge(
					$string,
					array(
						'description'       => __( 'The last sync error, empty after a successful sync.', 'tmu-sidecar' ),
						'sanitize_callback' => 'sanitize_textarea_field',
					)
				)
			);
		}
		foreach ( array_merge( self::CHILD_POST_TYPES, array( 'video' ) ) as $post_type ) {
			register_post_meta(
				$post_type,
				'tmu_parent_id',
				array_merge( $integer, array( 'description' => __( 'The post ID of the parent series, drama or title.', 'tmu-sidecar' ) ) )
			);
		}

		register_post_meta(
			'attachment',
			'tmdb_file_path',
			array_merge(
				$string,
				array(
					'description'       => __( 'The TMDb image file path this attachment was downloaded from.', 'tmu-sidecar' ),
					'sanitize_callback' => array( $this, 'sanitize_file_path' ),
				)
			)
		);

		foreach ( self::TAXONOMIES as $taxonomy ) {
			register_term_meta(
				$taxonomy,
				'tmdb_id',
				array(
					'type'              => 'integer',
					'single'            => true,
					'show_in_rest'      => true,
					'default'           => 0,
					'description'       => __( 'The TMDb id of this term (genre, keyword, network, ...).', 'tmu-sidecar' ),
					'sanitize_callback' => array( $this, 'sanitize_non_negative_int' ),
					'auth_callback'     => array( $this, 'can_edit_term_meta' ),
				)
			);
		}
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
		if ( in_array( $meta_key, self::OWN_META_KEYS, true ) && in_array( $meta_type, array( 'post', 'term' ), true ) ) {
			return true;
		}
		return (bool) $protected;
	}

	/**
	 * Keeps the classic editor for the TMU post types (the legacy plugin had no REST, so sites
	 * used the classic screens). Filter `tmu_sidecar_use_block_editor` to opt in to blocks.
	 *
	 * @param bool   $use_block_editor Whether to use the block editor.
	 * @param string $post_type        Post type.
	 */
	public function use_block_editor( $use_block_editor, $post_type ): bool {
		if ( in_array( $post_type, self::POST_TYPES, true ) ) {
			return (bool) apply_filters( 'tmu_sidecar_use_block_editor', false, $post_type );
		}
		return (bool) $use_block_editor;
	}

	/**
	 * Adds the `tmdb_id` collection parameter (posts and terms).
	 *
	 * @param array<string, mixed> $params Collection parameters.
	 * @return array<string, mixed>
	 */
	public function add_tmdb_id_collection_param( $params ): array {
		$params                = is_array( $params ) ? $params : array();
		$params['tmdb_id'] = array(
			'description' => __( 'Limit results to objects with this TMDb id (meta tmdb_id).', 'tmu-sidecar' ),
			'type'        => 'integer',
			'minimum'     => 1,
		);
		return $params;
	}

	/**
	 * Adds the `tmu_key` collection parameter (post types).
	 *
	 * @param array<string, mixed> $params Collection parameters.
	 * @return array<string, mixed>
	 */
	public function add_key_collection_param( $params ): array {
		$params            = is_array( $params ) ? $params : array();
		$params['tmu_key'] = array(
			'description' => __( 'Limit results to objects with this sidecar natural key (meta tmu_key).', 'tmu-sidecar' ),
			'type'        => 'string',
			'pattern'     => '^[A-Za-z0-9:._\\-]{1,190}$',
		);
		return $params;
	}

	/**
	 * Adds the `tmdb_file_path` collection parameter (attachments).
	 *
	 * @param array<string, mixed> $params Collection parameters.
	 * @return array<string, mixed>
	 */
	public function add_file_path_collection_param( $params ): array {
		$params                   = is_array( $params ) ? $params : array();
		$params['tmdb_file_path'] = array(
			'description' => __( 'Limit results to attachments downloaded from this TMDb file path.', 'tmu-sidecar' ),
			'type'        => 'string',
			'pattern'     => '^/[A-Za-z0-9._\\-/]+$',
		);
		return $params;
	}

	/**
	 * `?tmdb_id=` on the post collections.
	 *
	 * @param array<string, mixed> $args    WP_Query arguments.
	 * @param WP_REST_Request      $request Request.
	 * @return array<string, mixed>
	 */
	public function filter_rest_post_query( $args, $request ): array {
		$args = $this->with_meta_clause( (array) $args, $request, 'tmdb_id', 'NUMERIC' );
		return $this->with_meta_clause( $args, $request, 'tmu_key', 'CHAR' );
	}

	/**
	 * `?tmdb_file_path=` on the media collection.
	 *
	 * @param array<string, mixed> $args    WP_Query arguments.
	 * @param WP_REST_Request      $request Request.
	 * @return array<string, mixed>
	 */
	public function filter_rest_attachment_query( $args, $request ): array {
		return $this->with_meta_clause( (array) $args, $request, 'tmdb_file_path', 'CHAR' );
	}

	/**
	 * `?tmdb_id=` on the term collections.
	 *
	 * @param array<string, mixed> $args    get_terms() arguments.
	 * @param WP_REST_Request      $request Request.
	 * @return array<string, mixed>
	 */
	public function filter_rest_term_query( $args, $request ): array {
		return $this->with_meta_clause( (array) $args, $request, 'tmdb_id', 'NUMERIC' );
	}

	/**
	 * Adds one meta_query clause when the request carries the parameter.
	 *
	 * @param array<string, mixed> $args    Query arguments.
	 * @param mixed                $request Request.
	 * @param string               $key     Parameter and meta key.
	 * @param string               $type    Meta type for the comparison.
	 * @return array<string, mixed>
	 */
	private function with_meta_clause( array $args, $request, string $key, string $type ): array {
		if ( ! $request instanceof WP_REST_Request ) {
			return $args;
		}
		$value = $request->get_param( $key );
		if ( null === $value || '' === $value || is_array( $value ) ) {
			return $args;
		}
		$meta_query = isset( $args['meta_query'] ) && is_array( $args['meta_query'] ) ? $args['meta_query'] : array(); // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_query

		$meta_query[]       = array(
			'key'     => $key,
			'value'   => 'NUMERIC' === $type ? (int) $value : (string) $value,
			'compare' => '=',
			'type'    => $type,
		);
		$args['meta_query'] = $meta_query; // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_query
		return $args;
	}

	/**
	 * Slug rule on save_post.
	 *
	 * @param int|string   $post_id Post ID.
	 * @param WP_Post|null $post    Post.
	 */
	public function apply_slug_rule_on_save( $post_id, $post = null ): void {
		if ( $post instanceof WP_Post ) {
			$this->apply_slug_rule( $post );
		}
	}

	/**
	 * Slug rule after a REST insert or update (meta such as tmu_parent_id is written by then).
	 *
	 * @param WP_Post|mixed $post Post.
	 */
	public function apply_slug_rule_after_rest_insert( $post ): void {
		if ( ! $post instanceof WP_Post ) {
			return;
		}
		$fresh = get_post( $post->ID );
		if ( $fresh instanceof WP_Post ) {
			$this->apply_slug_rule( $fresh );
			// The REST controller builds its response from this object: keep it in step.
			$post->post_name = (string) get_post_field( 'post_name', $post->ID, 'raw' );
		}
	}

	/**
	 * The legacy slug rule: movie/tv/drama/people/video → "{ID}-{title}",
	 * season/episode/drama-episode → "{parent series ID}-{title}".
	 *
	 * @param WP_Post $post Post.
	 */
	public function apply_slug_rule( WP_Post $post ): void {
		if ( ! in_array( $post->post_type, self::POST_TYPES, true ) ) {
			return;
		}
		if ( wp_is_post_revision( $post ) || wp_is_post_autosave( $post ) ) {
			return;
		}
		if ( in_array( $post->post_status, array( 'auto-draft', 'trash', 'inherit' ), true ) ) {
			return;
		}
		$desired = $this->desired_slug( $post );
		if ( null === $desired ) {
			return;
		}
		$slug = wp_unique_post_slug( $desired, $post->ID, $post->post_status, $post->post_type, (int) $post->post_parent );
		if ( $slug === $post->post_name ) {
			return;
		}

		global $wpdb;
		// A direct update: wp_update_post() would fire save_post again.
		$wpdb->update( $wpdb->posts, array( 'post_name' => $slug ), array( 'ID' => $post->ID ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching
		clean_post_cache( $post->ID );
	}

	/**
	 * The slug a post should have, or null when it cannot be computed yet.
	 *
	 * @param WP_Post $post Post.
	 */
	public function desired_slug( WP_Post $post ): ?string {
		$title = sanitize_title( (string) $post->post_title );
		if ( '' === trim( (string) $post->post_title ) ) {
			return null;
		}
		if ( in_array( $post->post_type, self::CHILD_POST_TYPES, true ) ) {
			$prefix = (int) get_post_meta( $post->ID, 'tmu_parent_id', true );
			if ( $prefix < 1 ) {
				$prefix = (int) $post->post_parent;
			}
			if ( $prefix < 1 ) {
				return null;
			}
		} else {
			$prefix = (int) $post->ID;
		}
		return '' === $title ? (string) $prefix : $prefix . '-' . $title;
	}

	/**
	 * Post type definitions (legacy slugs).
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private function post_type_definitions(): array {
		return array(
			'movie'         => array(
				'labels'        => $this->post_type_labels( __( 'Movies', 'tmu-sidecar' ), __( 'Movie', 'tmu-sidecar' ) ),
				'supports'      => array( 'title', 'editor', 'thumbnail', 'comments' ),
				'hierarchical'  => false,
				'has_archive'   => true,
				'show_in_menu'  => true,
				'menu_position' => 5,
				'menu_icon'     => 'dashicons-editor-video',
			),
			'tv'            => array(
				'labels'        => $this->post_type_labels( __( 'TV Shows', 'tmu-sidecar' ), __( 'TV Show', 'tmu-sidecar' ) ),
				'supports'      => array( 'title', 'editor', 'thumbnail', 'comments' ),
				'hierarchical'  => false,
				'has_archive'   => true,
				'show_in_menu'  => true,
				'menu_position' => 4,
				'menu_icon'     => 'dashicons-welcome-view-site',
			),
			'season'        => array(
				'labels'        => $this->post_type_labels( __( 'Seasons', 'tmu-sidecar' ), __( 'Season', 'tmu-sidecar' ) ),
				'supports'      => array( 'title', 'editor', 'thumbnail' ),
				'hierarchical'  => false,
				'has_archive'   => false,
				'show_in_menu'  => 'edit.php?post_type=tv',
				'menu_position' => null,
				'menu_icon'     => null,
			),
			'episode'       => array(
				'labels'        => $this->post_type_labels( __( 'Episodes', 'tmu-sidecar' ), __( 'Episode', 'tmu-sidecar' ) ),
				'supports'      => array( 'title', 'thumbnail', 'comments' ),
				'hierarchical'  => true,
				'has_archive'   => true,
				'show_in_menu'  => 'edit.php?post_type=tv',
				'menu_position' => null,
				'menu_icon'     => null,
			),
			'drama'         => array(
				'labels'        => $this->post_type_labels( __( 'Dramas', 'tmu-sidecar' ), __( 'Drama', 'tmu-sidecar' ) ),
				'supports'      => array( 'title', 'editor', 'thumbnail', 'comments' ),
				'hierarchical'  => false,
				'has_archive'   => true,
				'show_in_menu'  => true,
				'menu_position' => 4,
				'menu_icon'     => 'dashicons-video-alt',
			),
			'drama-episode' => array(
				'labels'        => $this->post_type_labels( __( 'Drama Episodes', 'tmu-sidecar' ), __( 'Drama Episode', 'tmu-sidecar' ) ),
				'supports'      => array( 'title', 'thumbnail', 'comments' ),
				'hierarchical'  => true,
				'has_archive'   => true,
				'show_in_menu'  => 'edit.php?post_type=drama',
				'menu_position' => null,
				'menu_icon'     => null,
			),
			'people'        => array(
				'labels'        => $this->post_type_labels( __( 'People', 'tmu-sidecar' ), __( 'Person', 'tmu-sidecar' ) ),
				'supports'      => array( 'title', 'editor', 'thumbnail', 'comments' ),
				'hierarchical'  => false,
				'has_archive'   => true,
				'show_in_menu'  => true,
				'menu_position' => 6,
				'menu_icon'     => 'dashicons-groups',
			),
			'video'         => array(
				'labels'        => $this->post_type_labels( __( 'Videos', 'tmu-sidecar' ), __( 'Video', 'tmu-sidecar' ) ),
				'supports'      => array( 'title', 'thumbnail', 'comments' ),
				'hierarchical'  => false,
				'has_archive'   => true,
				'show_in_menu'  => true,
				'menu_position' => 7,
				'menu_icon'     => 'dashicons-format-video',
			),
		);
	}

	/**
	 * Taxonomy definitions (legacy slugs).
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private function taxonomy_definitions(): array {
		return array(
			'genre'       => array(
				'labels'       => $this->taxonomy_labels( __( 'Genres', 'tmu-sidecar' ), __( 'Genre', 'tmu-sidecar' ) ),
				'object_types' => array( 'movie', 'tv', 'drama' ),
			),
			'country'     => array(
				'labels'       => $this->taxonomy_labels( __( 'Countries', 'tmu-sidecar' ), __( 'Country', 'tmu-sidecar' ) ),
				'object_types' => array( 'tv', 'movie', 'drama' ),
			),
			'language'    => array(
				'labels'       => $this->taxonomy_labels( __( 'Languages', 'tmu-sidecar' ), __( 'Language', 'tmu-sidecar' ) ),
				'object_types' => array( 'tv', 'movie', 'drama' ),
			),
			'by-year'     => array(
				'labels'       => $this->taxonomy_labels( __( 'Years', 'tmu-sidecar' ), __( 'Year', 'tmu-sidecar' ) ),
				'object_types' => array( 'movie', 'tv', 'drama' ),
			),
			'keyword'     => array(
				'labels'       => $this->taxonomy_labels( __( 'Keywords', 'tmu-sidecar' ), __( 'Keyword', 'tmu-sidecar' ) ),
				'object_types' => array( 'tv', 'movie' ),
			),
			'network'     => array(
				'labels'       => $this->taxonomy_labels( __( 'Networks', 'tmu-sidecar' ), __( 'Network', 'tmu-sidecar' ) ),
				'object_types' => array( 'tv' ),
			),
			'channel'     => array(
				'labels'       => $this->taxonomy_labels( __( 'Channels', 'tmu-sidecar' ), __( 'Channel', 'tmu-sidecar' ) ),
				'object_types' => array( 'drama' ),
			),
			'nationality' => array(
				'labels'       => $this->taxonomy_labels( __( 'Nationalities', 'tmu-sidecar' ), __( 'Nationality', 'tmu-sidecar' ) ),
				'object_types' => array( 'people' ),
			),
		);
	}

	/**
	 * Post type labels.
	 *
	 * @param string $plural   Plural name.
	 * @param string $singular Singular name.
	 * @return array<string, string>
	 */
	private function post_type_labels( string $plural, string $singular ): array {
		return array(
			'name'               => $plural,
			'singular_name'      => $singular,
			'menu_name'          => $plural,
			'all_items'          => $plural,
			/* translators: %s: singular post type name. */
			'add_new_item'       => sprintf( __( 'Add New %s', 'tmu-sidecar' ), $singular ),
			/* translators: %s: singular post type name. */
			'edit_item'          => sprintf( __( 'Edit %s', 'tmu-sidecar' ), $singular ),
			/* translators: %s: singular post type name. */
			'new_item'           => sprintf( __( 'New %s', 'tmu-sidecar' ), $singular ),
			/* translators: %s: singular post type name. */
			'view_item'          => sprintf( __( 'View %s', 'tmu-sidecar' ), $singular ),
			/* translators: %s: plural post type name. */
			'search_items'       => sprintf( __( 'Search %s', 'tmu-sidecar' ), $plural ),
			/* translators: %s: plural post type name. */
			'not_found'          => sprintf( __( 'No %s found.', 'tmu-sidecar' ), $plural ),
			/* translators: %s: plural post type name. */
			'not_found_in_trash' => sprintf( __( 'No %s found in Trash.', 'tmu-sidecar' ), $plural ),
		);
	}

	/**
	 * Taxonomy labels.
	 *
	 * @param string $plural   Plural name.
	 * @param string $singular Singular name.
	 * @return array<string, string>
	 */
	private function taxonomy_labels( string $plural, string $singular ): array {
		return array(
			'name'          => $plural,
			'singular_name' => $singular,
			'menu_name'     => $plural,
			/* translators: %s: plural taxonomy name. */
			'search_items'  => sprintf( __( 'Search %s', 'tmu-sidecar' ), $plural ),
			/* translators: %s: plural taxonomy name. */
			'all_items'     => sprintf( __( 'All %s', 'tmu-sidecar' ), $plural ),
			/* translators: %s: singular taxonomy name. */
			'edit_item'     => sprintf( __( 'Edit %s', 'tmu-sidecar' ), $singular ),
			/* translators: %s: singular taxonomy name. */
			'add_new_item'  => sprintf( __( 'Add New %s', 'tmu-sidecar' ), $singular ),
			/* translators: %s: plural taxonomy name. */
			'not_found'     => sprintf( __( 'No %s found.', 'tmu-sidecar' ), $plural ),
		);
	}
}
