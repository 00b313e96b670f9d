<?php
/**
 * Post types and taxonomies of the legacy TMU theme (meta: Content_Meta; slugs: Slug_Rule).
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

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
	public const OWN_META_KEYS = array( 'tmdb_id', 'tmu_key', 'tmu_parent_id', 'tmu_last_synced_at', 'tmu_last_failed_at', 'tmu_last_error', 'tmu_skipped_images', 'tmdb_file_path' );

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
	 * Featured images for the plugin's post types, whatever the theme: syncs set
	 * the poster as the featured image, and editors must see it. Adds to what the
	 * theme declared; a theme that supports every post type is left as it is.
	 */
	public function add_thumbnail_support(): void {
		add_theme_support( 'post-thumbnails', self::POST_TYPES );
	}

	/**
	 * Registers the eight taxonomies (init).
	 */
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
	 * Post type definitions (legacy slugs): top-level types first, then the ones under a parent's menu.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private function post_type_definitions(): array {
		$full  = array( 'title', 'editor', 'thumbnail', 'comments' );
		$short = array( 'title', 'thumbnail', 'comments' );
		return array(
			'movie'         => $this->post_type( __( 'Movies', 'tmu-sidecar' ), __( 'Movie', 'tmu-sidecar' ), $full, true, 5, 'dashicons-editor-video' ),
			'tv'            => $this->post_type( __( 'TV Shows', 'tmu-sidecar' ), __( 'TV Show', 'tmu-sidecar' ), $full, true, 4, 'dashicons-welcome-view-site' ),
			'season'        => array_merge(
				$this->post_type( __( 'Seasons', 'tmu-sidecar' ), __( 'Season', 'tmu-sidecar' ), array( 'title', 'editor', 'thumbnail' ), 'edit.php?post_type=tv' ),
				array( 'has_archive' => false )
			),
			'episode'       => array_merge(
				$this->post_type( __( 'Episodes', 'tmu-sidecar' ), __( 'Episode', 'tmu-sidecar' ), $short, 'edit.php?post_type=tv' ),
				array( 'hierarchical' => true )
			),
			'drama'         => $this->post_type( __( 'Dramas', 'tmu-sidecar' ), __( 'Drama', 'tmu-sidecar' ), $full, true, 4, 'dashicons-video-alt' ),
			'drama-episode' => array_merge(
				$this->post_type( __( 'Drama Episodes', 'tmu-sidecar' ), __( 'Drama Episode', 'tmu-sidecar' ), $short, 'edit.php?post_type=drama' ),
				array( 'hierarchical' => true )
			),
			'people'        => $this->post_type( __( 'People', 'tmu-sidecar' ), __( 'Person', 'tmu-sidecar' ), $full, true, 6, 'dashicons-groups' ),
			'video'         => $this->post_type( __( 'Videos', 'tmu-sidecar' ), __( 'Video', 'tmu-sidecar' ), $short, true, 7, 'dashicons-format-video' ),
		);
	}

	/**
	 * One post type definition: not hierarchical, with an archive unless changed by the caller.
	 *
	 * @param string      $plural        Plural name.
	 * @param string      $singular      Singular name.
	 * @param string[]    $supports      Editor features.
	 * @param bool|string $show_in_menu  True, or the parent menu's file.
	 * @param int|null    $menu_position Menu position of a top-level type.
	 * @param string|null $menu_icon     Dashicon of a top-level type.
	 * @return array<string, mixed>
	 */
	private function post_type( string $plural, string $singular, array $supports, $show_in_menu, ?int $menu_position = null, ?string $menu_icon = null ): array {
		return array(
			'labels'        => $this->post_type_labels( $plural, $singular ),
			'supports'      => $supports,
			'hierarchical'  => false,
			'has_archive'   => true,
			'show_in_menu'  => $show_in_menu,
			'menu_position' => $menu_position,
			'menu_icon'     => $menu_icon,
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
