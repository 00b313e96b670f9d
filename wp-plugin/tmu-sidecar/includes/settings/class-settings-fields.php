<?php
/**
 * The sections and fields of Settings → TMU Sidecar (Settings API).
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Renders each field bound to the `tmu_sidecar_settings` option; secrets are never printed back into a field.
 */
final class Settings_Fields {

	/**
	 * Settings.
	 *
	 * @var Settings
	 */
	private Settings $settings;

	/**
	 * Which key the sidecar uses, or null (no line).
	 *
	 * @var Key_Source|null
	 */
	private ?Key_Source $key_source;

	/**
	 * Constructor.
	 *
	 * @param Settings        $settings   Settings.
	 * @param Key_Source|null $key_source Which key the sidecar uses.
	 */
	public function __construct( Settings $settings, ?Key_Source $key_source = null ) {
		$this->settings   = $settings;
		$this->key_source = $key_source;
	}

	/**
	 * Adds the sections and fields to a settings page (admin_init, through Settings_Page).
	 *
	 * @param string $page Settings page slug.
	 */
	public function register( string $page ): void {
		$this->add_tmdb_section( $page );
		$this->add_sync_section( $page );
		$this->add_connection_section( $page );
	}

	/**
	 * TMDb: API key and language.
	 *
	 * @param string $page Settings page slug.
	 */
	private function add_tmdb_section( string $page ): void {
		add_settings_section( 'tmu_sidecar_tmdb', __( 'TMDb', 'tmu-sidecar' ), array( $this, 'render_tmdb_section' ), $page );
		add_settings_field(
			'tmu_tmdb_api_key',
			__( 'TMDb API key', 'tmu-sidecar' ),
			array( $this, 'render_api_key_field' ),
			$page,
			'tmu_sidecar_tmdb',
			array( 'label_for' => 'tmu-tmdb-api-key' )
		);
		add_settings_field(
			'tmu_language',
			__( 'Language', 'tmu-sidecar' ),
			array( $this, 'render_language_field' ),
			$page,
			'tmu_sidecar_tmdb',
			array( 'label_for' => 'tmu-language' )
		);
		add_settings_field(
			'tmu_watch_region',
			__( 'Where-to-watch region', 'tmu-sidecar' ),
			array( $this, 'render_watch_region_field' ),
			$page,
			'tmu_sidecar_tmdb',
			array( 'label_for' => 'tmu-watch-region' )
		);
	}

	/**
	 * Sync: what to sync and auto-sync.
	 *
	 * @param string $page Settings page slug.
	 */
	private function add_sync_section( string $page ): void {
		add_settings_section( 'tmu_sidecar_sync', __( 'Sync', 'tmu-sidecar' ), array( $this, 'render_sync_section' ), $page );
		add_settings_field(
			'tmu_sync_options',
			__( 'What to sync', 'tmu-sidecar' ),
			array( $this, 'render_sync_options_field' ),
			$page,
			'tmu_sidecar_sync'
		);
		add_settings_field(
			'tmu_auto_sync',
			__( 'Auto-sync', 'tmu-sidecar' ),
			array( $this, 'render_auto_sync_field' ),
			$page,
			'tmu_sidecar_sync',
			array( 'label_for' => 'tmu-auto-sync' )
		);
	}

	/**
	 * Sidecar connection: URL and webhook secret.
	 *
	 * @param string $page Settings page slug.
	 */
	private function add_connection_section( string $page ): void {
		add_settings_section( 'tmu_sidecar_connection', __( 'Sidecar connection', 'tmu-sidecar' ), array( $this, 'render_connection_section' ), $page );
		add_settings_field(
			'tmu_sidecar_url',
			__( 'Sidecar URL', 'tmu-sidecar' ),
			array( $this, 'render_url_field' ),
			$page,
			'tmu_sidecar_connection',
			array( 'label_for' => 'tmu-sidecar-url' )
		);
		add_settings_field(
			'tmu_webhook_secret',
			__( 'Webhook secret', 'tmu-sidecar' ),
			array( $this, 'render_secret_field' ),
			$page,
			'tmu_sidecar_connection',
			array( 'label_for' => 'tmu-webhook-secret' )
		);
	}

	/**
	 * TMDb section intro.
	 */
	public function render_tmdb_section(): void {
		echo '<p>' . esc_html__( 'The key is sent to the sidecar when you save; environment variables of the sidecar win over these values.', 'tmu-sidecar' ) . '</p>';
	}

	/**
	 * Sync section intro.
	 */
	public function render_sync_section(): void {
		echo '<p>' . esc_html__( 'Defaults for every sync; the TMDb box of a post can change them for one sync.', 'tmu-sidecar' ) . '</p>';
	}

	/**
	 * Connection section intro.
	 */
	public function render_connection_section(): void {
		echo '<p>' . esc_html__( 'Where the sidecar listens, and the secret both sides sign requests with. Constants in wp-config.php win over these fields.', 'tmu-sidecar' ) . '</p>';
	}

	/**
	 * TMDb API key: a password field that is never filled with the saved key.
	 */
	public function render_api_key_field(): void {
		$has_key = $this->settings->has_api_key();
		printf(
			'<input type="password" class="regular-text" id="tmu-tmdb-api-key" name="%1$s[tmdb_api_key]" value="" autocomplete="new-password" spellcheck="false" placeholder="%2$s" />',
			esc_attr( Settings::OPTION ),
			$has_key ? esc_attr__( '(unchanged)', 'tmu-sidecar' ) : ''
		);
		if ( 'unreadable' === $this->settings->api_key_state() ) {
			echo '<p class="description tmu-error" id="tmu-api-key-status" role="alert">' . esc_html__( 'The saved key can no longer be read: it was sealed with the site\'s salts (AUTH_KEY and AUTH_SALT in wp-config.php), and they have changed since. Enter the key again.', 'tmu-sidecar' ) . '</p>';
		} elseif ( $has_key ) {
			echo '<p class="description" id="tmu-api-key-status">' . esc_html__( 'A key is saved, sealed with the site\'s salts. Leave the field empty to keep it.', 'tmu-sidecar' ) . '</p>';
			printf(
				'<p><label><input type="checkbox" id="tmu-tmdb-api-key-clear" name="%1$s[tmdb_api_key_clear]" value="1" /> %2$s</label></p>',
				esc_attr( Settings::OPTION ),
				esc_html__( 'Remove the saved key', 'tmu-sidecar' )
			);
		} else {
			echo '<p class="description" id="tmu-api-key-status">' . esc_html__( 'No key is saved yet. Use a TMDb v3 API key or a v4 read access token.', 'tmu-sidecar' ) . '</p>';
		}
		$this->render_key_source( $has_key );
	}

	/**
	 * "Key in use: …", as the sidecar reports it (an environment key wins over a saved one).
	 *
	 * @param bool $has_key Whether a key is saved here.
	 */
	private function render_key_source( bool $has_key ): void {
		if ( null === $this->key_source ) {
			return;
		}
		$source = $this->key_source->source();
		printf(
			'<p class="description tmu-key-source" id="tmu-api-key-source" data-source="%1$s"><strong>%2$s</strong> %3$s</p>',
			esc_attr( $source ),
			esc_html__( 'Key in use:', 'tmu-sidecar' ),
			esc_html( Key_Source::label( $source, $has_key ) )
		);
	}

	/**
	 * Language.
	 */
	public function render_language_field(): void {
		printf(
			'<input type="text" class="tmu-language" id="tmu-language" name="%1$s[language]" value="%2$s" pattern="[a-z]{2}(-[A-Z]{2})?" />',
			esc_attr( Settings::OPTION ),
			esc_attr( (string) $this->settings->get( 'language' ) )
		);
		echo '<p class="description">' . esc_html__( 'TMDb language such as en-US; empty translations fall back to English.', 'tmu-sidecar' ) . '</p>';
	}

	/**
	 * Where-to-watch region.
	 */
	public function render_watch_region_field(): void {
		printf(
			'<input type="text" class="tmu-watch-region small-text" id="tmu-watch-region" name="%1$s[watch_region]" value="%2$s" pattern="[A-Za-z]{2}" maxlength="2" aria-describedby="tmu-watch-region-description" />',
			esc_attr( Settings::OPTION ),
			esc_attr( (string) $this->settings->get( 'watch_region' ) )
		);
		echo '<p class="description" id="tmu-watch-region-description">' . esc_html__( 'Two-letter country code such as US or GB: the streaming, rent and buy providers of this country fill each title\'s "Where to watch" list (unless an editor changed it).', 'tmu-sidecar' ) . '</p>';
	}

	/**
	 * Images, videos, credits, seasons.
	 */
	public function render_sync_options_field(): void {
		$flags = array(
			'sync_images'  => __( 'Images (poster, backdrops, profile photos)', 'tmu-sidecar' ),
			'sync_videos'  => __( 'Videos (trailers and clips)', 'tmu-sidecar' ),
			'sync_credits' => __( 'Credits (cast and crew, with their people posts)', 'tmu-sidecar' ),
			'sync_seasons' => __( 'Seasons and episodes (TV shows and dramas)', 'tmu-sidecar' ),
		);
		echo '<fieldset><legend class="screen-reader-text">' . esc_html__( 'What to sync', 'tmu-sidecar' ) . '</legend>';
		foreach ( $flags as $key => $label ) {
			$this->render_checkbox( $key, $label );
			echo '<br />';
		}
		echo '</fieldset>';
	}

	/**
	 * Auto-sync on save.
	 */
	public function render_auto_sync_field(): void {
		$this->render_checkbox( 'auto_sync', __( 'Sync a movie, TV show, drama or person when it is saved with a TMDb id', 'tmu-sidecar' ), 'tmu-auto-sync' );
	}

	/**
	 * Sidecar URL (disabled when TMU_SIDECAR_URL is defined).
	 */
	public function render_url_field(): void {
		if ( $this->settings->url_from_constant() ) {
			printf(
				'<input type="url" class="regular-text code" id="tmu-sidecar-url" value="%s" disabled="disabled" />',
				esc_attr( $this->settings->sidecar_url() )
			);
			echo '<p class="description tmu-constant-note">' . esc_html__( 'Set by TMU_SIDECAR_URL in wp-config.php.', 'tmu-sidecar' ) . '</p>';
			return;
		}
		printf(
			'<input type="url" class="regular-text code" id="tmu-sidecar-url" name="%1$s[sidecar_url]" value="%2$s" placeholder="%3$s" />',
			esc_attr( Settings::OPTION ),
			esc_attr( (string) $this->settings->get( 'sidecar_url' ) ),
			esc_attr( Settings::DEFAULT_URL )
		);
		/* translators: %s: default sidecar URL. */
		echo '<p class="description">' . esc_html( sprintf( __( 'Empty means %s.', 'tmu-sidecar' ), Settings::DEFAULT_URL ) ) . '</p>';
	}

	/**
	 * Webhook secret (disabled when TMU_WEBHOOK_SECRET is defined).
	 */
	public function render_secret_field(): void {
		if ( $this->settings->secret_from_constant() ) {
			echo '<input type="password" class="regular-text code" id="tmu-webhook-secret" value="" placeholder="••••••••" disabled="disabled" />';
			echo '<p class="description tmu-constant-note">' . esc_html__( 'Set by TMU_WEBHOOK_SECRET in wp-config.php.', 'tmu-sidecar' ) . '</p>';
			return;
		}
		$secret = (string) $this->settings->get( 'webhook_secret' );
		printf(
			'<input type="password" class="regular-text code" id="tmu-webhook-secret" name="%1$s[webhook_secret]" value="" autocomplete="new-password" spellcheck="false" />',
			esc_attr( Settings::OPTION )
		);
		if ( '' === $secret ) {
			echo '<p class="description">' . esc_html__( 'No secret is saved: enter one (at least 16 characters) or generate one.', 'tmu-sidecar' ) . '</p>';
		} else {
			echo '<p class="description">' . esc_html__( 'A secret is saved. Leave the field empty to keep it. The sidecar needs the same value in TMU_WEBHOOK_SECRET.', 'tmu-sidecar' ) . '</p>';
			echo '<details class="tmu-secret-reveal"><summary>' . esc_html__( 'Show the current secret', 'tmu-sidecar' ) . '</summary><code id="tmu-webhook-secret-value">' . esc_html( $secret ) . '</code></details>';
		}
		printf(
			'<p><label><input type="checkbox" id="tmu-webhook-secret-regenerate" name="%1$s[webhook_secret_regenerate]" value="1" /> %2$s</label></p>',
			esc_attr( Settings::OPTION ),
			esc_html__( 'Generate a new random secret', 'tmu-sidecar' )
		);
	}

	/**
	 * One checkbox bound to a boolean setting; a hidden 0 makes "unchecked" explicit.
	 *
	 * @param string $key   Setting name.
	 * @param string $label Label.
	 * @param string $id    Element id.
	 */
	private function render_checkbox( string $key, string $label, string $id = '' ): void {
		$id = '' !== $id ? $id : 'tmu-' . str_replace( '_', '-', $key );
		printf(
			'<input type="hidden" name="%1$s[%2$s]" value="0" /><label for="%3$s"><input type="checkbox" id="%3$s" name="%1$s[%2$s]" value="1" %4$s /> %5$s</label>',
			esc_attr( Settings::OPTION ),
			esc_attr( $key ),
			esc_attr( $id ),
			checked( $this->settings->is_on( $key ), true, false ),
			esc_html( $label )
		);
	}
}
