<?php
/**
 * TMDb text handed to the admin's scripts.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * TMDb text for a script that prints it with textContent (the import screen's cards and genre select).
 */
final class Tmdb_Text {

	/**
	 * The words as TMDb sent them: sanitize_text_field() would drop "<b>" and "%20" and turn "<3" into
	 * "&lt;3". Only invalid UTF-8 and control characters go.
	 *
	 * @param mixed $value A title or a genre name from the sidecar.
	 */
	public static function plain( $value ): string {
		$text = wp_check_invalid_utf8( is_scalar( $value ) ? (string) $value : '' );
		return trim( (string) preg_replace( '/[\x00-\x1F\x7F]+/', ' ', $text ) );
	}
}
