<?php
/**
 * The "Bulk sync" panel of Settings → TMU Sidecar.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * A button that starts a bulk sync (POST tmu/v1/bulk), then a live progress bar, counts,
 * a rolling log, every error and a Cancel button, fed by polling GET tmu/v1/jobs/{id}.
 */
final class Bulk_Panel {

	/** Milliseconds between two polls of the job. */
	private const POLL_INTERVAL = 1500;

	/**
	 * Settings.
	 *
	 * @var Settings
	 */
	private Settings $settings;

	/**
	 * Jobs table reader.
	 *
	 * @var Jobs_Repository
	 */
	private Jobs_Repository $jobs;

	/**
	 * Constructor.
	 *
	 * @param Settings        $settings Settings.
	 * @param Jobs_Repository $jobs     Jobs table reader.
	 */
	public function __construct( Settings $settings, Jobs_Repository $jobs ) {
		$this->settings = $settings;
		$this->jobs     = $jobs;
	}

	/**
	 * The content types a bulk sync can cover, in the sidecar's names.
	 *
	 * @return array<string, string>
	 */
	private function types(): array {
		return array(
			'movie'  => __( 'Movies', 'tmu-sidecar' ),
			'tv'     => __( 'TV shows', 'tmu-sidecar' ),
			'drama'  => __( 'Dramas', 'tmu-sidecar' ),
			'person' => __( 'People', 'tmu-sidecar' ),
		);
	}

	/**
	 * Posts with a TMDb id per content type: what a bulk sync of that type syncs again.
	 *
	 * @return array<string, int>
	 */
	private function counts(): array {
		global $wpdb;
		$post_types = array();
		foreach ( array_keys( $this->types() ) as $type ) {
			$post_types[ (string) Content_Types::post_type_for( $type ) ] = $type;
		}
		$in   = implode( ',', array_fill( 0, count( $post_types ), '%s' ) );
		$rows = $wpdb->get_results( // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- one grouped count, on the settings page only.
			$wpdb->prepare(
				// phpcs:ignore WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- $in is a list of %s placeholders.
				"SELECT p.post_type, COUNT(DISTINCT p.ID) AS n FROM {$wpdb->posts} p INNER JOIN {$wpdb->postmeta} m ON m.post_id = p.ID AND m.meta_key = 'tmdb_id' AND m.meta_value NOT IN ('', '0') WHERE p.post_status NOT IN ('trash', 'auto-draft') AND p.post_type IN ($in) GROUP BY p.post_type",
				...array_keys( $post_types )
			),
			ARRAY_A
		);
		$counts = array_fill_keys( array_values( $post_types ), 0 );
		foreach ( is_array( $rows ) ? $rows : array() as $row ) {
			$type = $post_types[ (string) $row['post_type'] ] ?? null;
			if ( null !== $type ) {
				$counts[ $type ] = (int) $row['n'];
			}
		}
		return $counts;
	}

	/**
	 * Loads the panel's script on the settings page (admin_enqueue_scripts).
	 *
	 * @param string $hook_suffix Current admin page.
	 */
	public function enqueue_assets( $hook_suffix ): void {
		if ( get_plugin_page_hookname( Settings_Page::PAGE, 'options-general.php' ) !== $hook_suffix || ! current_user_can( 'manage_options' ) ) {
			return;
		}
		wp_enqueue_style( 'tmu-sidecar-admin', plugins_url( 'assets/css/admin.css', PLUGIN_FILE ), array(), VERSION );
		Scripts::register();
		wp_enqueue_script( 'tmu-sidecar-bulk', plugins_url( 'assets/js/bulk.js', PLUGIN_FILE ), array( 'wp-api-fetch', 'wp-i18n', Scripts::PROGRESS_PANEL ), VERSION, true );
		Scripts::translate( 'tmu-sidecar-bulk' );
		$config = array(
			'namespace'    => '/' . REST_NAMESPACE,
			'pollInterval' => self::POLL_INTERVAL,
		);
		wp_add_inline_script( 'tmu-sidecar-bulk', 'window.tmuSidecarBulk = ' . wp_json_encode( $config ) . ';', 'before' );
	}

	/**
	 * The panel (tmu_sidecar_settings_page_after). A bulk job already under way is picked up again.
	 */
	public function render(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$running = $this->jobs->newest_unfinished( 'bulk' );
		?>
		<div id="tmu-bulk-panel" class="tmu-bulk-panel" data-state="idle"<?php echo null !== $running ? ' data-job-id="' . esc_attr( (string) $running ) . '"' : ''; ?>>
			<h2><?php esc_html_e( 'Bulk sync', 'tmu-sidecar' ); ?></h2>
			<p><?php esc_html_e( 'Syncs again every movie, TV show, drama and person that has a TMDb id. It runs in the sidecar: you can leave this page and come back.', 'tmu-sidecar' ); ?></p>
			<fieldset id="tmu-bulk-types" class="tmu-bulk-fieldset">
				<legend><?php esc_html_e( 'What to sync', 'tmu-sidecar' ); ?></legend>
				<?php $counts = $this->counts(); ?>
				<?php foreach ( $this->types() as $type => $label ) : ?>
					<label><input type="checkbox" class="tmu-bulk-type" id="<?php echo esc_attr( 'tmu-bulk-type-' . $type ); ?>" value="<?php echo esc_attr( $type ); ?>" data-count="<?php echo esc_attr( (string) ( $counts[ $type ] ?? 0 ) ); ?>" checked="checked" /> <?php echo esc_html( $label ); ?> <span class="tmu-bulk-count">(<?php echo esc_html( number_format_i18n( $counts[ $type ] ?? 0 ) ); ?>)</span></label>
				<?php endforeach; ?>
			</fieldset>
			<fieldset id="tmu-bulk-options" class="tmu-bulk-fieldset">
				<legend><?php esc_html_e( 'With', 'tmu-sidecar' ); ?></legend>
				<?php Progress_Panel::render_option_checkboxes( $this->settings, 'tmu-bulk-option' ); ?>
			</fieldset>
			<p class="tmu-bulk-actions">
				<button type="button" class="button button-primary" id="tmu-bulk-start"><?php esc_html_e( 'Bulk sync', 'tmu-sidecar' ); ?></button>
				<button type="button" class="button" id="tmu-bulk-cancel" hidden="hidden"><?php esc_html_e( 'Cancel', 'tmu-sidecar' ); ?></button>
				<span class="tmu-bulk-job" id="tmu-bulk-job"></span>
			</p>
			<dialog id="tmu-bulk-confirm" class="tmu-bulk-confirm" aria-labelledby="tmu-bulk-confirm-title" aria-describedby="tmu-bulk-confirm-text">
				<form method="dialog">
					<h3 id="tmu-bulk-confirm-title"><?php esc_html_e( 'Sync everything again?', 'tmu-sidecar' ); ?></h3>
					<p id="tmu-bulk-confirm-text"></p>
					<p class="tmu-bulk-confirm-actions">
						<button type="submit" class="button button-primary" id="tmu-bulk-confirm-yes" value="confirm"></button>
						<button type="submit" class="button" id="tmu-bulk-confirm-no" value="cancel" autofocus="autofocus"><?php esc_html_e( 'Cancel', 'tmu-sidecar' ); ?></button>
					</p>
				</form>
			</dialog>
			<?php Progress_Panel::render( 'tmu-bulk', __( 'Bulk sync progress', 'tmu-sidecar' ), null !== $running ); ?>
			<p>
				<a href="<?php echo esc_url( admin_url( 'tools.php?page=' . Activity_Page::PAGE ) ); ?>"><?php esc_html_e( 'See every job and the sync log on Tools → Sync activity', 'tmu-sidecar' ); ?></a>
			</p>
		</div>
		<?php
	}
}
