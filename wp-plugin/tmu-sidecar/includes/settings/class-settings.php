<?php
/**
 * The plugin's settings: one option array, read through this class.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Reads and sanitizes the `tmu_sidecar_settings` option.
 *
 * Constants in wp-config.php win over the settings page:
 * `TMU_SIDECAR_URL` and `TMU_WEBHOOK_SECRET`.
 */
final class Settings {

	public const OPTION       = 'tmu_sidecar_settings';
	public const GROUP        = 'tmu_sidecar';
	public const DEFAULT_URL  = 'http://127.0.0.1:8787';
	public const SECRET_BYTES = 32;

	/**
	 * Seals the TMDb key in the option.
	 *
	 * @var Secret_Box
	 */
	private Secret_Box $box;

	/**
	 * Constructor.
	 *
	 * @param Secret_Box|null $box Seals the TMDb key (default: one keyed by the site's salts).
	 */
	public function __construct( ?Secret_Box $box = null ) {
		$this->box = $box ?? new Secret_Box();
	}

	/**
	 * Default values of every setting.
	 *
	 * @return array<string, mixed>
	 */
	public function defaults(): array {
		return array(
			'tmdb_api_key'   => '',
			'language'       => 'en-US',
			'watch_region'   => 'US',
			'sync_images'    => true,
			'sync_videos'    => true,
			'sync_credits'   => true,
			'sync_seasons'   => true,
			'auto_sync'      => true,
			'sidecar_url'    => '',
			'webhook_secret' => '',
		);
	}

	/**
	 * The stored settings merged over the defaults.
	 *
	 * @return array<string, mixed>
	 */
	public function all(): array {
		$stored = get_option( self::OPTION, array() );
		if ( ! is_array( $stored ) ) {
			$stored = array();
		}
		return array_merge( $this->defaults(), array_intersect_key( $stored, $this->defaults() ) );
	}

	/**
	 * One setting.
	 *
	 * @param string $key Setting name.
	 * @return mixed
	 */
	public function get( string $key ) {
		$all = $this->all();
		return $all[ $key ] ?? null;
	}

	/**
	 * Whether a boolean setting is on.
	 *
	 * @param string $key Setting name.
	 */
	public function is_on( string $key ): bool {
		return (bool) $this->get( $key );
	}

	/**
	 * Whether wp-config.php defines the sidecar URL.
	 */
	public function url_from_constant(): bool {
		return defined( 'TMU_SIDECAR_URL' ) && is_string( constant( 'TMU_SIDECAR_URL' ) ) && '' !== constant( 'TMU_SIDECAR_URL' );
	}

	/**
	 * Whether wp-config.php defines the webhook secret.
	 */
	public function secret_from_constant(): bool {
		return defined( 'TMU_WEBHOOK_SECRET' ) && is_string( constant( 'TMU_WEBHOOK_SECRET' ) ) && '' !== constant( 'TMU_WEBHOOK_SECRET' );
	}

	/**
	 * The sidecar's base URL, without a trailing slash.
	 */
	public function sidecar_url(): string {
		if ( $this->url_from_constant() ) {
			$url = (string) constant( 'TMU_SIDECAR_URL' );
		} else {
			$url = (string) $this->get( 'sidecar_url' );
		}
		if ( '' === $url ) {
			$url = self::DEFAULT_URL;
		}
		return untrailingslashit( $url );
	}

	/**
	 * The shared webhook secret ('' when none is configured).
	 */
	public function webhook_secret(): string {
		if ( $this->secret_from_constant() ) {
			return (string) constant( 'TMU_WEBHOOK_SECRET' );
		}
		return (string) $this->get( 'webhook_secret' );
	}

	/**
	 * Whether a TMDb API key is stored.
	 */
	public function has_api_key(): bool {
		return '' !== (string) $this->get( 'tmdb_api_key' );
	}

	/**
	 * The saved key: 'none', 'saved', or 'unreadable' (sealed under salts the site no longer has).
	 */
	public function api_key_state(): string {
		if ( ! $this->has_api_key() ) {
			return 'none';
		}
		return '' === $this->api_key() ? 'unreadable' : 'saved';
	}

	/**
	 * The TMDb key in clear ('' when none is saved or it can no longer be opened).
	 *
	 * @param array<string, mixed>|null $values Option value to read (default: the stored one).
	 */
	public function api_key( ?array $values = null ): string {
		$stored = (string) ( null === $values ? $this->get( 'tmdb_api_key' ) : ( $values['tmdb_api_key'] ?? '' ) );
		if ( '' === $stored || ! Secret_Box::is_sealed( $stored ) ) {
			// Plain text from an earlier version until seal_stored_key() runs.
			return $stored;
		}
		return (string) $this->box->open( $stored );
	}

	/**
	 * Seals a key an earlier version stored in plain text (runs on admin_init).
	 */
	public function seal_stored_key(): void {
		$stored = get_option( self::OPTION, null );
		if ( ! is_array( $stored ) || ! isset( $stored['tmdb_api_key'] ) || ! is_string( $stored['tmdb_api_key'] ) ) {
			return;
		}
		if ( '' === $stored['tmdb_api_key'] || Secret_Box::is_sealed( $stored['tmdb_api_key'] ) ) {
			return;
		}
		$stored['tmdb_api_key'] = $this->box->seal( $stored['tmdb_api_key'] );
		update_option( self::OPTION, $stored, false );
	}

	/**
	 * A new random webhook secret (64 hex characters).
	 */
	public function generate_secret(): string {
		return bin2hex( random_bytes( self::SECRET_BYTES ) );
	}

	/**
	 * Stores a random webhook secret when none is configured (activation).
	 */
	public function ensure_secret(): void {
		if ( $this->secret_from_constant() || '' !== (string) $this->get( 'webhook_secret' ) ) {
			return;
		}
		$stored = get_option( self::OPTION, null );
		$values = is_array( $stored ) ? array_merge( $this->defaults(), $stored ) : $this->defaults();

		$values['webhook_secret'] = $this->generate_secret();
		if ( null === $stored ) {
			add_option( self::OPTION, $values, '', false );
		} else {
			update_option( self::OPTION, $values, false );
		}
	}

	/**
	 * The default per-sync options for a webhook type (movie, tv, drama, person).
	 *
	 * `seasons` uses the sidecar's vocabulary: 'all', 'none' or a list of season numbers.
	 *
	 * @param string $webhook_type The sidecar's content type.
	 * @return array<string, mixed>
	 */
	public function default_sync_options( string $webhook_type ): array {
		$options = array(
			'images'  => $this->is_on( 'sync_images' ),
			'videos'  => $this->is_on( 'sync_videos' ),
			'credits' => $this->is_on( 'sync_credits' ),
		);
		if ( in_array( $webhook_type, array( 'tv', 'drama' ), true ) ) {
			$options['seasons'] = $this->is_on( 'sync_seasons' ) ? 'all' : 'none';
		}
		return $options;
	}

	/**
	 * The payload of the `settings.updated` event (without the event name).
	 *
	 * @param array<string, mixed>|null $values Option value to describe (default: the stored one).
	 * @return array<string, mixed>
	 */
	public function sidecar_payload( ?array $values = null ): array {
		$all     = null === $values ? $this->all() : array_merge( $this->defaults(), array_intersect_key( $values, $this->defaults() ) );
		$payload = array(
			'auto_sync'    => (bool) $all['auto_sync'],
			'sync_images'  => (bool) $all['sync_images'],
			'sync_videos'  => (bool) $all['sync_videos'],
			'sync_credits' => (bool) $all['sync_credits'],
			'sync_seasons' => (bool) $all['sync_seasons'],
			'language'     => (string) $all['language'],
			'watch_region' => (string) $all['watch_region'],
		);
		$key = $this->api_key( $all );
		if ( '' !== $key ) {
			$payload['tmdb_api_key'] = $key;
		}
		return $payload;
	}

	/**
	 * Sanitize callback of the Settings API.
	 *
	 * Runs on every update_option() of the option, so it must be idempotent. Fields
	 * that are absent from the input keep their stored value: an empty API key keeps
	 * the saved key, and disabled inputs (constants) are never submitted.
	 *
	 * @param mixed $input Raw submitted value.
	 * @return array<string, mixed>
	 */
	public function sanitize( $input ): array {
		$current = $this->all();
		if ( ! is_array( $input ) ) {
			return $current;
		}
		$clean = $current;

		$clean = $this->sanitize_tmdb( $input, $clean );

		foreach ( array( 'sync_images', 'sync_videos', 'sync_credits', 'sync_seasons', 'auto_sync' ) as $flag ) {
			if ( array_key_exists( $flag, $input ) ) {
				$clean[ $flag ] = rest_sanitize_boolean( $input[ $flag ] );
			}
		}

		$clean = $this->sanitize_connection( $input, $clean );

		return $clean;
	}

	/**
	 * The TMDb API key and the language of a submitted form.
	 *
	 * @param array<string, mixed> $input Raw submitted value.
	 * @param array<string, mixed> $clean What is saved so far.
	 * @return array<string, mixed>
	 */
	private function sanitize_tmdb( array $input, array $clean ): array {
		// TMDb API key: never echoed, stored sealed, an empty submit keeps the stored key.
		if ( ! empty( $input['tmdb_api_key_clear'] ) ) {
			$clean['tmdb_api_key'] = '';
		} elseif ( isset( $input['tmdb_api_key'] ) && is_string( $input['tmdb_api_key'] ) && Secret_Box::is_sealed( $input['tmdb_api_key'] ) ) {
			// update_option() with the stored array runs this again: a sealed value stays as it is.
			$clean['tmdb_api_key'] = $input['tmdb_api_key'];
		} elseif ( isset( $input['tmdb_api_key'] ) && is_string( $input['tmdb_api_key'] ) ) {
			$key = trim( sanitize_text_field( $input['tmdb_api_key'] ) );
			if ( '' !== $key ) {
				if ( preg_match( '/^[A-Za-z0-9._\-]{16,1024}$/', $key ) ) {
					$clean['tmdb_api_key'] = $this->box->seal( $key );
				} else {
					$this->settings_error(
						'tmu_invalid_api_key',
						__( 'The TMDb API key was not saved: it should be a v3 API key or a v4 read access token.', 'tmu-sidecar' )
					);
				}
			}
		}

		if ( isset( $input['language'] ) && is_string( $input['language'] ) ) {
			$language = trim( $input['language'] );
			if ( preg_match( '/^[a-z]{2}(-[A-Z]{2})?$/', $language ) ) {
				$clean['language'] = $language;
			} else {
				$this->settings_error( 'tmu_invalid_language', __( 'The language must look like en-US.', 'tmu-sidecar' ) );
			}
		}

		if ( isset( $input['watch_region'] ) && is_string( $input['watch_region'] ) ) {
			$region = strtoupper( trim( $input['watch_region'] ) );
			if ( 1 === preg_match( '/^[A-Z]{2}$/', $region ) ) {
				$clean['watch_region'] = $region;
			} else {
				$this->settings_error( 'tmu_invalid_watch_region', __( 'The where-to-watch region must be a two-letter country code such as US.', 'tmu-sidecar' ) );
			}
		}
		return $clean;
	}

	/**
	 * The sidecar URL and the webhook secret of a submitted form (unless wp-config.php sets them).
	 *
	 * @param array<string, mixed> $input Raw submitted value.
	 * @param array<string, mixed> $clean What is saved so far.
	 * @return array<string, mixed>
	 */
	private function sanitize_connection( array $input, array $clean ): array {
		if ( ! $this->url_from_constant() && isset( $input['sidecar_url'] ) && is_string( $input['sidecar_url'] ) ) {
			$url = trim( $input['sidecar_url'] );
			if ( '' === $url ) {
				$clean['sidecar_url'] = '';
			} elseif ( wp_http_validate_url( $url ) || preg_match( '#^https?://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(/.*)?$#', $url ) ) {
				$clean['sidecar_url'] = untrailingslashit( esc_url_raw( $url, array( 'http', 'https' ) ) );
			} else {
				$this->settings_error( 'tmu_invalid_url', __( 'The sidecar URL must be an http or https URL.', 'tmu-sidecar' ) );
			}
		}

		if ( ! $this->secret_from_constant() && isset( $input['webhook_secret'] ) && is_string( $input['webhook_secret'] ) ) {
			$secret = trim( $input['webhook_secret'] );
			if ( '' !== $secret ) {
				if ( strlen( $secret ) >= 16 && preg_match( '/^[\x21-\x7e]+$/', $secret ) ) {
					$clean['webhook_secret'] = $secret;
				} else {
					$this->settings_error(
						'tmu_invalid_secret',
						__( 'The webhook secret must be at least 16 printable characters without spaces.', 'tmu-sidecar' )
					);
				}
			}
		}
		if ( ! $this->secret_from_constant() && ! empty( $input['webhook_secret_regenerate'] ) ) {
			$clean['webhook_secret'] = $this->generate_secret();
		}
		return $clean;
	}

	/**
	 * Records a settings error when the Settings API is available.
	 *
	 * @param string $code    Error code.
	 * @param string $message Message shown to the user.
	 */
	private function settings_error( string $code, string $message ): void {
		if ( function_exists( 'add_settings_error' ) ) {
			add_settings_error( self::OPTION, $code, $message, 'error' );
		}
	}
}
