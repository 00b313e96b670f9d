<?php
/**
 * Who can act on an error.
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
 * Configuration problems (sidecar unreachable, secrets or clocks that differ, the sidecar's own
 * TMDb key or WordPress credentials) can only be fixed by an administrator: other users are told
 * to ask one, without URLs or settings names they cannot use.
 */
final class Error_Audience {

	/** Plugin error codes that mean "the setup is wrong", not "this post is wrong". */
	private const CONFIG_CODES = array(
		'tmu_sidecar_unreachable',
		'tmu_sidecar_not_configured',
		'tmu_sidecar_signature_rejected',
		'tmu_sidecar_error',
		'tmu_sidecar_bad_response',
	);

	/** Sidecar error codes (start of a stored job error) that mean the same. */
	private const SIDECAR_CONFIG_PREFIXES = array( 'wordpress_credentials', 'tmdb_auth', 'config_invalid', 'database_error' );

	/**
	 * Whether the current user can fix configuration problems.
	 */
	public static function is_admin(): bool {
		return current_user_can( 'manage_options' );
	}

	/**
	 * The message for the current user: as is for administrators, "ask an administrator" otherwise.
	 *
	 * @param string $code    Plugin error code, or '' for a stored sidecar error.
	 * @param string $message Full message.
	 */
	public static function message( string $code, string $message ): string {
		if ( self::is_admin() || ! self::is_configuration( $code, $message ) ) {
			return $message;
		}
		return self::ask_an_administrator();
	}

	/**
	 * The WP_Error a REST route returns to the current user.
	 *
	 * @param WP_Error $error Error.
	 */
	public static function filter( WP_Error $error ): WP_Error {
		$code = (string) $error->get_error_code();
		if ( self::is_admin() || ! self::is_configuration( $code, '' ) ) {
			return $error;
		}
		return new WP_Error( $code, self::ask_an_administrator(), $error->get_error_data() );
	}

	/**
	 * Whether an error is about the setup.
	 *
	 * @param string $code    Plugin error code.
	 * @param string $message Message (a stored sidecar error starts with its code).
	 */
	public static function is_configuration( string $code, string $message ): bool {
		if ( in_array( $code, self::CONFIG_CODES, true ) ) {
			return true;
		}
		foreach ( self::SIDECAR_CONFIG_PREFIXES as $prefix ) {
			if ( str_starts_with( $message, $prefix . ':' ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * What an editor reads instead.
	 */
	public static function ask_an_administrator(): string {
		return __( 'TMDb sync is not set up correctly on this site. Ask an administrator to run Test connection on Settings → TMU Sidecar.', 'tmu-sidecar' );
	}
}
