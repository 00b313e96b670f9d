<?php
/**
 * Which TMDb key the sidecar uses.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The sidecar reads TMDB_API_KEY from its environment first and the key pushed from the settings
 * page second. Its signed GET /health/details answer says which one it uses (tmdb_key_source:
 * environment, settings or none); an older sidecar that does not say reads as "unknown".
 */
final class Key_Source {

	/** Seconds the settings page waits for the answer. */
	private const TIMEOUT = 3;

	/**
	 * Sidecar client.
	 *
	 * @var Sidecar_Client
	 */
	private Sidecar_Client $client;

	/**
	 * Constructor.
	 *
	 * @param Sidecar_Client $client Sidecar client.
	 */
	public function __construct( Sidecar_Client $client ) {
		$this->client = $client;
	}

	/**
	 * Asks the sidecar now: environment, settings, none or unknown.
	 */
	public function source(): string {
		$result = $this->client->request( 'GET', '/health/details', array(), null, array( 'timeout' => self::TIMEOUT ) );
		if ( is_wp_error( $result ) || ! Sidecar_Client::is_success( $result ) || ! is_array( $result['body'] ) ) {
			return 'unknown';
		}
		return self::read( $result['body'] );
	}

	/**
	 * The source named in a /health/details answer.
	 *
	 * @param array<string, mixed> $body Decoded answer.
	 */
	public static function read( array $body ): string {
		$value = $body['tmdb_key_source'] ?? ( is_array( $body['tmdb'] ?? null ) ? ( $body['tmdb']['key_source'] ?? null ) : null );
		return in_array( $value, array( 'environment', 'settings', 'none' ), true ) ? (string) $value : 'unknown';
	}

	/**
	 * The line the settings page shows for a source.
	 *
	 * @param string $source environment, settings, none or unknown.
	 * @param bool   $saved  Whether a key is saved on the settings page.
	 */
	public static function label( string $source, bool $saved ): string {
		switch ( $source ) {
			case 'environment':
				return $saved
					? __( 'From the environment (TMDB_API_KEY) — the key saved here is ignored', 'tmu-sidecar' )
					: __( 'From the environment (TMDB_API_KEY)', 'tmu-sidecar' );
			case 'settings':
				return __( 'Saved here', 'tmu-sidecar' );
			case 'none':
				return __( 'None — TMDb cannot be read until a key is saved here', 'tmu-sidecar' );
			default:
				return __( 'Unknown — the sidecar did not say (it may be unreachable or older than this plugin)', 'tmu-sidecar' );
		}
	}
}
