<?php
/**
 * Server-rendered blocks that show a synced title's data in any theme.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Registers the blocks from their block.json (blocks/<name>/) and renders them: each reads its post's data
 * from Title_Data and hands it to a view. A block shows nothing for a post the visitor may not read, a
 * password-protected post, a post that is not a TMU post, or a title without the data it shows.
 */
final class Blocks {

	/** blocks/editor.js: the editor side of every block. */
	public const EDITOR_SCRIPT = 'tmu-sidecar-blocks-editor';

	/** blocks/style.css: front end and editor. */
	public const STYLE = 'tmu-sidecar-blocks';

	/** Block namespace. */
	public const PREFIX = 'tmu-sidecar/';

	/** Block name (without the namespace) → the view that renders it. */
	private const VIEWS = array(
		'details'     => 'title',
		'cast'        => 'title',
		'crew'        => 'title',
		'seasons'     => 'title',
		'trailer'     => 'media',
		'gallery'     => 'media',
		'filmography' => 'media',
		'watch'       => 'media',
	);

	/**
	 * Details, cast, crew, seasons.
	 *
	 * @var Block_Title_Views
	 */
	private Block_Title_Views $title_views;

	/**
	 * Trailer, gallery, filmography, where to watch.
	 *
	 * @var Block_Media_Views
	 */
	private Block_Media_Views $media_views;

	/**
	 * Title data by post id, for this request: a page's blocks share one read.
	 *
	 * @var array<int, array<string, mixed>|null>
	 */
	private array $data = array();

	/**
	 * Constructor.
	 *
	 * @param Block_Title_Views $title_views Details, cast, crew, seasons.
	 * @param Block_Media_Views $media_views Trailer, gallery, filmography, where to watch.
	 */
	public function __construct( Block_Title_Views $title_views, Block_Media_Views $media_views ) {
		$this->title_views = $title_views;
		$this->media_views = $media_views;
	}

	/**
	 * Block names with their namespace.
	 *
	 * @return string[]
	 */
	public static function names(): array {
		return array_map(
			static fn( string $name ): string => self::PREFIX . $name,
			array_keys( self::VIEWS )
		);
	}

	/**
	 * Registers the editor script, the style and the blocks (init).
	 */
	public function register(): void {
		$dir = dirname( PLUGIN_FILE ) . '/blocks';
		wp_register_script(
			self::EDITOR_SCRIPT,
			plugins_url( 'blocks/editor.js', PLUGIN_FILE ),
			array( 'wp-blocks', 'wp-element', 'wp-block-editor', 'wp-components', 'wp-i18n', 'wp-server-side-render' ),
			VERSION,
			true
		);
		wp_set_script_translations( self::EDITOR_SCRIPT, 'tmu-sidecar', dirname( PLUGIN_FILE ) . '/languages' );
		wp_register_style( self::STYLE, plugins_url( 'blocks/style.css', PLUGIN_FILE ), array(), VERSION );
		foreach ( array_keys( self::VIEWS ) as $name ) {
			register_block_type(
				$dir . '/' . $name,
				array(
					'render_callback' => function ( array $attributes, string $content, \WP_Block $block ) use ( $name ): string {
						return $this->render( $name, $attributes, $block );
					},
				)
			);
		}
	}

	/**
	 * One block's HTML, or '' when it has nothing to show.
	 *
	 * @param string               $name       Block name without the namespace.
	 * @param array<string, mixed> $attributes Block attributes.
	 * @param \WP_Block            $block      The block (its context holds the post of a template).
	 */
	public function render( string $name, array $attributes, \WP_Block $block ): string {
		$post = $this->visible_post( $attributes, $block );
		if ( null === $post ) {
			return '';
		}
		$data = $this->data_for( $post->ID );
		if ( null === $data ) {
			return '';
		}
		$limit    = isset( $attributes['limit'] ) ? max( 0, (int) $attributes['limit'] ) : 0;
		$views    = 'title' === self::VIEWS[ $name ] ? $this->title_views : $this->media_views;
		$heading  = wp_unique_id( 'tmu-' . $name . '-' );
		$inner    = $views->render( $name, $data, $post, $limit, $heading );
		if ( '' === $inner ) {
			return '';
		}
		$wrapper = get_block_wrapper_attributes(
			array(
				'class'           => 'tmu-block tmu-' . $name,
				'aria-labelledby' => $heading,
			)
		);
		return sprintf( '<section %1$s>%2$s</section>', $wrapper, $inner );
	}

	/**
	 * The block's post when the current visitor may see it: the postId attribute, else the post of the
	 * template or loop, else the current post.
	 *
	 * @param array<string, mixed> $attributes Block attributes.
	 * @param \WP_Block            $block      The block.
	 */
	private function visible_post( array $attributes, \WP_Block $block ): ?\WP_Post {
		$post_id = isset( $attributes['postId'] ) ? (int) $attributes['postId'] : 0;
		if ( $post_id <= 0 ) {
			$post_id = isset( $block->context['postId'] ) ? (int) $block->context['postId'] : (int) get_the_ID();
		}
		$post = $post_id > 0 ? get_post( $post_id ) : null;
		if ( ! $post instanceof \WP_Post || ! in_array( $post->post_type, Content_Types::POST_TYPES, true ) ) {
			return null;
		}
		if ( post_password_required( $post ) ) {
			return null;
		}
		if ( ! is_post_publicly_viewable( $post ) && ! current_user_can( 'read_post', $post->ID ) ) {
			return null;
		}
		return $post;
	}

	/**
	 * The post's title data, read once per request.
	 *
	 * @param int $post_id Post id.
	 * @return array<string, mixed>|null
	 */
	private function data_for( int $post_id ): ?array {
		if ( ! array_key_exists( $post_id, $this->data ) ) {
			$this->data[ $post_id ] = class_exists( Title_Data::class ) ? Title_Data::for_post( $post_id ) : null;
		}
		return $this->data[ $post_id ];
	}
}
