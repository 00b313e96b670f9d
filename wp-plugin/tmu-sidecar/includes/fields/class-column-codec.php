<?php
/**
 * The tmu_* list columns, read and written exactly as the sidecar does.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Mirrors the sidecar's column codec: PHP serialize() for the legacy templates, JSON for the
 * newer theme blocks. Decoding accepts either; encoding gives the bytes the sidecar would write
 * for the same value, so a value saved here reads as "as synced" when it is what TMDb says.
 */
final class Column_Codec {

	/** Option holding the column format the sidecar reported (TMU_COLUMN_FORMAT). */
	public const FORMAT_OPTION = 'tmu_sidecar_column_format';

	/** The start of a PHP-serialized value, as the sidecar recognises one. */
	private const PHP_SERIALIZED = '/^(?:N;|b:[01];|i:-?\d+;|d:[^;]+;|s:\d+:"|a:\d+:\{|O:\d+:")/';

	/** JavaScript's String.prototype.trim() whitespace. */
	private const JS_SPACE = '\x{0009}-\x{000D}\x{0020}\x{00A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}';

	/**
	 * The column's value: PHP-serialized or JSON bytes decoded (objects never instantiated),
	 * '' and null as null, anything else (a date, a number, plain text) as the string itself.
	 *
	 * @param string|null $bytes Column bytes.
	 * @return mixed
	 */
	public static function decode( ?string $bytes ) {
		if ( null === $bytes ) {
			return null;
		}
		$text = self::js_trim( $bytes );
		if ( '' === $text ) {
			return null;
		}
		if ( 1 === preg_match( self::PHP_SERIALIZED, $text ) ) {
			// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_unserialize -- classes are never allowed.
			$value = @unserialize( $text, array( 'allowed_classes' => false ) ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- malformed bytes are returned as text.
			if ( false === $value && 'b:0;' !== $text ) {
				return $bytes;
			}
			return self::without_objects( $value );
		}
		if ( '[' === $text[0] || '{' === $text[0] ) {
			$value = json_decode( $text, true );
			return JSON_ERROR_NONE === json_last_error() ? $value : $bytes;
		}
		return $bytes;
	}

	/**
	 * The bytes the sidecar writes for this value in the given format.
	 *
	 * @param mixed  $value  Value (arrays, scalars, null).
	 * @param string $format 'php' or 'json'.
	 * @throws \InvalidArgumentException On an unknown format.
	 */
	public static function encode( $value, string $format ): string {
		if ( 'php' === $format ) {
			$previous = ini_get( 'serialize_precision' );
			ini_set( 'serialize_precision', '-1' ); // phpcs:ignore WordPress.PHP.IniSet.Risky -- PHP's shortest float repr, as the sidecar writes; restored below.
			try {
				// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize -- the legacy templates read serialize().
				return serialize( self::php_value( $value ) );
			} finally {
				ini_set( 'serialize_precision', false === $previous ? '-1' : $previous ); // phpcs:ignore WordPress.PHP.IniSet.Risky -- puts back the caller's setting.
			}
		}
		if ( 'json' === $format ) {
			return self::json( $value );
		}
		throw new \InvalidArgumentException( 'Unknown column format: ' . esc_html( $format ) );
	}

	/**
	 * The column format the sidecar reported: 'php' or 'json'. Before it has reported one (no
	 * settings saved since the update), the format of the list columns a sync already wrote; 'php'
	 * on a site with none.
	 */
	public static function site_format(): string {
		$format = get_option( self::FORMAT_OPTION, '' );
		if ( 'php' === $format || 'json' === $format ) {
			return $format;
		}
		static $seen = null;
		if ( null === $seen ) {
			global $wpdb;
			$table = $wpdb->prefix . 'tmu_movies';
			$quiet  = $wpdb->suppress_errors( true );
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- one look at a tmu_* table (the name is the prefix and a constant), once per request.
			$sample = $wpdb->get_var( "SELECT star_cast FROM {$table} WHERE star_cast IS NOT NULL AND star_cast <> '' LIMIT 1" );
			$wpdb->suppress_errors( $quiet );
			$first  = is_string( $sample ) ? substr( ltrim( $sample ), 0, 1 ) : '';
			$seen   = '[' === $first || '{' === $first ? 'json' : 'php';
		}
		return $seen;
	}

	/**
	 * Remembers the column format the sidecar reported; anything else than 'php' or 'json' is ignored.
	 *
	 * @param mixed $format Reported format.
	 */
	public static function remember_format( $format ): void {
		if ( ( 'php' === $format || 'json' === $format ) && get_option( self::FORMAT_OPTION, '' ) !== $format ) {
			update_option( self::FORMAT_OPTION, $format, true );
		}
	}

	/**
	 * JavaScript's String(number): the shortest text that reads back as the same double.
	 *
	 * @param float $number Number.
	 */
	public static function js_number( float $number ): string {
		if ( is_nan( $number ) ) {
			return 'NaN';
		}
		if ( is_infinite( $number ) ) {
			return $number > 0 ? 'Infinity' : '-Infinity';
		}
		if ( 0.0 === $number ) {
			return '0';
		}
		$sign            = $number < 0 ? '-' : '';
		list( $d, $n )   = self::shortest_digits( abs( $number ) );
		$k               = strlen( $d );
		if ( $k <= $n && $n <= 21 ) {
			return $sign . $d . str_repeat( '0', $n - $k );
		}
		if ( 0 < $n && $n <= 21 ) {
			return $sign . substr( $d, 0, $n ) . '.' . substr( $d, $n );
		}
		if ( -6 < $n && $n <= 0 ) {
			return $sign . '0.' . str_repeat( '0', -$n ) . $d;
		}
		$e = $n - 1;
		return $sign . ( 1 === $k ? $d : $d[0] . '.' . substr( $d, 1 ) ) . 'e' . ( $e < 0 ? '-' : '+' ) . abs( $e );
	}

	/**
	 * JavaScript's String.prototype.trim() (Unicode spaces too); plain trim() for bytes that are not UTF-8.
	 *
	 * @param string $text Text.
	 */
	public static function js_trim( string $text ): string {
		$trimmed = preg_replace( '/^[' . self::JS_SPACE . ']+|[' . self::JS_SPACE . ']+$/uD', '', $text );
		return null === $trimmed ? trim( $text, " \t\n\r\v\f" ) : $trimmed;
	}

	/**
	 * Digits and decimal point of a positive finite double: value = 0.DIGITS × 10^point (shortest round trip).
	 *
	 * @param float $number Positive finite number.
	 * @return array{0:string, 1:int}
	 */
	private static function shortest_digits( float $number ): array {
		$previous = ini_get( 'serialize_precision' );
		ini_set( 'serialize_precision', '-1' ); // phpcs:ignore WordPress.PHP.IniSet.Risky -- restored below.
		$repr = var_export( $number, true ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_var_export -- a number's text, not debug output.
		ini_set( 'serialize_precision', false === $previous ? '-1' : $previous ); // phpcs:ignore WordPress.PHP.IniSet.Risky -- puts back the caller's setting.
		$parts    = explode( 'E', strtoupper( $repr ) );
		$mantissa = explode( '.', $parts[0] );
		$digits   = $mantissa[0] . ( $mantissa[1] ?? '' );
		$point    = strlen( $mantissa[0] ) + (int) ( $parts[1] ?? 0 );
		while ( strlen( $digits ) > 1 && '0' === $digits[0] ) {
			$digits = substr( $digits, 1 );
			--$point;
		}
		return array( rtrim( $digits, '0' ), $point );
	}

	/**
	 * The PHP value the sidecar serializes: integral floats are ints (JavaScript cannot tell 8 from 8.0),
	 * objects are arrays of their public properties.
	 *
	 * @param mixed $value Value.
	 * @return mixed
	 */
	private static function php_value( $value ) {
		if ( is_float( $value ) && is_finite( $value ) && floor( $value ) === $value && abs( $value ) < 9.2233720368547758E+18 ) {
			return (int) $value;
		}
		if ( is_object( $value ) ) {
			$value = get_object_vars( $value );
		}
		if ( is_array( $value ) ) {
			return array_map( array( self::class, 'php_value' ), $value );
		}
		return $value;
	}

	/**
	 * JSON.stringify() of the JavaScript value equivalent to $value.
	 *
	 * @param mixed $value Value.
	 */
	private static function json( $value ): string {
		if ( null === $value ) {
			return 'null';
		}
		if ( is_bool( $value ) ) {
			return $value ? 'true' : 'false';
		}
		if ( is_int( $value ) ) {
			return (string) $value;
		}
		if ( is_float( $value ) ) {
			return is_finite( $value ) ? self::js_number( $value ) : 'null';
		}
		if ( is_string( $value ) ) {
			return self::json_string( $value );
		}
		if ( is_object( $value ) ) {
			$value = get_object_vars( $value );
			return array() === $value ? '{}' : self::json_object( $value );
		}
		if ( is_array( $value ) ) {
			if ( array_values( $value ) === $value ) {
				return '[' . implode( ',', array_map( array( self::class, 'json' ), $value ) ) . ']';
			}
			return self::json_object( $value );
		}
		return 'null';
	}

	/**
	 * A JSON object, keys in JavaScript's order: array indices ascending first, then the others as given.
	 *
	 * @param array<int|string, mixed> $value Entries.
	 */
	private static function json_object( array $value ): string {
		$indices = array();
		$others  = array();
		foreach ( $value as $key => $item ) {
			if ( is_int( $key ) && 0 <= $key && $key < 4294967295 ) {
				$indices[ $key ] = $item;
			} else {
				$others[] = array( (string) $key, $item );
			}
		}
		ksort( $indices, SORT_NUMERIC );
		$parts = array();
		foreach ( $indices as $key => $item ) {
			$parts[] = self::json_string( (string) $key ) . ':' . self::json( $item );
		}
		foreach ( $others as list( $key, $item ) ) {
			$parts[] = self::json_string( $key ) . ':' . self::json( $item );
		}
		return '{' . implode( ',', $parts ) . '}';
	}

	/**
	 * A JSON string as JSON.stringify() writes it: no escaped slashes or non-ASCII characters.
	 *
	 * @param string $text Text.
	 */
	private static function json_string( string $text ): string {
		return (string) wp_json_encode( $text, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_LINE_TERMINATORS | JSON_INVALID_UTF8_SUBSTITUTE );
	}

	/**
	 * Objects a serialized value held (never instantiated: incomplete classes) become null.
	 *
	 * @param mixed $value Unserialized value.
	 * @return mixed
	 */
	private static function without_objects( $value ) {
		if ( is_object( $value ) ) {
			return null;
		}
		if ( is_array( $value ) ) {
			return array_map( array( self::class, 'without_objects' ), $value );
		}
		return $value;
	}
}
