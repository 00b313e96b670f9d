<?php
/**
 * Single templates for the TMU post types when the active theme has none.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Block themes get a block template per post type (single-movie, single-tv, ...) made of the title,
 * the featured image, the content and the plugin's blocks; the theme's own single-<type>.html, or a
 * version saved in the site editor, wins. Classic themes without a single-<type>.php get the blocks'
 * output after the post's content.
 */
final class Templates {

	/** Post type → the blocks its single page shows, in order (post content goes after the details). */
	private const BLOCKS = array(
		'movie'         => array( 'details', 'trailer', 'cast', 'crew', 'gallery', 'watch' ),
		'tv'            => array( 'details', 'trailer', 'seasons', 'cast', 'crew', 'gallery', 'watch' ),
		'drama'         => array( 'details', 'trailer', 'seasons', 'cast', 'crew', 'gallery', 'watch' ),
		'season'        => array( 'details', 'seasons', 'cast', 'crew' ),
		'episode'       => array( 'details', 'cast', 'crew' ),
		'drama-episode' => array( 'details', 'cast', 'crew' ),
		'people'        => array( 'details', 'filmography', 'gallery' ),
		'video'         => array( 'trailer' ),
	);

	/**
	 * Adds the plugin's templates the theme lacks to a template query (get_block_templates).
	 *
	 * @param mixed               $templates     WP_Block_Template[] found so far.
	 * @param array<string, mixed> $query         Query: slug__in, wp_id, post_type, ...
	 * @param string              $template_type wp_template or wp_template_part.
	 * @return mixed
	 */
	public function add_block_templates( $templates, array $query, string $template_type ) {
		// wp_id asks for one saved template; post_type asks for custom templates a post can pick.
		if ( ! is_array( $templates ) || 'wp_template' !== $template_type || ! wp_is_block_theme() || isset( $query['wp_id'] ) || ! empty( $query['post_type'] ) ) {
			return $templates;
		}
		$have = wp_list_pluck( $templates, 'slug' );
		foreach ( array_keys( self::BLOCKS ) as $post_type ) {
			$slug = 'single-' . $post_type;
			if ( in_array( $slug, $have, true ) ) {
				continue;
			}
			if ( isset( $query['slug__in'] ) && ! in_array( $slug, (array) $query['slug__in'], true ) ) {
				continue;
			}
			$templates[] = $this->template( $post_type );
		}
		return $templates;
	}

	/**
	 * The plugin's template for an id ("<theme>//single-movie") the theme has no file for
	 * (get_block_file_template), so the site editor and REST can open it.
	 *
	 * @param mixed  $template      WP_Block_Template or null.
	 * @param string $id            Template id.
	 * @param string $template_type wp_template or wp_template_part.
	 * @return mixed
	 */
	public function block_file_template( $template, string $id, string $template_type ) {
		if ( null !== $template || 'wp_template' !== $template_type || ! wp_is_block_theme() ) {
			return $template;
		}
		$parts = explode( '//', $id, 2 );
		if ( 2 !== count( $parts ) || get_stylesheet() !== $parts[0] || 0 !== strpos( $parts[1], 'single-' ) ) {
			return $template;
		}
		$post_type = substr( $parts[1], strlen( 'single-' ) );
		return isset( self::BLOCKS[ $post_type ] ) ? $this->template( $post_type ) : $template;
	}

	/**
	 * Classic themes: the blocks' output after the content of a TMU post's own page (the_content).
	 *
	 * @param mixed $content Filtered content.
	 */
	public function append_to_content( $content ): string {
		$content = (string) $content;
		if ( wp_is_block_theme() || ! is_singular( array_keys( self::BLOCKS ) ) || ! in_the_loop() || ! is_main_query() ) {
			return $content;
		}
		$post = get_post();
		if ( ! $post instanceof \WP_Post || (int) $post->ID !== (int) get_queried_object_id() ) {
			return $content;
		}
		// The theme's own single-<type>.php shows what it wants; blocks placed by hand are not repeated.
		if ( '' !== locate_template( array( 'single-' . $post->post_type . '.php' ) ) || false !== strpos( $post->post_content, '<!-- wp:' . Blocks::PREFIX ) ) {
			return $content;
		}
		return $content . do_blocks( $this->blocks_markup( $post->post_type ) );
	}

	/**
	 * Block markup of a post type's blocks.
	 *
	 * @param string $post_type Post type.
	 */
	public function blocks_markup( string $post_type ): string {
		return $this->markup_of( self::BLOCKS[ $post_type ] ?? array() );
	}

	/**
	 * The template object of a post type.
	 *
	 * @param string $post_type Post type.
	 */
	private function template( string $post_type ): \WP_Block_Template {
		$object   = get_post_type_object( $post_type );
		$label    = $object ? (string) $object->labels->singular_name : $post_type;
		$template = new \WP_Block_Template();

		$template->type           = 'wp_template';
		$template->theme          = get_stylesheet();
		$template->slug           = 'single-' . $post_type;
		$template->id             = $template->theme . '//' . $template->slug;
		/* translators: %s: post type name, e.g. Movie. */
		$template->title          = sprintf( __( 'Single %s (TMU Sidecar)', 'tmu-sidecar' ), $label );
		/* translators: %s: post type name, e.g. Movie. */
		$template->description    = sprintf( __( 'A %s with its synced TMDb data. Edit it here to change every such page.', 'tmu-sidecar' ), $label );
		$template->content        = $this->template_markup( $post_type );
		$template->source         = 'plugin';
		$template->origin         = 'plugin';
		$template->status         = 'publish';
		$template->has_theme_file = false;
		$template->is_custom      = false;
		$template->author         = null;
		return $template;
	}

	/**
	 * Header, title, featured image, the post type's blocks around the content, footer.
	 *
	 * @param string $post_type Post type.
	 */
	private function template_markup( string $post_type ): string {
		$blocks = self::BLOCKS[ $post_type ];
		$first  = array_slice( $blocks, 0, 1 );
		$rest   = array_slice( $blocks, 1 );
		$inner  = '<!-- wp:post-title {"level":1} /-->' . "\n"
			. '<!-- wp:post-featured-image {"width":"320px"} /-->' . "\n"
			. $this->markup_of( $first )
			. '<!-- wp:post-content {"layout":{"type":"constrained"}} /-->' . "\n"
			. $this->markup_of( $rest );
		// A template part renders only with its theme named, as WordPress adds it to a theme's own files.
		$part = static fn( string $slug ): string => '<!-- wp:template-part ' . wp_json_encode(
			array(
				'slug'    => $slug,
				'theme'   => get_stylesheet(),
				'tagName' => $slug,
			)
		) . ' /-->' . "\n";
		return $part( 'header' )
			. '<!-- wp:group {"tagName":"main","layout":{"type":"constrained"}} -->' . "\n"
			. '<main class="wp-block-group">' . "\n" . $inner . '</main>' . "\n"
			. '<!-- /wp:group -->' . "\n"
			. $part( 'footer' );
	}

	/**
	 * Block markup of some of the plugin's blocks.
	 *
	 * @param string[] $names Block names without the namespace.
	 */
	private function markup_of( array $names ): string {
		$markup = '';
		foreach ( $names as $name ) {
			$markup .= '<!-- wp:' . Blocks::PREFIX . $name . ' /-->' . "\n";
		}
		return $markup;
	}
}
