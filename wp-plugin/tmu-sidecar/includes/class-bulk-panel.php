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
		wp_enqueue_script( 'tmu-sidecar-bulk', plugins_url( 'assets/js/bulk.js', PLUGIN_FILE ), array( 'wp-api-fetch', Scripts::FORMAT, Scripts::PROGRESS_PANEL ), VERSION, true );
		$config = array(
			'namespace'    => '/' . REST_NAMESPACE,
			'pollInterval' => self::POLL_INTERVAL,
			'i18n'         => array(
				'noTypes'        => __( 'Pick at least one content type.', 'tmu-sidecar' ),
				'requesting'     => __( 'Starting the bulk sync…', 'tmu-sidecar' ),
				'queued'         => __( 'Queued: waiting for the sidecar to start it…', 'tmu-sidecar' ),
				/* translators: 1: items handled so far, 2: items in total. */
				'running'        => __( 'Running: %1$s of %2$s', 'tmu-sidecar' ),
				'counting'       => __( 'Running: counting what to sync…', 'tmu-sidecar' ),
				/* translators: 1: items synced, 2: items that failed. */
				'succeeded'      => __( 'Done: %1$s synced, %2$s failed.', 'tmu-sidecar' ),
				/* translators: 1: items synced, 2: items that failed. */
				'partial'        => __( 'Done with errors: %1$s synced, %2$s failed.', 'tmu-sidecar' ),
				/* translators: %s: why the job failed. */
				'failed'         => __( 'Failed: %s', 'tmu-sidecar' ),
				'cancelling'     => __( 'Cancelling…', 'tmu-sidecar' ),
				/* translators: 1: items synced, 2: items that failed. */
				'cancelled'      => __( 'Cancelled after %1$s synced, %2$s failed.', 'tmu-sidecar' ),
				/* translators: %s: error message. */
				'requestFailed'  => __( 'The request failed: %s', 'tmu-sidecar' ),
				'lostTrack'      => __( 'Lost track of the job: the progress could not be read. Reload the page to try again.', 'tmu-sidecar' ),
				/* translators: 1: items synced, 2: items that failed, 3: items in total. */
				'counts'         => __( '%1$s synced · %2$s failed · %3$s total', 'tmu-sidecar' ),
				/* translators: %s: job id. */
				'job'            => __( 'Job #%s', 'tmu-sidecar' ),
				'progressLabel'  => __( 'Bulk sync progress', 'tmu-sidecar' ),
				'unknownError'   => __( 'unknown error', 'tmu-sidecar' ),
				/* translators: 1: TMDb id, 2: post id. */
				'errorItem'      => __( 'TMDb %1$s (post %2$s)', 'tmu-sidecar' ),
				'errorsHeading'  => __( 'Errors', 'tmu-sidecar' ),
				'noLog'          => __( 'Nothing logged yet.', 'tmu-sidecar' ),
				'cancelFailed'   => __( 'The job could not be cancelled:', 'tmu-sidecar' ),
			),
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
				<?php foreach ( $this->types() as $type => $label ) : ?>
					<label><input type="checkbox" class="tmu-bulk-type" id="<?php echo esc_attr( 'tmu-bulk-type-' . $type ); ?>" value="<?php echo esc_attr( $type ); ?>" checked="checked" /> <?php echo esc_html( $label ); ?></label>
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
			<?php Progress_Panel::render( 'tmu-bulk', __( 'Bulk sync progress', 'tmu-sidecar' ), null !== $running ); ?>
			<p>
				<a href="<?php echo esc_url( admin_url( 'tools.php?page=' . Activity_Page::PAGE ) ); ?>"><?php esc_html_e( 'See every job and the sync log on Tools → Sync activity', 'tmu-sidecar' ); ?></a>
			</p>
		</div>
		<?php
	}
}
