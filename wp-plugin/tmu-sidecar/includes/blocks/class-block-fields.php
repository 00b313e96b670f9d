<?php
/**
 * Reading Title_Data values and turning them into escaped HTML pieces, for the block views.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Every value is read defensively (a missing or oddly typed key reads as empty) and every piece of
 * HTML escapes its text and URLs as it is built.
 */
final class Block_Fields {

	/**
	 * A text value ('' when absent or not a scalar).
	 *
	 * @param array<string, mixed> $data Data.
	 * @param string               $key  Key.
	 */
	public static function text( array $data, string $key ): string {
		$value = $data[ $key ] ?? null;
		if ( is_string( $value ) ) {
			return trim( $value );
		}
		return is_int( $value ) || is_float( $value ) ? (string) $value : '';
	}

	/**
	 * A whole number, or null.
	 *
	 * @param array<string, mixed> $data Data.
	 * @param string               $key  Key.
	 */
	public static function int( array $data, string $key ): ?int {
		$value = $data[ $key ] ?? null;
		return is_numeric( $value ) ? (int) $value : null;
	}

	/**
	 * A list of arrays (anything else in the list is left out).
	 *
	 * @param array<string, mixed> $data Data.
	 * @param string               $key  Key.
	 * @return array<int, array<string, mixed>>
	 */
	public static function items( array $data, string $key ): array {
		$value = $data[ $key ] ?? null;
		return is_array( $value ) ? array_values( array_filter( $value, 'is_array' ) ) : array();
	}

	/**
	 * The first $limit items (all of them for 0).
	 *
	 * @param array<int, array<string, mixed>> $items Items.
	 * @param int                              $limit Limit, 0 for all.
	 * @return array<int, array<string, mixed>>
	 */
	public static function limit( array $items, int $limit ): array {
		return $limit > 0 ? array_slice( $items, 0, $limit ) : $items;
	}

	/**
	 * The block's heading, the section's label.
	 *
	 * @param string $id   Element id.
	 * @param string $text Heading text.
	 */
	public static function heading( string $id, string $text ): string {
		return sprintf( '<h2 class="wp-block-heading tmu-block__heading" id="%1$s">%2$s</h2>', esc_attr( $id ), esc_html( $text ) );
	}

	/**
	 * Text, linked when the item has a link.
	 *
	 * @param string $text  Text.
	 * @param string $link  URL or ''.
	 * @param string $class Class of the link.
	 */
	public static function linked( string $text, string $link, string $class = '' ): string {
		$url = self::url( $link );
		if ( '' === $url ) {
			return esc_html( $text );
		}
		$class_attr = '' === $class ? '' : sprintf( ' class="%s"', esc_attr( $class ) );
		return sprintf( '<a href="%1$s"%2$s>%3$s</a>', $url, $class_attr, esc_html( $text ) );
	}

	/**
	 * An escaped http(s) URL for an attribute, or '' (a javascript: or data: URL, or no URL).
	 *
	 * @param string $url URL.
	 */
	public static function url( string $url ): string {
		return 1 === preg_match( '#^https?://#i', $url ) ? esc_url( $url, array( 'http', 'https' ) ) : '';
	}

	/**
	 * Terms or names, comma separated: [{name, link}] or plain strings.
	 *
	 * @param mixed $items Items.
	 */
	public static function terms( $items ): string {
		if ( ! is_array( $items ) ) {
			return '';
		}
		$parts = array();
		foreach ( $items as $item ) {
			if ( is_string( $item ) && '' !== trim( $item ) ) {
				$parts[] = esc_html( trim( $item ) );
			} elseif ( is_array( $item ) && '' !== self::text( $item, 'name' ) ) {
				$parts[] = self::linked( self::text( $item, 'name' ), self::text( $item, 'link' ) );
			}
		}
		/* translators: separator between the items of a list such as genres. */
		return implode( esc_html__( ', ', 'tmu-sidecar' ), $parts );
	}

	/**
	 * An ISO date in the site's date format, in a <time> element ('' for a date PHP cannot read).
	 *
	 * @param string $iso ISO 8601 date.
	 */
	public static function date( string $iso ): string {
		$time = '' === $iso ? false : strtotime( $iso );
		if ( false === $time ) {
			return '';
		}
		return sprintf( '<time datetime="%1$s">%2$s</time>', esc_attr( gmdate( 'Y-m-d', $time ) ), esc_html( date_i18n( (string) get_option( 'date_format' ), $time ) ) );
	}

	/**
	 * An image URL from {size => url}: the first of the preferred sizes present, else the first size.
	 *
	 * @param mixed    $sizes     Sizes.
	 * @param string[] $preferred Preferred size names, best first.
	 */
	public static function image_url( $sizes, array $preferred ): string {
		if ( is_string( $sizes ) ) {
			return $sizes;
		}
		if ( ! is_array( $sizes ) ) {
			return '';
		}
		foreach ( $preferred as $size ) {
			if ( isset( $sizes[ $size ] ) && is_string( $sizes[ $size ] ) && '' !== $sizes[ $size ] ) {
				return $sizes[ $size ];
			}
		}
		foreach ( $sizes as $url ) {
			if ( is_string( $url ) && '' !== $url ) {
				return $url;
			}
		}
		return '';
	}
}
