<?php
/**
 * Who sees what in an error, on every screen and REST route.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_Error;
use WP_REST_Request;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * One rule: everyone reads a plain sentence without an error code in it. Users who can
 * manage_options also get the technical detail (code, HTTP status, the sidecar URL, the
 * transport's reason) in a details line; everyone else never sees an internal URL or a raw
 * cURL error, in the page or in a REST body. Configuration problems (sidecar unreachable,
 * secrets that differ, the sidecar's TMDb key or WordPress credentials) can only be fixed by an
 * administrator, so other users are told to ask one.
 */
final class Error_Presenter {

	/** Plugin error codes that mean "the setup is wrong", not "this post is wrong". */
	private const CONFIG_CODES = array(
		'tmu_sidecar_unreachable',
		'tmu_sidecar_not_configured',
		'tmu_sidecar_signature_rejected',
		'tmu_sidecar_error',
		'tmu_sidecar_bad_response',
	);

	/** Sidecar error codes (a stored job error starts with one) that mean the same. */
	private const SIDECAR_CONFIG_CODES = array( 'wordpress_credentials', 'tmdb_auth', 'tmdb_key_missing', 'config_invalid', 'database_error' );

	/** Data keys only administrators receive. */
	private const ADMIN_DATA = array( 'reason', 'sidecar_status', 'sidecar_url' );

	/**
	 * Errors already told (a route that presents its own error also passes the REST filter).
	 *
	 * @var \SplObjectStorage<WP_Error, null>|null
	 */
	private static ?\SplObjectStorage $presented = null;

	/**
	 * A tmu/v1 route's WP_Error, told to the current user (rest_request_after_callbacks).
	 *
	 * @param mixed           $response Route result.
	 * @param mixed           $handler  Route handler.
	 * @param WP_REST_Request $request  Request.
	 * @return mixed
	 */
	public static function filter_rest_response( $response, $handler, $request ) {
		unset( $handler );
		if ( ! $response instanceof WP_Error || ! $request instanceof WP_REST_Request ) {
			return $response;
		}
		return str_starts_with( $request->get_route(), '/' . REST_NAMESPACE . '/' ) ? self::for_rest( $response ) : $response;
	}

	/**
	 * Whether the current user can fix configuration problems.
	 */
	public static function is_admin(): bool {
		return current_user_can( 'manage_options' );
	}

	/**
	 * The WP_Error a REST route answers to the current user: a plain message, and for
	 * administrators a data.details object {code, status, sidecar_url?, detail?}. Idempotent.
	 *
	 * @param WP_Error $error Error.
	 */
	public static function for_rest( WP_Error $error ): WP_Error {
		self::$presented = self::$presented ?? new \SplObjectStorage();
		if ( self::$presented->contains( $error ) ) {
			return $error;
		}
		$data    = $error->get_error_data();
		$data    = is_array( $data ) ? $data : array();
		$code    = (string) $error->get_error_code();
		$message = $error->get_error_message();
		$clean   = array_diff_key( $data, array_flip( self::ADMIN_DATA ) );
		if ( self::is_admin() ) {
			$clean['details'] = self::details( $code, $message, $data );
		}
		$told = new WP_Error( $code, self::sentence( $code, $message ), $clean );
		self::$presented->attach( $told );
		return $told;
	}

	/**
	 * The sentence the current user reads for an error.
	 *
	 * @param string $code    Plugin or sidecar error code ('' for a stored sidecar error that starts with its code).
	 * @param string $message Full message.
	 */
	public static function sentence( string $code, string $message ): string {
		$split = self::split( $message );
		$code  = '' !== $code ? $code : $split['code'];
		if ( 'tmu_sidecar_unreachable' === $code ) {
			return self::is_admin()
				? __( 'The sync service is not answering.', 'tmu-sidecar' )
				: __( 'The sync service is not answering. Ask an administrator to check it.', 'tmu-sidecar' );
		}
		if ( ! self::is_admin() && self::is_configuration( $code, $message ) ) {
			return self::ask_an_administrator();
		}
		return $split['message'];
	}

	/**
	 * The technical detail of an error: what an administrator's details line shows.
	 *
	 * @param string               $code    Error code.
	 * @param string               $message Full message.
	 * @param array<string, mixed> $data    Error data.
	 * @return array<string, mixed>
	 */
	public static function details( string $code, string $message, array $data = array() ): array {
		$split   = self::split( $message );
		$details = array( 'code' => '' !== $code ? $code : $split['code'] );
		if ( isset( $data['sidecar_status'] ) ) {
			$details['status'] = (int) $data['sidecar_status'];
		} elseif ( isset( $data['status'] ) ) {
			$details['status'] = (int) $data['status'];
		}
		if ( 'tmu_sidecar_unreachable' === $code ) {
			$details['sidecar_url'] = ( new Settings() )->sidecar_url();
		}
		$detail = trim( $split['message'] . ( isset( $data['reason'] ) && is_string( $data['reason'] ) ? ' (' . $data['reason'] . ')' : '' ) );
		if ( '' !== $detail && self::sentence( $code, $message ) !== $detail ) {
			$details['detail'] = $detail;
		}
		return array_filter( $details, static fn ( $value ) => '' !== $value && null !== $value );
	}

	/**
	 * The details line: "Code: tmu_sidecar_unreachable · HTTP 503 · Sidecar: http://…".
	 *
	 * @param array<string, mixed> $details From details().
	 */
	public static function details_line( array $details ): string {
		$parts = array();
		if ( ! empty( $details['code'] ) ) {
			/* translators: %s: error code. */
			$parts[] = sprintf( __( 'Code: %s', 'tmu-sidecar' ), (string) $details['code'] );
		}
		if ( ! empty( $details['status'] ) ) {
			/* translators: %d: HTTP status. */
			$parts[] = sprintf( __( 'HTTP %d', 'tmu-sidecar' ), (int) $details['status'] );
		}
		if ( ! empty( $details['sidecar_url'] ) ) {
			/* translators: %s: the sidecar URL. */
			$parts[] = sprintf( __( 'Sidecar: %s', 'tmu-sidecar' ), (string) $details['sidecar_url'] );
		}
		if ( ! empty( $details['detail'] ) ) {
			$parts[] = (string) $details['detail'];
		}
		return implode( ' · ', $parts );
	}

	/**
	 * An error as a WordPress notice: the sentence, and for administrators the details line.
	 *
	 * @param string                $code       Error code ('' for a stored sidecar error).
	 * @param string                $message    Full message.
	 * @param array<string, mixed>  $data       Error data.
	 * @param array<string, string> $attributes Extra attributes of the notice (id, data-*).
	 * @param string                $lead       Bold text before the sentence, or ''.
	 */
	public static function notice( string $code, string $message, array $data = array(), array $attributes = array(), string $lead = '' ): string {
		$line  = self::is_admin() ? self::details_line( self::details( $code, $message, $data ) ) : '';
		$attrs = '';
		foreach ( $attributes as $name => $value ) {
			$attrs .= ' ' . sanitize_key( $name ) . '="' . esc_attr( $value ) . '"';
		}
		return sprintf(
			'<div class="notice notice-error tmu-error-notice"%1$s role="alert"><p>%2$s%3$s</p>%4$s</div>',
			$attrs,
			'' !== $lead ? '<strong>' . esc_html( $lead ) . '</strong> ' : '',
			esc_html( self::sentence( $code, $message ) ),
			'' !== $line ? '<p class="description tmu-error-details">' . esc_html( $line ) . '</p>' : ''
		);
	}

	/**
	 * A message without the "code: " an older sidecar put in front of it.
	 *
	 * @param string $message Message.
	 * @return array{code:string, message:string}
	 */
	public static function split( string $message ): array {
		if ( 1 === preg_match( '/^([a-z][a-z0-9_]*[a-z0-9]): (.+)$/s', $message, $match ) ) {
			return array(
				'code'    => $match[1],
				'message' => $match[2],
			);
		}
		return array(
			'code'    => '',
			'message' => $message,
		);
	}

	/**
	 * Whether an error is about the setup.
	 *
	 * @param string $code    Plugin or sidecar error code.
	 * @param string $message Message (a stored sidecar error may start with its code).
	 */
	public static function is_configuration( string $code, string $message ): bool {
		$stored = self::split( $message )['code'];
		return in_array( $code, self::CONFIG_CODES, true )
			|| in_array( $code, self::SIDECAR_CONFIG_CODES, true )
			|| in_array( $stored, self::SIDECAR_CONFIG_CODES, true );
	}

	/**
	 * What a user who cannot fix the setup reads instead.
	 */
	public static function ask_an_administrator(): string {
		return __( 'TMDb sync is not set up correctly on this site. Ask an administrator to run Test connection on Settings → TMU Sidecar.', 'tmu-sidecar' );
	}
}
