<?php
/**
 * Signed HTTP requests to the TMU sidecar.
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
 * Talks to the sidecar over its signed HTTP contract (docs/http-contract.md).
 *
 * Every request carries X-TMU-Timestamp, X-TMU-Delivery and
 * X-TMU-Signature: sha256=hex(HMAC-SHA256(secret, timestamp . "." . METHOD . "." . path_with_query . "." . raw_body)).
 */
final class Sidecar_Client {

	/** Seconds to wait for an answer; never more than 10. */
	public const TIMEOUT = 10;

	/** Seconds a fire-and-forget request may take to be handed over. */
	public const ASYNC_TIMEOUT = 2;

	public const WEBHOOK_PATH = '/webhooks/wordpress';

	/**
	 * Settings.
	 *
	 * @var Settings
	 */
	private Settings $settings;

	/**
	 * Constructor.
	 *
	 * @param Settings $settings Settings.
	 */
	public function __construct( Settings $settings ) {
		$this->settings = $settings;
	}

	/**
	 * The signature header value for one request.
	 *
	 * @param string $secret          Shared secret.
	 * @param string $timestamp       Unix seconds, as sent.
	 * @param string $method          HTTP method (upper case).
	 * @param string $path_with_query Path and query string, exactly as sent.
	 * @param string $raw_body        Body, exactly as sent ('' for GET).
	 */
	public static function sign( string $secret, string $timestamp, string $method, string $path_with_query, string $raw_body ): string {
		$data = $timestamp . '.' . strtoupper( $method ) . '.' . $path_with_query . '.' . $raw_body;
		return 'sha256=' . hash_hmac( 'sha256', $data, $secret );
	}

	/**
	 * Sends a webhook event (POST /webhooks/wordpress) and waits for the answer.
	 *
	 * @param string               $event   Event name, e.g. sync.requested.
	 * @param array<string, mixed> $payload Event fields.
	 * @return array{status:int, body:mixed, raw:string}|WP_Error
	 */
	public function send_event( string $event, array $payload = array() ) {
		return $this->request( 'POST', self::WEBHOOK_PATH, array(), self::event_body( $event, $payload ) );
	}

	/**
	 * Asks the sidecar to sync one title (`sync.requested`), on behalf of the current user, and waits
	 * for the answer. A refusal (any status but 2xx) comes back as a WP_Error, like a transport failure.
	 *
	 * @param string               $type    Webhook type (movie, tv, drama).
	 * @param int                  $tmdb_id TMDb id.
	 * @param int|null             $post_id The post to sync; null lets the sidecar find or create it.
	 * @param array<string, mixed> $options Sync options.
	 * @param array<string, mixed> $args    Request arguments (a timeout).
	 * @return array{status:int, body:mixed, raw:string}|WP_Error
	 */
	public function request_sync( string $type, int $tmdb_id, ?int $post_id, array $options, array $args = array() ) {
		$payload = array(
			'type'    => $type,
			'tmdb_id' => $tmdb_id,
		);
		if ( null !== $post_id ) {
			$payload['post_id'] = $post_id;
		}
		$payload['options'] = $options;
		$result             = $this->request( 'POST', self::WEBHOOK_PATH, array(), self::event_body( 'sync.requested', array_merge( $payload, Resync_Guard::requested_by() ) ), $args );
		if ( ! is_wp_error( $result ) && ! self::is_success( $result ) ) {
			return $this->error_from_response( $result );
		}
		return $result;
	}

	/**
	 * Sends a webhook event without waiting for the sidecar's answer.
	 *
	 * Failures are only logged (when WP_DEBUG is on): callers use this from hooks that must not block.
	 *
	 * @param string               $event   Event name.
	 * @param array<string, mixed> $payload Event fields.
	 */
	public function send_event_async( string $event, array $payload = array() ): void {
		$result = $this->request(
			'POST',
			self::WEBHOOK_PATH,
			array(),
			self::event_body( $event, $payload ),
			array(
				'blocking' => false,
				'timeout'  => self::ASYNC_TIMEOUT,
			)
		);
		if ( is_wp_error( $result ) && defined( 'WP_DEBUG' ) && WP_DEBUG ) {
			// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- debug-only diagnostics.
			error_log( sprintf( 'TMU Sidecar: %s not delivered: %s', $event, $result->get_error_message() ) );
		}
	}

	/**
	 * A JSON-ready event body: {"event": ..., ...payload}.
	 *
	 * @param string               $event   Event name.
	 * @param array<string, mixed> $payload Event fields.
	 * @return array<string, mixed>
	 */
	public static function event_body( string $event, array $payload ): array {
		return array_merge( array( 'event' => $event ), $payload );
	}

	/**
	 * One signed request to the sidecar.
	 *
	 * @param string                    $method  GET or POST.
	 * @param string                    $path    Path below the sidecar URL, starting with '/'.
	 * @param array<string, scalar>     $query   Query parameters.
	 * @param array<string, mixed>|null $payload JSON body (POST) or null.
	 * @param array<string, mixed>      $args    Extra wp_remote_request() arguments (blocking, timeout).
	 * @return array{status:int, body:mixed, raw:string}|WP_Error
	 */
	public function request( string $method, string $path, array $query = array(), ?array $payload = null, array $args = array() ) {
		$secret = $this->settings->webhook_secret();
		if ( '' === $secret ) {
			return new WP_Error(
				'tmu_sidecar_not_configured',
				__( 'No webhook secret is configured: set TMU_WEBHOOK_SECRET in wp-config.php or on Settings → TMU Sidecar.', 'tmu-sidecar' ),
				array( 'status' => 500 )
			);
		}
		$target = $this->target( $path, $query );
		if ( is_wp_error( $target ) ) {
			return $target;
		}
		$raw_body = self::encode_body( $payload );
		if ( is_wp_error( $raw_body ) ) {
			return $raw_body;
		}
		$method   = strtoupper( $method );
		$blocking = ! isset( $args['blocking'] ) || (bool) $args['blocking'];
		$response = wp_remote_request(
			$target['origin'] . $target['path'],
			array(
				'method'      => $method,
				'headers'     => self::signed_headers( $secret, $method, $target['path'], $raw_body, null !== $payload ),
				'body'        => null !== $payload ? $raw_body : null,
				'timeout'     => isset( $args['timeout'] ) ? min( (float) $args['timeout'], (float) self::TIMEOUT ) : (float) self::TIMEOUT,
				'blocking'    => $blocking,
				'redirection' => 0,
				'user-agent'  => 'TMU-Sidecar-Plugin/' . VERSION . '; ' . home_url( '/' ),
			)
		);
		$answer = $this->read_response( $response, $blocking );
		if ( is_array( $answer ) && self::is_success( $answer ) ) {
			/**
			 * Fires when the sidecar answered a request with 2xx (a stale failure notice ends here).
			 *
			 * @param string $path Path below the sidecar URL.
			 */
			do_action( 'tmu_sidecar_answered', $path );
		}
		return $answer;
	}

	/**
	 * The sidecar's origin and the path (with its URL prefix and query string) that is sent and signed.
	 *
	 * @param string                $path  Path below the sidecar URL, starting with '/'.
	 * @param array<string, scalar> $query Query parameters.
	 * @return array{origin:string, path:string}|WP_Error
	 */
	private function target( string $path, array $query ) {
		$base  = $this->settings->sidecar_url();
		$parts = wp_parse_url( $base );
		if ( ! is_array( $parts ) || empty( $parts['host'] ) || empty( $parts['scheme'] ) ) {
			return new WP_Error(
				'tmu_sidecar_not_configured',
				/* translators: %s: the configured sidecar URL. */
				sprintf( __( 'The sidecar URL %s is not a valid URL.', 'tmu-sidecar' ), $base ),
				array( 'status' => 500 )
			);
		}
		$prefix          = isset( $parts['path'] ) ? untrailingslashit( (string) $parts['path'] ) : '';
		$path_with_query = $prefix . $path;
		$query_string    = self::build_query( $query );
		if ( '' !== $query_string ) {
			$path_with_query .= '?' . $query_string;
		}
		return array(
			'origin' => $parts['scheme'] . '://' . $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' ),
			'path'   => $path_with_query,
		);
	}

	/**
	 * The JSON body exactly as it is sent and signed ('' without a payload).
	 *
	 * @param array<string, mixed>|null $payload JSON body or null.
	 * @return string|WP_Error
	 */
	private static function encode_body( ?array $payload ) {
		if ( null === $payload ) {
			return '';
		}
		$encoded = wp_json_encode( $payload, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE );
		if ( false === $encoded ) {
			return new WP_Error( 'tmu_sidecar_encoding', __( 'The request could not be encoded as JSON.', 'tmu-sidecar' ), array( 'status' => 500 ) );
		}
		return $encoded;
	}

	/**
	 * Timestamp, delivery id and signature headers of one request.
	 *
	 * @param string $secret          Webhook secret.
	 * @param string $method          HTTP method.
	 * @param string $path_with_query What is signed: path and query string.
	 * @param string $raw_body        Body as sent.
	 * @param bool   $is_json         Whether a JSON body is sent.
	 * @return array<string, string>
	 */
	private static function signed_headers( string $secret, string $method, string $path_with_query, string $raw_body, bool $is_json ): array {
		$timestamp = (string) time();
		$headers   = array(
			'Accept'          => 'application/json',
			'X-TMU-Timestamp' => $timestamp,
			'X-TMU-Delivery'  => wp_generate_uuid4(),
			'X-TMU-Signature' => self::sign( $secret, $timestamp, $method, $path_with_query, $raw_body ),
		);
		if ( $is_json ) {
			$headers['Content-Type'] = 'application/json';
		}
		return $headers;
	}

	/**
	 * The sidecar's answer as {status, body, raw}; unreachable becomes a 503 WP_Error.
	 *
	 * @param array<string, mixed>|WP_Error $response wp_remote_request() result.
	 * @param bool                          $blocking Whether the request waited for the answer.
	 * @return array{status:int, body:mixed, raw:string}|WP_Error
	 */
	private function read_response( $response, bool $blocking ) {
		if ( is_wp_error( $response ) ) {
			return new WP_Error(
				'tmu_sidecar_unreachable',
				/* translators: %s: the sidecar URL. */
				sprintf( __( 'The TMU sidecar is unreachable at %s', 'tmu-sidecar' ), $this->settings->sidecar_url() ),
				array(
					'status' => 503,
					'reason' => $response->get_error_message(),
				)
			);
		}
		if ( ! $blocking ) {
			return array(
				'status' => 0,
				'body'   => null,
				'raw'    => '',
			);
		}
		$raw = (string) wp_remote_retrieve_body( $response );
		return array(
			'status' => (int) wp_remote_retrieve_response_code( $response ),
			'body'   => '' === $raw ? null : json_decode( $raw, true ),
			'raw'    => $raw,
		);
	}

	/**
	 * Turns a non-2xx answer of the sidecar into a WP_Error for the REST routes.
	 *
	 * @param array{status:int, body:mixed, raw:string} $response Sidecar answer.
	 */
	public function error_from_response( array $response ): WP_Error {
		$status  = $response['status'];
		$message = '';
		$body    = $response['body'];
		if ( is_array( $body ) && isset( $body['error'] ) ) {
			if ( is_array( $body['error'] ) && isset( $body['error']['message'] ) && is_string( $body['error']['message'] ) ) {
				$message = $body['error']['message'];
			} elseif ( is_string( $body['error'] ) ) {
				$message = $body['error'];
			}
		}

		if ( 401 === $status ) {
			return new WP_Error(
				'tmu_sidecar_signature_rejected',
				__( 'The sidecar rejected the request signature: the webhook secrets of WordPress and the sidecar differ (or the clocks are more than 5 minutes apart).', 'tmu-sidecar' ),
				array(
					'status'         => 502,
					'sidecar_status' => $status,
				)
			);
		}
		if ( 400 === $status || 422 === $status ) {
			return new WP_Error(
				'tmu_sidecar_rejected',
				/* translators: %s: the sidecar's error message. */
				sprintf( __( 'The sidecar refused the request: %s', 'tmu-sidecar' ), '' !== $message ? $message : __( 'invalid request', 'tmu-sidecar' ) ),
				array(
					'status'         => 400,
					'sidecar_status' => $status,
				)
			);
		}
		return new WP_Error(
			'tmu_sidecar_error',
			/* translators: 1: HTTP status, 2: the sidecar's error message. */
			sprintf( __( 'The sidecar answered HTTP %1$d %2$s', 'tmu-sidecar' ), $status, $message ),
			array(
				'status'         => 502,
				'sidecar_status' => $status,
			)
		);
	}

	/**
	 * Whether an answer is 2xx.
	 *
	 * @param array{status:int, body:mixed, raw:string} $response Sidecar answer.
	 */
	public static function is_success( array $response ): bool {
		return $response['status'] >= 200 && $response['status'] < 300;
	}

	/**
	 * RFC 3986 query string: what is signed is exactly what is sent.
	 *
	 * @param array<string, scalar> $query Parameters.
	 */
	public static function build_query( array $query ): string {
		$pairs = array();
		foreach ( $query as $key => $value ) {
			if ( null === $value ) {
				continue;
			}
			if ( is_bool( $value ) ) {
				$value = $value ? 'true' : 'false';
			}
			$pairs[] = rawurlencode( (string) $key ) . '=' . rawurlencode( (string) $value );
		}
		return implode( '&', $pairs );
	}
}
