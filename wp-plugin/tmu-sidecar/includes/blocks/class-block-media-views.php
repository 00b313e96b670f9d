<?php
/**
 * Block views of a title's media and links: trailer, gallery, filmography, where to watch.
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
final class Block_Media_Views {

	/** What a YouTube video key is made of. */
	private const YOUTUBE_KEY = '/^[A-Za-z0-9_-]{6,32}$/';

	/** A Vimeo video id. */
	private const VIMEO_KEY = '/^[0-9]{1,20}$/';

	/** Gallery sizes, best first. */
	private const GALLERY_SIZES = array( 'medium', 'w300', 'w342', 'medium_large', 'large', 'thumbnail', 'original', 'full' );

	/**
	 * The block's HTML.
	 *
	 * @param string               $name    trailer, gallery, filmography or watch.
	 * @param array<string, mixed> $data    Title_Data::for_post() shape.
	 * @param \WP_Post             $post    The post shown.
	 * @param int                  $limit   Items shown, 0 for all.
	 * @param string               $heading Id of the heading.
	 */
	public function render( string $name, array $data, \WP_Post $post, int $limit, string $heading ): string {
		switch ( $name ) {
			case 'trailer':
				return $this->trailer( $data, $heading );
			case 'gallery':
				// A person's photos, a title's backdrops.
				$images = Block_Fields::items( $data, 'people' === $post->post_type ? 'photos' : 'images' );
				return $this->gallery( Block_Fields::limit( $images, $limit ), $post, $heading );
			case 'filmography':
				return $this->filmography( Block_Fields::limit( Block_Fields::items( $data, 'filmography' ), $limit ), $heading );
			case 'watch':
				return $this->watch( $data, $heading );
		}
		return '';
	}

	/**
	 * The embed URL of a YouTube (privacy-enhanced) or Vimeo video, built from its key; '' for any other.
	 *
	 * @param array<string, mixed> $video {site, key}.
	 */
	public static function embed_url( array $video ): string {
		$site = strtolower( Block_Fields::text( $video, 'site' ) );
		$key  = Block_Fields::text( $video, 'key' );
		if ( 'youtube' === $site && 1 === preg_match( self::YOUTUBE_KEY, $key ) ) {
			return 'https://www.youtube-nocookie.com/embed/' . rawurlencode( $key );
		}
		if ( 'vimeo' === $site && 1 === preg_match( self::VIMEO_KEY, $key ) ) {
			return 'https://player.vimeo.com/video/' . rawurlencode( $key ) . '?dnt=1';
		}
		return '';
	}

	/**
	 * The first trailer (else teaser, else any video) that can be embedded.
	 *
	 * @param array<string, mixed> $data    Data: videos, or a video post's own site and key.
	 * @param string               $heading Heading id.
	 */
	private function trailer( array $data, string $heading ): string {
		$videos = Block_Fields::items( $data, 'videos' );
		if ( array() === $videos && is_array( $data['video'] ?? null ) ) {
			// A video post: its own player.
			$videos = array( $data['video'] );
		}
		$chosen = null;
		foreach ( array( 'trailer', 'teaser', '' ) as $type ) {
			foreach ( $videos as $video ) {
				if ( '' !== self::embed_url( $video ) && ( '' === $type || strtolower( Block_Fields::text( $video, 'type' ) ) === $type ) ) {
					$chosen = $video;
					break 2;
				}
			}
		}
		if ( null === $chosen ) {
			return '';
		}
		$name = Block_Fields::text( $chosen, 'name' );
		$name = '' !== $name ? $name : __( 'Trailer', 'tmu-sidecar' );
		return Block_Fields::heading( $heading, __( 'Trailer', 'tmu-sidecar' ) ) . sprintf(
			'<div class="tmu-trailer__frame"><iframe src="%1$s" title="%2$s" loading="lazy" allow="encrypted-media; picture-in-picture; fullscreen" allowfullscreen referrerpolicy="strict-origin-when-cross-origin"></iframe></div>',
			esc_url( self::embed_url( $chosen ) ),
			esc_attr( $name )
		);
	}

	/**
	 * A grid of images: the attachment's own markup (srcset, alt) when it exists, else the synced URL.
	 *
	 * @param array<int, array<string, mixed>> $images  Images [{id, sizes}].
	 * @param \WP_Post                         $post    The post shown.
	 * @param string                           $heading Heading id.
	 */
	private function gallery( array $images, \WP_Post $post, string $heading ): string {
		/* translators: %s: title of the movie, show or person. */
		$alt  = sprintf( __( 'Image of %s', 'tmu-sidecar' ), wp_strip_all_tags( get_the_title( $post ) ) );
		$html = '';
		foreach ( $images as $image ) {
			$id  = Block_Fields::int( $image, 'id' ) ?? 0;
			$img = $id > 0 && wp_attachment_is_image( $id ) ? wp_get_attachment_image(
				$id,
				'medium',
				false,
				array(
					'loading'  => 'lazy',
					'decoding' => 'async',
					'alt'      => $alt,
				)
			) : '';
			if ( '' === $img ) {
				$url = Block_Fields::url( Block_Fields::image_url( $image['sizes'] ?? null, self::GALLERY_SIZES ) );
				$img = '' === $url ? '' : sprintf( '<img src="%1$s" alt="%2$s" loading="lazy" decoding="async" />', $url, esc_attr( $alt ) );
			}
			$html .= '' === $img ? '' : '<li class="tmu-gallery__item">' . $img . '</li>';
		}
		if ( '' === $html ) {
			return '';
		}
		return Block_Fields::heading( $heading, __( 'Images', 'tmu-sidecar' ) ) . '<ul class="tmu-gallery__items" role="list">' . $html . '</ul>';
	}

	/**
	 * A person's titles, newest first: year, title (linked), role.
	 *
	 * @param array<int, array<string, mixed>> $titles  [{post_id, title, link, role, year}].
	 * @param string                           $heading Heading id.
	 */
	private function filmography( array $titles, string $heading ): string {
		usort(
			$titles,
			static fn( array $a, array $b ): int => ( Block_Fields::int( $b, 'year' ) ?? 0 ) <=> ( Block_Fields::int( $a, 'year' ) ?? 0 )
		);
		$html = '';
		foreach ( $titles as $title ) {
			$name = Block_Fields::text( $title, 'title' );
			if ( '' === $name ) {
				continue;
			}
			$year  = Block_Fields::int( $title, 'year' );
			$role  = Block_Fields::text( $title, 'role' );
			$html .= sprintf(
				'<li class="tmu-filmography__item">%1$s%2$s%3$s</li>',
				null === $year ? '' : sprintf( '<span class="tmu-filmography__year">%s</span>', esc_html( (string) $year ) ),
				Block_Fields::linked( $name, Block_Fields::text( $title, 'link' ) ),
				'' === $role ? '' : sprintf( '<span class="tmu-filmography__role">%s</span>', esc_html( $role ) )
			);
		}
		if ( '' === $html ) {
			return '';
		}
		return Block_Fields::heading( $heading, __( 'Filmography', 'tmu-sidecar' ) ) . '<ul class="tmu-filmography__items" role="list">' . $html . '</ul>';
	}

	/**
	 * Where to watch: [{name, url}], a name without a web link shown as text.
	 *
	 * @param array<string, mixed> $data    Data.
	 * @param string               $heading Heading id.
	 */
	private function watch( array $data, string $heading ): string {
		$html = '';
		foreach ( Block_Fields::items( $data, 'watch' ) as $item ) {
			$name = Block_Fields::text( $item, 'name' );
			if ( '' === $name ) {
				continue;
			}
			// Only web links: a javascript:, mailto: or data: URL leaves the name as text.
			$url   = Block_Fields::url( Block_Fields::text( $item, 'url' ) );
			$html .= '' !== $url
				? sprintf( '<li class="tmu-watch__item"><a href="%1$s" rel="noopener nofollow">%2$s</a></li>', $url, esc_html( $name ) )
				: sprintf( '<li class="tmu-watch__item">%s</li>', esc_html( $name ) );
		}
		if ( '' === $html ) {
			return '';
		}
		return Block_Fields::heading( $heading, __( 'Where to watch', 'tmu-sidecar' ) ) . '<ul class="tmu-watch__items" role="list">' . $html . '</ul>';
	}
}
