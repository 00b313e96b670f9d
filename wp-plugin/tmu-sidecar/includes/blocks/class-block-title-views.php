<?php
/**
 * Block views of a title's facts and people: details, cast, crew, seasons and episodes.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Each view returns the inside of the block's section ('' when the data has nothing to show); every
 * text and URL is escaped here, as it is printed.
 */
final class Block_Title_Views {

	/** Portrait sizes, best first: small files for a grid of faces. */
	private const PORTRAIT_SIZES = array( 'medium', 'w185', 'thumbnail', 'w342', 'large', 'original', 'full' );

	/**
	 * The block's HTML.
	 *
	 * @param string               $name    details, cast, crew or seasons.
	 * @param array<string, mixed> $data    Title_Data::for_post() shape.
	 * @param \WP_Post             $post    The post shown.
	 * @param int                  $limit   Items shown, 0 for all.
	 * @param string               $heading Id of the heading.
	 */
	public function render( string $name, array $data, \WP_Post $post, int $limit, string $heading ): string {
		switch ( $name ) {
			case 'details':
				return $this->details( $data, $post, $heading );
			case 'cast':
				return $this->people( Block_Fields::limit( Block_Fields::items( $data, 'cast' ), $limit ), 'character', __( 'Cast', 'tmu-sidecar' ), $heading );
			case 'crew':
				return $this->people( Block_Fields::limit( Block_Fields::items( $data, 'crew' ), $limit ), 'job', __( 'Crew', 'tmu-sidecar' ), $heading );
			case 'seasons':
				return $this->seasons( $data, $heading );
		}
		return '';
	}

	/**
	 * A <dl> of the facts the data has: episode name, runtime, dates, certification, rating, terms, links.
	 *
	 * @param array<string, mixed> $data    Data.
	 * @param \WP_Post             $post    The post shown.
	 * @param string               $heading Heading id.
	 */
	private function details( array $data, \WP_Post $post, string $heading ): string {
		$rows = array();
		$name = Block_Fields::text( $data, 'name' );
		if ( '' !== $name && in_array( $post->post_type, array( 'episode', 'drama-episode', 'season' ), true ) ) {
			$rows[ __( 'Name', 'tmu-sidecar' ) ] = sprintf( '<span class="tmu-details__name">%s</span>', esc_html( $name ) );
		}
		$rows[ __( 'Tagline', 'tmu-sidecar' ) ]   = esc_html( Block_Fields::text( $data, 'tagline' ) );
		$rows[ __( 'Known for', 'tmu-sidecar' ) ] = esc_html( Block_Fields::text( $data, 'known_for_department' ) );
		$rows[ __( 'Born', 'tmu-sidecar' ) ]      = $this->born( $data );
		$rows[ __( 'Died', 'tmu-sidecar' ) ]      = Block_Fields::date( Block_Fields::text( $data, 'deathday' ) );
		$runtime                                   = Block_Fields::int( $data, 'runtime' );
		if ( null !== $runtime && $runtime > 0 ) {
			/* translators: %s: a runtime in minutes. */
			$rows[ __( 'Runtime', 'tmu-sidecar' ) ] = esc_html( sprintf( _n( '%s minute', '%s minutes', $runtime, 'tmu-sidecar' ), number_format_i18n( $runtime ) ) );
		}
		$rows[ __( 'Release date', 'tmu-sidecar' ) ]  = Block_Fields::date( Block_Fields::text( $data, 'release_date' ) );
		$rows[ __( 'Air date', 'tmu-sidecar' ) ]      = Block_Fields::date( Block_Fields::text( $data, 'air_date' ) );
		$rows[ __( 'Certification', 'tmu-sidecar' ) ] = esc_html( Block_Fields::text( $data, 'certification' ) );
		$rows[ __( 'Rating', 'tmu-sidecar' ) ]        = $this->rating( $data['rating'] ?? null );
		$rows[ __( 'Genres', 'tmu-sidecar' ) ]        = Block_Fields::terms( $data['genres'] ?? null );
		$rows[ __( 'Countries', 'tmu-sidecar' ) ]     = Block_Fields::terms( $data['countries'] ?? null );
		$rows[ __( 'Networks', 'tmu-sidecar' ) ]      = Block_Fields::terms( $data['networks'] ?? null );
		$rows[ __( 'Channels', 'tmu-sidecar' ) ]      = Block_Fields::terms( $data['channels'] ?? null );
		$rows[ __( 'Series', 'tmu-sidecar' ) ]        = $this->link_to( $data['series'] ?? null );
		$rows[ __( 'Season', 'tmu-sidecar' ) ]        = $this->link_to( $data['season'] ?? null );

		$html = '';
		foreach ( $rows as $label => $value ) {
			if ( '' !== $value ) {
				$html .= sprintf( '<dt>%1$s</dt><dd>%2$s</dd>', esc_html( $label ), $value );
			}
		}
		$overview = $this->overview( $data, $post );
		if ( '' === $html && '' === $overview ) {
			return '';
		}
		$list = '' === $html ? '' : '<dl class="tmu-details__list">' . $html . '</dl>';
		return Block_Fields::heading( $heading, __( 'Details', 'tmu-sidecar' ) ) . $list . $overview;
	}

	/**
	 * A person's birthday and birthplace.
	 *
	 * @param array<string, mixed> $data Data.
	 */
	private function born( array $data ): string {
		$parts = array_filter(
			array(
				Block_Fields::date( Block_Fields::text( $data, 'birthday' ) ),
				esc_html( Block_Fields::text( $data, 'birthplace' ) ),
			)
		);
		/* translators: separator between a birthday and a birthplace. */
		return implode( esc_html__( ', ', 'tmu-sidecar' ), $parts );
	}

	/**
	 * An episode's or season's overview, when the post's own text does not already show it.
	 *
	 * @param array<string, mixed> $data Data.
	 * @param \WP_Post             $post The post shown.
	 */
	private function overview( array $data, \WP_Post $post ): string {
		$overview = Block_Fields::text( $data, 'overview' );
		if ( '' === $overview || '' !== trim( $post->post_content ) || ! in_array( $post->post_type, array( 'episode', 'drama-episode', 'season' ), true ) ) {
			return '';
		}
		return sprintf( '<p class="tmu-details__overview">%s</p>', esc_html( $overview ) );
	}

	/**
	 * "8.4 / 10 (26,280 votes)".
	 *
	 * @param mixed $rating {average, count}.
	 */
	private function rating( $rating ): string {
		if ( ! is_array( $rating ) || ! is_numeric( $rating['average'] ?? null ) || (float) $rating['average'] <= 0 ) {
			return '';
		}
		$count = is_numeric( $rating['count'] ?? null ) ? (int) $rating['count'] : 0;
		/* translators: %s: average rating out of 10. */
		$text = sprintf( __( '%s / 10', 'tmu-sidecar' ), number_format_i18n( (float) $rating['average'], 1 ) );
		if ( $count > 0 ) {
			/* translators: %s: number of votes. */
			$text .= ' ' . sprintf( _n( '(%s vote)', '(%s votes)', $count, 'tmu-sidecar' ), number_format_i18n( $count ) );
		}
		return esc_html( $text );
	}

	/**
	 * A link to a related post given as {name|title, link}.
	 *
	 * @param mixed $item Item.
	 */
	private function link_to( $item ): string {
		if ( ! is_array( $item ) ) {
			return '';
		}
		$text = Block_Fields::text( $item, 'name' );
		$text = '' !== $text ? $text : Block_Fields::text( $item, 'title' );
		return '' === $text ? '' : Block_Fields::linked( $text, Block_Fields::text( $item, 'link' ) );
	}

	/**
	 * A grid of people: portrait, name (linked to their page when it is public) and role.
	 *
	 * @param array<int, array<string, mixed>> $people People.
	 * @param string                           $role   character or job.
	 * @param string                           $title  Heading.
	 * @param string                           $heading Heading id.
	 */
	private function people( array $people, string $role, string $title, string $heading ): string {
		$html = '';
		foreach ( $people as $person ) {
			$name = Block_Fields::text( $person, 'name' );
			if ( '' === $name ) {
				continue;
			}
			$url      = Block_Fields::url( Block_Fields::image_url( $person['profile'] ?? null, self::PORTRAIT_SIZES ) );
			$portrait = '' === $url
				? '<span class="tmu-person__no-portrait" aria-hidden="true"></span>'
				// The name is next to the portrait: alt="" keeps screen readers from reading it twice.
				: sprintf( '<img class="tmu-person__portrait" src="%s" alt="" loading="lazy" decoding="async" />', $url );
			$inner    = $portrait . sprintf( '<span class="tmu-person__name">%s</span>', esc_html( $name ) );
			$link     = Block_Fields::url( Block_Fields::text( $person, 'link' ) );
			$inner    = '' === $link ? $inner : sprintf( '<a class="tmu-person__link" href="%1$s">%2$s</a>', $link, $inner );
			$what     = Block_Fields::text( $person, $role );
			$html    .= sprintf(
				'<li class="tmu-person">%1$s%2$s</li>',
				$inner,
				'' === $what ? '' : sprintf( '<span class="tmu-person__role">%s</span>', esc_html( $what ) )
			);
		}
		if ( '' === $html ) {
			return '';
		}
		return Block_Fields::heading( $heading, $title ) . '<ul class="tmu-people" role="list">' . $html . '</ul>';
	}

	/**
	 * A show's seasons, each with its episodes; or a season's episodes.
	 *
	 * @param array<string, mixed> $data    Data.
	 * @param string               $heading Heading id.
	 */
	private function seasons( array $data, string $heading ): string {
		$seasons = Block_Fields::items( $data, 'seasons' );
		if ( array() === $seasons ) {
			$episodes = $this->episodes( Block_Fields::items( $data, 'episodes' ) );
			return '' === $episodes ? '' : Block_Fields::heading( $heading, __( 'Episodes', 'tmu-sidecar' ) ) . $episodes;
		}
		$html = '';
		foreach ( $seasons as $season ) {
			$number = Block_Fields::int( $season, 'number' );
			$name   = Block_Fields::text( $season, 'name' );
			/* translators: %s: season number. */
			$name     = '' !== $name ? $name : sprintf( __( 'Season %s', 'tmu-sidecar' ), number_format_i18n( (int) $number ) );
			$episodes = Block_Fields::items( $season, 'episodes' );
			$count    = array() === $episodes ? '' : sprintf(
				' <span class="tmu-seasons__count">%s</span>',
				/* translators: %s: number of episodes. */
				esc_html( sprintf( _n( '(%s episode)', '(%s episodes)', count( $episodes ), 'tmu-sidecar' ), number_format_i18n( count( $episodes ) ) ) )
			);
			$title = sprintf( '<span class="tmu-seasons__name">%s</span>%s', Block_Fields::linked( $name, Block_Fields::text( $season, 'link' ) ), $count );
			$html .= array() === $episodes
				? sprintf( '<li class="tmu-seasons__season">%s</li>', $title )
				: sprintf( '<li class="tmu-seasons__season"><details><summary>%1$s</summary>%2$s</details></li>', $title, $this->episodes( $episodes ) );
		}
		return Block_Fields::heading( $heading, __( 'Seasons', 'tmu-sidecar' ) ) . '<ol class="tmu-seasons__list" role="list">' . $html . '</ol>';
	}

	/**
	 * An ordered list of episodes: number, name (linked), air date.
	 *
	 * @param array<int, array<string, mixed>> $episodes Episodes.
	 */
	private function episodes( array $episodes ): string {
		$html = '';
		foreach ( $episodes as $episode ) {
			$number = Block_Fields::int( $episode, 'number' );
			$name   = Block_Fields::text( $episode, 'name' );
			/* translators: %s: episode number. */
			$name  = '' !== $name ? $name : sprintf( __( 'Episode %s', 'tmu-sidecar' ), number_format_i18n( (int) $number ) );
			$date  = Block_Fields::date( Block_Fields::text( $episode, 'air_date' ) );
			$html .= sprintf(
				'<li class="tmu-episodes__episode">%1$s%2$s%3$s</li>',
				null === $number ? '' : sprintf( '<span class="tmu-episodes__number">%s</span>', esc_html( number_format_i18n( $number ) ) ),
				Block_Fields::linked( $name, Block_Fields::text( $episode, 'link' ), 'tmu-episodes__name' ),
				'' === $date ? '' : sprintf( '<span class="tmu-episodes__date">%s</span>', $date )
			);
		}
		return '' === $html ? '' : '<ol class="tmu-episodes" role="list">' . $html . '</ol>';
	}
}
