<?php
/**
 * Reads the TMDb and WordPress parts of the sidecar's answer to connection.test.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The sidecar answers {tmdb: "ok"|"invalid_key"|"not_found"|"refused"|"unreachable", tmdb_message?,
 * wordpress: "ok"|"failed"|"unreachable"|"wrong_prefix"|"php_output"|"not_configured", wordpress_message?}. Older answers
 * ({tmdb: {ok, message}}, {tmdb_key_valid: bool}, {checks: {tmdb}}) are read too.
 *
 * Each part gives its state, the short cause shown in its row and the sentence of the headline,
 * both from the same reason so that they cannot disagree.
 */
final class Connection_Answer {

	/**
	 * The TMDb part.
	 *
	 * @param array<string, mixed> $body Decoded answer.
	 * @return array{state:string, cause:string, message:string}
	 */
	public static function tmdb( array $body ): array {
		$value  = $body['tmdb'] ?? ( $body['checks']['tmdb'] ?? ( $body['tmdb_key_valid'] ?? null ) );
		$detail = self::text( $body['tmdb_message'] ?? '' );
		if ( is_array( $value ) ) {
			$detail = self::text( $value['message'] ?? '' );
			$value  = array_key_exists( 'ok', $value ) ? (bool) $value['ok'] : ( $value['status'] ?? null );
		}
		if ( null === $value ) {
			return self::unknown();
		}
		if ( true === $value || 'ok' === $value || 'valid' === $value ) {
			return array(
				'state'   => 'ok',
				'cause'   => __( 'key valid', 'tmu-sidecar' ),
				'message' => '',
			);
		}
		if ( self::key_missing( $value, $body ) ) {
			return array(
				'state'   => 'failed',
				'cause'   => __( 'No key', 'tmu-sidecar' ),
				'message' => __( 'No TMDb key: the sidecar has no TMDB_API_KEY in its environment and no key was saved on this page. Save a TMDb API key above.', 'tmu-sidecar' ),
			);
		}
		switch ( $value ) {
			case 'unreachable':
				$cause   = __( 'unreachable', 'tmu-sidecar' );
				$message = __( 'TMDb unreachable: the sidecar is reachable and accepted the signature, but could not reach TMDb (no answer in time).', 'tmu-sidecar' );
				break;
			case 'refused':
				$cause   = __( 'connection refused', 'tmu-sidecar' );
				$message = __( 'TMDb refused the connection: nothing listens at the sidecar\'s TMDB_BASE_URL.', 'tmu-sidecar' );
				break;
			case 'not_found':
				$cause   = __( 'not found (HTTP 404)', 'tmu-sidecar' );
				$message = __( 'TMDb not found: the key check answered HTTP 404; check the sidecar\'s TMDB_BASE_URL.', 'tmu-sidecar' );
				break;
			default:
				$cause   = __( 'key invalid', 'tmu-sidecar' );
				$message = __( 'TMDb key invalid: the sidecar is reachable and accepted the signature, but TMDb refused the API key (or none is set).', 'tmu-sidecar' );
		}
		return array(
			'state'   => 'failed',
			'cause'   => $cause,
			'message' => '' === $detail ? $message : $message . ' ' . $detail,
		);
	}

	/**
	 * Whether the TMDb check failed because no key is set at all (not a refused key).
	 *
	 * @param mixed                $value The tmdb state.
	 * @param array<string, mixed> $body  Decoded answer.
	 */
	private static function key_missing( $value, array $body ): bool {
		$message = is_string( $body['tmdb_message'] ?? null ) ? $body['tmdb_message'] : '';
		$code    = is_string( $body['tmdb_code'] ?? null ) ? $body['tmdb_code'] : Error_Presenter::split( $message )['code'];
		return in_array( $value, array( 'missing_key', 'no_key', 'key_missing', 'tmdb_key_missing' ), true )
			|| 'tmdb_key_missing' === $code
			|| 1 === preg_match( '/\bNo TMDb API key\b/i', $message )
			|| 'none' === ( $body['tmdb_key_source'] ?? null );
	}

	/**
	 * The WordPress part: the sidecar's own application password and capabilities.
	 *
	 * @param array<string, mixed> $body Decoded answer.
	 * @return array{state:string, cause:string, message:string}
	 */
	public static function wordpress( array $body ): array {
		$value  = $body['wordpress'] ?? null;
		$detail = self::text( $body['wordpress_message'] ?? '' );
		if ( ! is_string( $value ) ) {
			return self::unknown();
		}
		if ( 'ok' === $value ) {
			return array(
				'state'   => 'ok',
				'cause'   => __( 'credentials accepted', 'tmu-sidecar' ),
				'message' => '',
			);
		}
		switch ( $value ) {
			case 'unreachable':
				$cause   = __( 'unreachable from the sidecar', 'tmu-sidecar' );
				$message = __( 'WordPress unreachable: the sidecar could not reach this site at its WP_URL.', 'tmu-sidecar' );
				break;
			case 'wrong_prefix':
				$cause   = __( 'wrong table prefix', 'tmu-sidecar' );
				$message = __( 'Wrong TABLE_PREFIX: the sidecar would write its tmu_* tables under another prefix than this site\'s, where no template reads them.', 'tmu-sidecar' );
				break;
			case 'php_output':
				$cause   = __( 'PHP output in REST answers', 'tmu-sidecar' );
				$message = __( 'PHP output in REST answers: this site prints PHP notices or warnings before its JSON (display_errors is on). Turn display_errors off (or set WP_DEBUG_DISPLAY to false in wp-config.php) and fix the notice.', 'tmu-sidecar' );
				break;
			case 'not_configured':
				$cause   = __( 'not configured', 'tmu-sidecar' );
				$message = __( 'WordPress not configured: the sidecar has no WP_URL, WP_USERNAME and WP_APP_PASSWORD, so nothing it syncs reaches this site.', 'tmu-sidecar' );
				break;
			default:
				$cause   = __( 'credentials refused', 'tmu-sidecar' );
				$message = __( 'WordPress credentials refused: the sidecar\'s WP_USERNAME / WP_APP_PASSWORD are wrong or lack a capability.', 'tmu-sidecar' );
		}
		return array(
			'state'   => 'failed',
			'cause'   => $cause,
			'message' => '' === $detail ? $message : $message . ' ' . $detail,
		);
	}

	/**
	 * A part the sidecar did not report on.
	 *
	 * @return array{state:string, cause:string, message:string}
	 */
	private static function unknown(): array {
		return array(
			'state'   => 'unknown',
			'cause'   => '',
			'message' => '',
		);
	}

	/**
	 * Bounded plain text from the sidecar.
	 *
	 * @param mixed $value Raw value.
	 */
	private static function text( $value ): string {
		return is_string( $value ) ? mb_substr( sanitize_text_field( Error_Presenter::split( $value )['message'] ), 0, 400 ) : '';
	}
}
