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
 * The settings page: TMDb key, language, sync options, auto-sync, sidecar URL and secret
 * (Settings_Fields), and a "Test connection" button. Settings_Push tells the sidecar about a save.
 */
final class Settings_Page {

	public const PAGE = 'tmu-sidecar';

	/**
	 * Settings.
	 *
	 * @var Settings
	 */
	private Settings $settings;

	/**
	 * The page's fields.
	 *
	 * @var Settings_Fields
	 */
	private Settings_Fields $fields;

	/**
	 * The page's hook suffix, once added.
	 *
	 * @var string
	 */
	private string $hook_suffix = '';

	/**
	 * Constructor.
	 *
	 * @param Settings        $settings Settings.
	 * @param Settings_Fields $fields   The page's fields.
	 */
	public function __construct( Settings $settings, Settings_Fields $fields ) {
		$this->settings = $settings;
		$this->fields   = $fields;
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
		$this->fields->register( self::PAGE );
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
		wp_enqueue_script( 'tmu-sidecar-settings', plugins_url( 'assets/js/settings.js', PLUGIN_FILE ), array( 'wp-api-fetch', 'wp-i18n' ), VERSION, true );
		Scripts::translate( 'tmu-sidecar-settings' );
		$config = array(
			'route' => '/' . REST_NAMESPACE . '/test-connection',
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
}
