<?php
/**
 * Settings → TMU Sidecar (Settings API only).
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The settings page: TMDb key, language, sync options, auto-sync, sidecar URL and secret,
 * and a "Test connection" button. Saving pushes `settings.updated` to the sidecar.
 */
final class Settings_Page {

	public const PAGE = 'tmu-sidecar';

	/** Seconds to wait for the sidecar when pushing settings. */
	private const PUSH_TIMEOUT = 5;

	/**
	 * Settings.
	 *
	 * @var Settings
	 */
	private Settings $settings;

	/**
	 * Sidecar client.
	 *
	 * @var Sidecar_Client
	 */
	private Sidecar_Client $client;

	/**
	 * The page's hook suffix, once added.
	 *
	 * @var string
	 */
	private string $hook_suffix = '';

	/**
	 * Constructor.
	 *
	 * @param Settings       $settings Settings.
	 * @param Sidecar_Client $client   Sidecar client.
	 */
	public function __construct( Settings $settings, Sidecar_Client $client ) {
		$this->settings = $settings;
		$this->client   = $client;
	}

	/**
	 * Registers the setting, sections and fields (admin_init).
	 */
	public function register_settings(): void {
		register_setting(
			Settings::GROUP,
			Settings::OPTION,
			array(
				'type'              => 'array',
				'description'       => __( 'TMU Sidecar settings.', 'tmu-sidecar' ),
				'sanitize_callback' => array( $this->settings, 'sanitize' ),
				'default'           => $this->settings->defaults(),
				'show_in_rest'      => false,
			)
		);

		add_settings_section( 'tmu_sidecar_tmdb', __( 'TMDb', 'tmu-sidecar' ), array( $this, 'render_tmdb_section' ), self::PAGE );
		add_settings_field(
			'tmu_tmdb_api_key',
			__( 'TMDb API key', 'tmu-sidecar' ),
			array( $this, 'render_api_key_field' ),
			self::PAGE,
			'tmu_sidecar_tmdb',
			array( 'label_for' => 'tmu-tmdb-api-key' )
		);
		add_settings_field(
			'tmu_language',
			__( 'Language', 'tmu-sidecar' ),
			array( $this, 'render_language_field' ),
			self::PAGE,
			'tmu_sidecar_tmdb',
			array( 'label_for' => 'tmu-language' )
		);

		add_settings_section( 'tmu_sidecar_sync', __( 'Sync', 'tmu-sidecar' ), array( $this, 'render_sync_section' ), self::PAGE );
		add_settings_field(
			'tmu_sync_options',
			__( 'What to sync', 'tmu-sidecar' ),
			array( $this, 'render_sync_options_field' ),
			self::PAGE,
			'tmu_sidecar_sync'
		);
		add_settings_field(
			'tmu_auto_sync',
			__( 'Auto-sync', 'tmu-sidecar' ),
			array( $this, 'render_auto_sync_field' ),
			self::PAGE,
			'tmu_sidecar_sync',
			array( 'label_for' => 'tmu-auto-sync' )
		);

		add_settings_section( 'tmu_sidecar_connection', __( 'Sidecar connection', 'tmu-sidecar' ), array( $this, 'render_connection_section' ), self::PAGE );
		add_settings_field(
			'tmu_sidecar_url',
			__( 'Sidecar URL', 'tmu-sidecar' ),
			array( $this, 'render_url_field' ),
			self::PAGE,
			'tmu_sidecar_connection',
			array( 'label_for' => 'tmu-sidecar-url' )
		);
		add_settings_field(
			'tmu_webhook_secret',
			__( 'Webhook secret', 'tmu-sidecar' ),
			array( $this, 'render_secret_field' ),
			self::PAGE,
			'tmu_sidecar_connection',
			array( 'label_for' => 'tmu-webhook-secret' )
		);
	}

	/**
	 * Adds Settings → TMU Sidecar (admin_menu).
	 */
	public function add_page(): void {
		$hook = add_options_page(
			__( 'TMU Sidecar', 'tmu-sidecar' ),
			__( 'TMU Sidecar', 'tmu-sidecar' ),
			'manage_options',
			self::PAGE,
			array( $this, 'render_page' )
		);
		$this->hook_suffix = is_string( $hook ) ? $hook : '';
	}

	/**
	 * A "Settings" link on the Plugins screen.
	 *
	 * @param mixed $links Action links.
	 * @return array<int|string, string>
	 */
	public function action_links( $links ): array {
		$links = is_array( $links ) ? $links : array();
		array_unshift(
			$links,
			sprintf(
				'<a href="%s">%s</a>',
				esc_url( admin_url( 'options-general.php?page=' . self::PAGE ) ),
				esc_html__( 'Settings', 'tmu-sidecar' )
			)
		);
		return $links;
	}

	/**
	 * Loads the page's script and style (admin_enqueue_scripts).
	 *
	 * @param string $hook_suffix Current admin page.
	 */
	public function enqueue_assets( $hook_suffix ): void {
		if ( '' === $this->hook_suffix || $hook_suffix !== $this->hook_suffix ) {
			return;
		}
		wp_enqueue_style( 'tmu-sidecar-admin', plugins_url( 'assets/css/admin.css', PLUGIN_FILE ), array(), VERSION );
		wp_enqueue_script( 'tmu-sidecar-settings', plugins_url( 'assets/js/settings.js', PLUGIN_FILE ), array( 'wp-api-fetch' ), VERSION, true );
		$config = array(
			'route' => '/' . Rest_Controller::NAMESPACE . '/test-connection',
			'i18n'  => array(
				'testing'   => __( 'Testing the connection…', 'tmu-sidecar' ),
				'ok'        => __( 'OK', 'tmu-sidecar' ),
				'failed'    => __( 'failed', 'tmu-sidecar' ),
				'unknown'   => __( 'not checked', 'tmu-sidecar' ),
				'sidecar'   => __( 'Sidecar', 'tmu-sidecar' ),
				'signature' => __( 'Signature', 'tmu-sidecar' ),
				'tmdb'      => __( 'TMDb', 'tmu-sidecar' ),
				'wordpress' => __( 'Sidecar\'s WordPress credentials', 'tmu-sidecar' ),
				'error'     => __( 'The test could not be run:', 'tmu-sidecar' ),
			),
		);
		wp_add_inline_script( 'tmu-sidecar-settings', 'window.tmuSidecarSettings = ' . wp_json_encode( $config ) . ';', 'before' );
	}

	/**
	 * The page (options-general.php?page=tmu-sidecar).
	 */
	public function render_page(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage these settings.', 'tmu-sidecar' ), 403 );
		}
		?>
		<div class="wrap tmu-sidecar-settings">
			<h1><?php echo esc_html( get_admin_page_title() ); ?></h1>
			<form action="<?php echo esc_url( admin_url( 'options.php' ) ); ?>" method="post" id="tmu-settings-form">
				<?php
				settings_fields( Settings::GROUP );
				do_settings_sections( self::PAGE );
				submit_button();
				?>
			</form>

			<h2><?php esc_html_e( 'Test connection', 'tmu-sidecar' ); ?></h2>
			<p><?php esc_html_e( 'Checks, in order, that the sidecar answers, that it accepts this site\'s signature, that its TMDb key works, and that WordPress accepts the sidecar\'s application password with the capabilities a sync needs.', 'tmu-sidecar' ); ?></p>
			<p>
				<button type="button" class="button button-secondary" id="tmu-test-connection"><?php esc_html_e( 'Test connection', 'tmu-sidecar' ); ?></button>
				<span class="spinner" id="tmu-test-connection-spinner"></span>
			</p>
			<div id="tmu-test-connection-result" class="tmu-test-connection-result" role="status" aria-live="polite"></div>
			<?php
			/** Fires at the end of the settings page (the Bulk sync panel hooks in here). */
			do_action( 'tmu_sidecar_settings_page_after' );
			?>
		</div>
		<?php
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
		if ( $has_key ) {
			echo '<p class="description" id="tmu-api-key-status">' . esc_html__( 'A key is saved. Leave the field empty to keep it.', 'tmu-sidecar' ) . '</p>';
			printf(
				'<p><label><input type="checkbox" id="tmu-tmdb-api-key-clear" name="%1$s[tmdb_api_key_clear]" value="1" /> %2$s</label></p>',
				esc_attr( Settings::OPTION ),
				esc_html__( 'Remove the saved key', 'tmu-sidecar' )
			);
		} else {
			echo '<p class="description" id="tmu-api-key-status">' . esc_html__( 'No key is saved yet. Use a TMDb v3 API key or a v4 read access token.', 'tmu-sidecar' ) . '</p>';
		}
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
	 * The option was created: push it to the sidecar.
	 *
	 * @param string $option Option name.
	 * @param mixed  $value  New value.
	 */
	public function on_option_added( $option, $value ): void {
		if ( $this->is_settings_form_submission() || $this->settings->sidecar_payload( is_array( $value ) ? $value : array() ) !== $this->settings->sidecar_payload( $this->settings->defaults() ) ) {
			$this->push();
		}
	}

	/**
	 * The option changed: push it to the sidecar when what the sidecar sees changed (or on a form save).
	 *
	 * @param mixed $old_value Old value.
	 * @param mixed $value     New value.
	 */
	public function on_option_updated( $old_value, $value ): void {
		$before = $this->settings->sidecar_payload( is_array( $old_value ) ? $old_value : array() );
		$after  = $this->settings->sidecar_payload( is_array( $value ) ? $value : array() );
		if ( $before !== $after || $this->is_settings_form_submission() ) {
			$this->push();
		}
	}

	/**
	 * Sends `settings.updated`; a failure becomes an admin notice, it never blocks saving.
	 */
	private function push(): void {
		$result = $this->client->request(
			'POST',
			Sidecar_Client::WEBHOOK_PATH,
			array(),
			Sidecar_Client::event_body( 'settings.updated', $this->settings->sidecar_payload() ),
			array( 'timeout' => self::PUSH_TIMEOUT )
		);
		if ( ! is_wp_error( $result ) && Sidecar_Client::is_success( $result ) ) {
			return;
		}
		$error = is_wp_error( $result ) ? $result : $this->client->error_from_response( $result );
		if ( ! function_exists( 'add_settings_error' ) ) {
			return;
		}
		if ( array() === get_settings_errors() ) {
			add_settings_error( 'general', 'settings_updated', __( 'Settings saved.', 'tmu-sidecar' ), 'success' );
		}
		add_settings_error(
			Settings::OPTION,
			'tmu_sidecar_push_failed',
			/* translators: %s: why the sidecar was not updated. */
			sprintf( __( 'The settings were saved, but the sidecar was not updated: %s', 'tmu-sidecar' ), $error->get_error_message() ),
			'warning'
		);
	}

	/**
	 * Whether this request is options.php saving this page (options.php has checked the nonce and capability).
	 */
	private function is_settings_form_submission(): bool {
		// phpcs:ignore WordPress.Security.NonceVerification.Missing -- options.php verified the nonce before updating the option.
		return isset( $_POST['option_page'] ) && Settings::GROUP === sanitize_key( wp_unslash( $_POST['option_page'] ) );
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
