<?php
/**
 * [tmu_list slug="..." limit="12"]: a curated list as an accessible poster list.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Renders a list from the database (never the sidecar): a <ul role="list"> labelled with the list's
 * title, one link per title with its poster (alt text), name and year. The markup carries BEM classes
 * and data attributes so a theme can turn it into a carousel.
 */
final class Lists_Shortcode {

	public const TAG = 'tmu_list';

	public const STYLE = 'tmu-sidecar-lists';

	/** Default and maximum number of titles shown. */
	private const DEFAULT_LIMIT = 12;
	private const MAX_LIMIT     = 100;

	/**
	 * Lists table reader.
	 *
	 * @var Lists_Repository
	 */
	private Lists_Repository $lists;

	/**
	 * How many lists this page rendered, for unique element ids.
	 *
	 * @var int
	 */
	private int $instances = 0;

	/**
	 * Constructor.
	 *
	 * @param Lists_Repository $lists Lists table reader.
	 */
	public function __construct( Lists_Repository $lists ) {
		$this->lists = $lists;
	}

	/**
	 * Registers the shortcode and its stylesheet (init).
	 */
	public function register(): void {
		add_shortcode( self::TAG, array( $this, 'render' ) );
		wp_register_style( self::STYLE, plugins_url( 'assets/css/lists.css', PLUGIN_FILE ), array(), VERSION );
	}

	/**
	 * The shortcode's HTML.
	 *
	 * Attributes: slug (required), limit (default 12), heading ("yes" shows the list title as a heading).
	 *
	 * @param mixed $atts Attributes.
	 */
	public function render( $atts ): string {
		$atts  = shortcode_atts(
			array(
				'slug'    => '',
				'limit'   => (string) self::DEFAULT_LIMIT,
				'heading' => 'no',
			),
			is_array( $atts ) ? $atts : array(),
			self::TAG
		);
		$slug  = sanitize_title( (string) $atts['slug'] );
		$limit = min( self::MAX_LIMIT, max( 1, absint( $atts['limit'] ) ) );
		$list  = '' !== $slug && $this->lists->tables_exist() ? $this->lists->find_by_slug( $slug ) : null;
		if ( null === $list ) {
			return $this->notice_for_editors(
				/* translators: %s: list slug. */
				sprintf( __( 'No curated list "%s" (this note is only shown to editors).', 'tmu-sidecar' ), rawurldecode( $slug ) )
			);
		}
		$items = $this->lists->items( (int) $list['id'], $limit );
		if ( array() === $items ) {
			return $this->notice_for_editors( __( 'This curated list has no published titles yet (this note is only shown to editors).', 'tmu-sidecar' ) );
		}
		wp_enqueue_style( self::STYLE );
		$this->instances++;
		$title    = '' !== trim( (string) $list['title'] ) ? (string) $list['title'] : $slug;
		$heading  = 'yes' === strtolower( (string) $atts['heading'] );
		// The id, not the slug: a slug in another script is percent-encoded, not a tidy id.
		$label_id = 'tmu-list-' . (int) $list['id'] . '-' . $this->instances;

		$html  = sprintf( '<section class="tmu-list" data-tmu-list="%s">', esc_attr( $slug ) );
		$html .= $heading ? sprintf( '<h2 class="tmu-list__title" id="%1$s">%2$s</h2>', esc_attr( $label_id ), esc_html( $title ) ) : '';
		$html .= $heading
			? sprintf( '<ul class="tmu-list__items" role="list" aria-labelledby="%s">', esc_attr( $label_id ) )
			: sprintf( '<ul class="tmu-list__items" role="list" aria-label="%s">', esc_attr( $title ) );
		foreach ( $items as $item ) {
			$html .= $this->render_item( $item );
		}
		return $html . '</ul></section>';
	}

	/**
	 * One <li>: link, poster (or a text placeholder), name and year.
	 *
	 * @param array<string, mixed> $item Item from the repository.
	 */
	private function render_item( array $item ): string {
		$title = (string) $item['title'];
		/* translators: %s: title of a movie or show. */
		$alt    = sprintf( __( 'Poster of %s', 'tmu-sidecar' ), $title );
		$poster = $item['thumbnail_id'] ? wp_get_attachment_image(
			(int) $item['thumbnail_id'],
			'medium',
			false,
			array(
				'class'    => 'tmu-list__poster',
				'alt'      => $alt,
				'loading'  => 'lazy',
				'decoding' => 'async',
			)
		) : '';
		if ( '' === $poster ) {
			$poster = sprintf( '<span class="tmu-list__poster tmu-list__poster--none" aria-hidden="true">%s</span>', esc_html( mb_substr( $title, 0, 1 ) ) );
		}
		$year = null !== $item['year'] ? sprintf( ' <span class="tmu-list__year">%s</span>', esc_html( (string) $item['year'] ) ) : '';
		return sprintf(
			'<li class="tmu-list__item" data-tmdb-id="%1$s" data-type="%2$s"><a class="tmu-list__link" href="%3$s">%4$s<span class="tmu-list__name">%5$s</span>%6$s</a></li>',
			esc_attr( (string) $item['tmdb_id'] ),
			esc_attr( (string) $item['type'] ),
			esc_url( (string) $item['permalink'] ),
			$poster,
			esc_html( $title ),
			$year
		);
	}

	/**
	 * A note for people who can fix it; nothing for visitors.
	 *
	 * @param string $message Message.
	 */
	private function notice_for_editors( string $message ): string {
		return current_user_can( 'edit_posts' ) ? '<p class="tmu-list__notice">' . esc_html( $message ) . '</p>' : '';
	}
}
