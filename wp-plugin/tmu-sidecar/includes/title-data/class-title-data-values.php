<?php
/**
 * Typed values out of tmu_* columns: numbers, ISO dates, HTML-safe text, decoded lists, links and image sizes.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_Post;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Pure conversions (no query of their own once the caches are primed) shared by Title_Data's shapes.
 */
final class Title_Data_Values {

	/** YouTube and Vimeo keys: anything else never reaches a player URL. */
	private const VIDEO_KEY = '/^[A-Za-z0-9_-]+$/';

	/**
	 * Text as a page may print it: the sidecar stores TMDb text with `&<>"'` as entities; a value
	 * written raw (an older version, an editor) gets the same form. Entities are not encoded twice.
	 *
	 * @param mixed $value Column value.
	 */
	public static function text( $value ): ?string {
		if ( null === $value || ! is_scalar( $value ) ) {
			return null;
		}
		$text = trim( (string) $value );
		return '' === $text ? null : esc_html( $text );
	}

	/**
	 * An integer, or null for NULL and non-numeric values.
	 *
	 * @param mixed $value Column value.
	 */
	public static function int( $value ): ?int {
		return is_numeric( $value ) ? (int) $value : null;
	}

	/**
	 * A float, or null.
	 *
	 * @param mixed $value Column value.
	 */
	public static function float( $value ): ?float {
		return is_numeric( $value ) ? round( (float) $value, 3 ) : null;
	}

	/**
	 * An ISO date (YYYY-MM-DD) from a date column, else from a Unix timestamp column.
	 *
	 * @param mixed $date      Date column.
	 * @param mixed $timestamp Timestamp column.
	 */
	public static function date( $date, $timestamp = null ): ?string {
		if ( is_string( $date ) && 1 === preg_match( '/^(\d{4}-\d{2}-\d{2})/', trim( $date ), $m ) && false !== strtotime( $m[1] ) ) {
			return $m[1];
		}
		return is_numeric( $timestamp ) && (int) $timestamp > 0 ? gmdate( 'Y-m-d', (int) $timestamp ) : null;
	}

	/**
	 * A year from a `release_year` column, which holds a year or (as the sidecar writes it) a timestamp.
	 *
	 * @param mixed $value Column value.
	 */
	public static function year( $value ): ?int {
		if ( ! is_numeric( $value ) || (int) $value <= 0 ) {
			return null;
		}
		$value = (int) $value;
		return $value > 9999 ? (int) gmdate( 'Y', $value ) : $value;
	}

	/**
	 * A column decoded as the sidecar encodes it (Column_Codec: PHP-serialized or JSON, objects never
	 * made); plain text comes back as the string itself.
	 *
	 * @param mixed $bytes Column value.
	 * @return mixed Null when empty.
	 */
	public static function decode( $bytes ) {
		return is_string( $bytes ) ? Column_Codec::decode( $bytes ) : null;
	}

	/**
	 * Post IDs from a list column (`a:2:{i:0;i:12;…}`, `[12,"13"]`).
	 *
	 * @param mixed $bytes Column value.
	 * @return int[]
	 */
	public static function ids( $bytes ): array {
		$list = self::decode( $bytes );
		if ( ! is_array( $list ) ) {
			return array();
		}
		$ids = array();
		foreach ( $list as $item ) {
			if ( is_numeric( $item ) && (int) $item > 0 ) {
				$ids[] = (int) $item;
			}
		}
		return array_values( array_unique( $ids ) );
	}

	/**
	 * Names from a name list column: names (php), `[{"name": …}]` (json), or a comma list (legacy `production_house`).
	 *
	 * @param mixed $bytes Column value.
	 * @return string[]
	 */
	public static function names( $bytes ): array {
		$list = self::decode( $bytes );
		if ( is_string( $list ) ) {
			$list = explode( ',', $list );
		}
		if ( ! is_array( $list ) ) {
			return array();
		}
		$names = array();
		foreach ( $list as $item ) {
			$name = self::text( is_array( $item ) ? ( $item['name'] ?? null ) : $item );
			if ( null !== $name ) {
				$names[] = $name;
			}
		}
		return $names;
	}

	/**
	 * An http(s) URL, or null.
	 *
	 * @param mixed $value URL.
	 */
	public static function url( $value ): ?string {
		if ( ! is_string( $value ) || 1 !== preg_match( '#^https?://#i', trim( $value ) ) ) {
			return null;
		}
		$url = esc_url_raw( html_entity_decode( trim( $value ), ENT_QUOTES, 'UTF-8' ), array( 'http', 'https' ) );
		return '' === $url ? null : $url;
	}

	/**
	 * A video from `video_data` ({source, content_type, platform?}): site, key, type and embed URL.
	 *
	 * @param mixed $bytes video_data column.
	 * @return array{site: string, key: string, type: string, embed_url: string}|null
	 */
	public static function video( $bytes ): ?array {
		$data = self::decode( $bytes );
		if ( ! is_array( $data ) || ! is_string( $data['source'] ?? null ) || 1 !== preg_match( self::VIDEO_KEY, $data['source'] ) ) {
			return null;
		}
		$site = 'vimeo' === strtolower( (string) ( $data['platform'] ?? '' ) ) ? 'Vimeo' : 'YouTube';
		$key  = $data['source'];
		return array(
			'site'      => $site,
			'key'       => $key,
			'type'      => self::text( $data['content_type'] ?? null ) ?? 'Video',
			// YouTube's privacy-enhanced host sets no cookie until the visitor plays the video.
			'embed_url' => 'Vimeo' === $site ? 'https://player.vimeo.com/video/' . $key : 'https://www.youtube-nocookie.com/embed/' . $key,
		);
	}

	/**
	 * Every size of an image attachment: {size name => URL}, `full` included; null when it is not an image.
	 *
	 * @param int $attachment_id Attachment ID.
	 * @return array<string, string>|null
	 */
	public static function image_sizes( int $attachment_id ): ?array {
		$post = $attachment_id > 0 ? get_post( $attachment_id ) : null;
		if ( ! $post instanceof WP_Post || 'attachment' !== $post->post_type || ! wp_attachment_is_image( $post ) ) {
			return null;
		}
		$meta  = wp_get_attachment_metadata( $attachment_id );
		$names = is_array( $meta ) && is_array( $meta['sizes'] ?? null ) ? array_keys( $meta['sizes'] ) : array();
		$sizes = array();
		foreach ( array_merge( $names, array( 'full' ) ) as $name ) {
			$url = wp_get_attachment_image_url( $attachment_id, (string) $name );
			if ( is_string( $url ) && '' !== $url ) {
				$sizes[ (string) $name ] = $url;
			}
		}
		return array() === $sizes ? null : $sizes;
	}

	/**
	 * An image: {id, sizes}, or null.
	 *
	 * @param int $attachment_id Attachment ID.
	 * @return array{id: int, sizes: array<string, string>}|null
	 */
	public static function image( int $attachment_id ): ?array {
		$sizes = self::image_sizes( $attachment_id );
		return null === $sizes ? null : array(
			'id'    => $attachment_id,
			'sizes' => $sizes,
		);
	}

	/**
	 * A post's featured image, from its (primed) meta.
	 *
	 * @param int $post_id Post ID.
	 * @return array{id: int, sizes: array<string, string>}|null
	 */
	public static function featured_image( int $post_id ): ?array {
		return self::image( (int) get_post_meta( $post_id, '_thumbnail_id', true ) );
	}

	/**
	 * A post's permalink, or null.
	 *
	 * @param WP_Post $post Post.
	 */
	public static function link( WP_Post $post ): ?string {
		$link = get_permalink( $post );
		return is_string( $link ) && '' !== $link ? $link : null;
	}

	/**
	 * A post's title as text.
	 *
	 * @param WP_Post $post Post.
	 */
	public static function title( WP_Post $post ): ?string {
		return self::text( $post->post_title );
	}

	/**
	 * A post's terms in one taxonomy, from the primed term cache: [{id, name, slug, link}].
	 *
	 * @param WP_Post $post     Post.
	 * @param string  $taxonomy Taxonomy.
	 * @return array<int, array{id: int, name: string, slug: string, link: string|null}>
	 */
	public static function terms( WP_Post $post, string $taxonomy ): array {
		$terms = get_the_terms( $post, $taxonomy );
		if ( ! is_array( $terms ) ) {
			return array();
		}
		$list = array();
		foreach ( $terms as $term ) {
			$link   = get_term_link( $term );
			$list[] = array(
				'id'   => (int) $term->term_id,
				'name' => self::text( $term->name ) ?? '',
				'slug' => (string) $term->slug,
				'link' => is_string( $link ) ? $link : null,
			);
		}
		return $list;
	}
}
