<?php
/**
 * What Site Health reads from the sidecar: its /health answer, its signed details, the connection report.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Asks the sidecar once and keeps each answer a short while, so that the tests of one Site Health
 * visit share a round trip and an admin page never waits for the sidecar more than once in a while.
 */
final class Site_Health_Facts {

	/** The /health answer (or why there is none), for the version notice and the version test. */
	public const HEALTH_TRANSIENT = 'tmu_sidecar_health_answer';

	/** The signed /health/details answer, for the daily-run test and the Debug Info section. */
	public const DETAILS_TRANSIENT = 'tmu_sidecar_health_details';

	/** Seconds an answer is kept: a Site Health visit reads it fresh, a page load at most this often. */
	public const CACHE_SECONDS = 300;

	/** Seconds an admin page load may wait for /health (the notice); Site Health itself waits longer. */
	public const NOTICE_TIMEOUT = 2;

	/**
	 * Sidecar client.
	 *
	 * @var Sidecar_Client
	 */
	private Sidecar_Client $client;

	/**
	 * Test connection.
	 *
	 * @var Connection_Check
	 */
	private Connection_Check $connection;

	/**
	 * Constructor.
	 *
	 * @param Sidecar_Client   $client     Sidecar client.
	 * @param Connection_Check $connection Test connection.
	 */
	public function __construct( Sidecar_Client $client, Connection_Check $connection ) {
		$this->client     = $client;
		$this->connection = $connection;
	}

	/**
	 * The connection report: fresh when asked (the first test of a visit), else the last one.
	 *
	 * @param bool $fresh Ask the sidecar now.
	 * @return array<string, mixed>
	 */
	public function connection( bool $fresh ): array {
		return $fresh ? $this->connection->run() : $this->connection->cached();
	}

	/**
	 * GET /health: {ok: true, version} or {ok: false, message}.
	 *
	 * @param bool $fresh   Ask the sidecar now rather than read the kept answer.
	 * @param int  $timeout Seconds to wait.
	 * @return array{ok:bool, version:string, message:string}
	 */
	public function health( bool $fresh, int $timeout = Sidecar_Client::TIMEOUT ): array {
		$kept = get_transient( self::HEALTH_TRANSIENT );
		if ( ! $fresh && is_array( $kept ) ) {
			return $kept;
		}
		$result = $this->client->request( 'GET', '/health', array(), null, array( 'timeout' => $timeout ) );
		if ( is_wp_error( $result ) ) {
			$answer = self::failed( $result->get_error_message() );
		} else {
			$body    = is_array( $result['body'] ) ? $result['body'] : array();
			$version = isset( $body['version'] ) && is_string( $body['version'] ) ? sanitize_text_field( $body['version'] ) : '';
			$answer  = '' === $version
				/* translators: %d: HTTP status. */
				? self::failed( sprintf( __( 'The sidecar answered /health with HTTP %d and no version.', 'tmu-sidecar' ), $result['status'] ) )
				: array(
					'ok'      => true,
					'version' => $version,
					'message' => '',
				);
		}
		set_transient( self::HEALTH_TRANSIENT, $answer, self::CACHE_SECONDS );
		return $answer;
	}

	/**
	 * GET /health/details (signed): version, column format, table prefix, queue, last daily run, last errors.
	 *
	 * @param bool $fresh Ask the sidecar now rather than read the kept answer.
	 * @return array<string, mixed>|null Null when the sidecar did not answer it.
	 */
	public function details( bool $fresh ): ?array {
		$kept = get_transient( self::DETAILS_TRANSIENT );
		if ( ! $fresh && is_array( $kept ) ) {
			return $kept['details'];
		}
		$result  = $this->client->request( 'GET', '/health/details' );
		$details = ! is_wp_error( $result ) && Sidecar_Client::is_success( $result ) && is_array( $result['body'] ) ? $result['body'] : null;
		set_transient( self::DETAILS_TRANSIENT, array( 'details' => $details ), self::CACHE_SECONDS );
		return $details;
	}

	/**
	 * An answer that carries no version.
	 *
	 * @param string $message Why.
	 * @return array{ok:bool, version:string, message:string}
	 */
	private static function failed( string $message ): array {
		return array(
			'ok'      => false,
			'version' => '',
			'message' => $message,
		);
	}
}
