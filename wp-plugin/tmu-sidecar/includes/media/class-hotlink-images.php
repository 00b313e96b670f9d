<?php
/**
 * Attachments without a file: the image stays on TMDb's CDN and WordPress renders its URLs.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_Error;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * A hot-linked attachment has no local file (`_wp_attached_file` empty); its meta `tmu_hotlink_url` is the
 * original on the CDN and `tmu_hotlink_base` the CDN's base (`https://image.tmdb.org/t/p/`). Its metadata
 * lists the registered sizes with the CDN width that serves each (`tmu_cdn_size`, e.g. w342), and the
 * filters below make wp_get_attachment_image(), the_post_thumbnail(), srcset and galleries use them.
 */
final class Hotlink_Images {

	/** Meta holding the original's URL. */
	public const URL_META = 'tmu_hotlink_url';

	/** Meta holding the CDN base. */
	public const BASE_META = 'tmu_hotlink_base';

	/** Widths TMDb's CDN serves (w92 ... w1280); wider asks get the original. */
	private const CDN_WIDTHS = array( 92, 154, 185, 342, 500, 780, 1280 );

	/** Types a hot-linked image may have. */
	private const MIMES = array( 'image/jpeg', 'image/png', 'image/webp', 'image/svg+xml' );

	/** Hosts a hot-link may point at, before the tmu_sidecar_hotlink_hosts filter. */
	private const HOSTS = array( 'image.tmdb.org' );

	/** Largest width or height accepted for an original. */
	private const MAX_SIDE = 20000;

	/**
	 * An item's hotlink, checked: https, on an allowed CDN host, `<base><size>/<file>` with nothing else.
	 *
	 * @param mixed                $hotlink The item's `hotlink`.
	 * @param array<string, mixed> $item    The item (width, height, mime).
	 * @return array{url: string, base: string, path: string, mime: string, width: int, height: int}|WP_Error
	 */
	public function check( $hotlink, array $item ) {
		$url  = is_array( $hotlink ) && is_string( $hotlink['url'] ?? null ) ? $hotlink['url'] : '';
		$base = is_array( $hotlink ) && is_string( $hotlink['base'] ?? null ) ? $hotlink['base'] : '';
		$host = self::https_host( $base );
		$safe = null !== $host && $host === self::https_host( $url ) && str_ends_with( $base, '/' ) && str_starts_with( $url, $base );
		$safe = $safe && in_array( $host, array_map( 'strtolower', (array) apply_filters( 'tmu_sidecar_hotlink_hosts', self::HOSTS ) ), true );
		if ( ! $safe || 1 !== preg_match( '#^(?:original|w\d{2,4})(/[A-Za-z0-9_-]+\.(?:jpe?g|png|webp|svg))$#', substr( $url, strlen( $base ) ), $match ) ) {
			return new WP_Error( 'tmu_media_bad_hotlink', __( 'A hot-link must be an https URL of an image on the image CDN, under its base.', 'tmu-sidecar' ), array( 'status' => 400 ) );
		}
		$width  = is_int( $item['width'] ?? null ) ? $item['width'] : 0;
		$height = is_int( $item['height'] ?? null ) ? $item['height'] : 0;
		$mime   = is_string( $item['mime'] ?? null ) && '' !== $item['mime'] ? $item['mime'] : (string) wp_check_filetype( $match[1] )['type'];
		if ( $width < 1 || $height < 1 || $width > self::MAX_SIDE || $height > self::MAX_SIDE || ! in_array( $mime, self::MIMES, true ) ) {
			return new WP_Error( 'tmu_media_bad_item', __( 'A hot-linked image needs its width, height and an image type.', 'tmu-sidecar' ), array( 'status' => 400 ) );
		}
		return array(
			'url'    => $url,
			'base'   => $base,
			'path'   => $match[1],
			'mime'   => $mime,
			'width'  => $width,
			'height' => $height,
		);
	}

	/**
	 * The metadata of a hot-linked image: the registered sizes smaller than the original, each served by
	 * the smallest CDN width that covers it (TMDb does not crop: a cropped size gets the image scaled to fit).
	 *
	 * @param array{url: string, base: string, path: string, mime: string, width: int, height: int} $link From check().
	 * @return array<string, mixed>
	 */
	public function metadata( array $link ): array {
		$file  = ltrim( $link['path'], '/' );
		$sizes = array();
		if ( 'image/svg+xml' !== $link['mime'] ) {
			foreach ( wp_get_registered_image_subsizes() as $name => $size ) {
				list( $width, $height ) = wp_constrain_dimensions( $link['width'], $link['height'], (int) $size['width'], (int) $size['height'] );
				if ( $width >= $link['width'] || $width < 1 ) {
					continue;
				}
				$sizes[ (string) $name ] = array(
					// The file name appears in every CDN URL, which is what srcset matching looks for.
					'file'         => $file,
					'width'        => (int) $width,
					'height'       => (int) $height,
					'mime-type'    => $link['mime'],
					'tmu_cdn_size' => self::cdn_size( (int) $width ),
				);
			}
		}
		return array(
			'width'      => $link['width'],
			'height'     => $link['height'],
			'file'       => $file,
			'sizes'      => $sizes,
			'image_meta' => array(),
		);
	}

	/**
	 * The filter image_downsize: a hot-linked image's size (named or [w, h]) as [CDN URL, width, height, is intermediate].
	 *
	 * @param mixed        $downsize An earlier filter's answer, or false.
	 * @param int|string   $id       Attachment ID.
	 * @param string|int[] $size     Size name or [width, height].
	 * @return mixed
	 */
	public function downsize( $downsize, $id, $size ) {
		$link = false === $downsize ? self::link_of( (int) $id ) : null;
		$meta = null !== $link ? wp_get_attachment_metadata( (int) $id ) : false;
		if ( null === $link || ! is_array( $meta ) ) {
			return $downsize;
		}
		$width  = (int) ( $meta['width'] ?? 0 );
		$height = (int) ( $meta['height'] ?? 0 );
		if ( is_string( $size ) && isset( $meta['sizes'][ $size ]['tmu_cdn_size'] ) ) {
			$one = $meta['sizes'][ $size ];
			return array( self::sized_url( $link, (string) $one['tmu_cdn_size'] ), (int) $one['width'], (int) $one['height'], true );
		}
		if ( is_array( $size ) && $width > 0 ) {
			list( $fit_w, $fit_h ) = wp_constrain_dimensions( $width, $height, (int) ( $size[0] ?? 0 ), (int) ( $size[1] ?? 0 ) );
			if ( $fit_w < $width ) {
				return array( self::sized_url( $link, self::cdn_size( (int) $fit_w ) ), (int) $fit_w, (int) $fit_h, true );
			}
		}
		return array( $link['url'], $width, $height, false );
	}

	/**
	 * The filter wp_get_attachment_url: a hot-linked image's URL is the original's on the CDN.
	 *
	 * @param mixed      $url URL so far.
	 * @param int|string $id  Attachment ID.
	 * @return mixed
	 */
	public function attachment_url( $url, $id ) {
		$link = self::link_of( (int) $id );
		return null === $link ? $url : $link['url'];
	}

	/**
	 * The filter wp_calculate_image_srcset: WordPress found the sizes in the metadata; each gets its CDN URL.
	 *
	 * @param mixed                $sources    Width → {url, descriptor, value}.
	 * @param mixed                $size_array [width, height] shown.
	 * @param mixed                $src        The src.
	 * @param array<string, mixed> $meta       Attachment metadata.
	 * @param int|string           $id         Attachment ID.
	 * @return mixed
	 */
	public function srcset( $sources, $size_array, $src, $meta, $id ) {
		unset( $size_array, $src );
		$link = is_array( $sources ) && is_array( $meta ) ? self::link_of( (int) $id ) : null;
		if ( null === $link ) {
			return $sources;
		}
		$by_width = array( (int) ( $meta['width'] ?? 0 ) => $link['url'] );
		foreach ( (array) ( $meta['sizes'] ?? array() ) as $one ) {
			if ( is_array( $one ) && isset( $one['tmu_cdn_size'] ) ) {
				$by_width[ (int) $one['width'] ] ??= self::sized_url( $link, (string) $one['tmu_cdn_size'] );
			}
		}
		foreach ( $sources as $width => $source ) {
			if ( isset( $by_width[ (int) $width ] ) && is_array( $source ) ) {
				$sources[ $width ]['url'] = $by_width[ (int) $width ];
			} else {
				unset( $sources[ $width ] );
			}
		}
		return $sources;
	}

	/**
	 * The hot-link of an attachment ({url, base, path}), or null when it has a file of its own.
	 *
	 * @param int $id Attachment ID.
	 * @return array{url: string, base: string, path: string}|null
	 */
	private static function link_of( int $id ): ?array {
		$url = $id > 0 ? get_post_meta( $id, self::URL_META, true ) : '';
		if ( ! is_string( $url ) || '' === $url ) {
			return null;
		}
		$base = (string) get_post_meta( $id, self::BASE_META, true );
		$rest = str_starts_with( $url, $base ) ? substr( $url, strlen( $base ) ) : '';
		$cut  = strpos( $rest, '/' );
		return array(
			'url'  => $url,
			'base' => $base,
			'path' => false === $cut ? '' : substr( $rest, $cut ),
		);
	}

	/**
	 * The CDN URL of one size.
	 *
	 * @param array{url: string, base: string, path: string} $link     The hot-link.
	 * @param string                                         $cdn_size e.g. w342 or original.
	 */
	private static function sized_url( array $link, string $cdn_size ): string {
		return '' === $link['path'] ? $link['url'] : $link['base'] . $cdn_size . $link['path'];
	}

	/**
	 * The smallest CDN width that covers a width.
	 *
	 * @param int $width Width shown.
	 */
	private static function cdn_size( int $width ): string {
		foreach ( self::CDN_WIDTHS as $cdn ) {
			if ( $cdn >= $width ) {
				return 'w' . $cdn;
			}
		}
		return 'original';
	}

	/**
	 * The lower-case host of an https URL with no user, port, query or fragment; null otherwise.
	 *
	 * @param string $url URL.
	 */
	private static function https_host( string $url ): ?string {
		$parts = wp_parse_url( $url );
		if ( ! is_array( $parts ) || 'https' !== strtolower( (string) ( $parts['scheme'] ?? '' ) ) || empty( $parts['host'] ) ) {
			return null;
		}
		if ( isset( $parts['user'] ) || isset( $parts['pass'] ) || isset( $parts['port'] ) || isset( $parts['query'] ) || isset( $parts['fragment'] ) ) {
			return null;
		}
		return strtolower( (string) $parts['host'] );
	}
}
