<?php
/**
 * Admin notices: an auto-sync's outcome, the sidecar's health, onboarding.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Says what happened, to the person who can act on it.
 *
 * - After a save that auto-synced: "Sync queued" or the error (editors: "ask an administrator").
 * - Administrators: an onboarding notice until Test connection has passed once; after that a
 *   dismissible site-wide notice while the sidecar is unreachable or misconfigured, read from
 *   the connection report cached for a minute (never a sidecar call per page load).
 */
final class Admin_Notices {

	/** User meta: the failure an administrator dismissed (a new failure shows again). */
	public const DISMISSED_META = 'tmu_sidecar_dismissed_failure';

	public const DISMISS_ACTION = 'tmu_sidecar_dismiss_notice';

	/**
	 * Connection check.
	 *
	 * @var Connection_Check
	 */
	private Connection_Check $check;

	/**
	 * Constructor.
	 *
	 * @param Connection_Check $check Connection check.
	 */
	public function __construct( Connection_Check $check ) {
		$this->check = $check;
	}

	/**
	 * Prints the notices (admin_notices).
	 */
	public function render(): void {
		$this->render_auto_sync_outcome();
		if ( ! Error_Presenter::is_admin() ) {
			return;
		}
		$screen = get_current_screen();
		$on_settings = null !== $screen && 'settings_page_' . Settings_Page::PAGE === $screen->id;
		if ( ! $this->check->has_passed() ) {
			if ( ! $on_settings ) {
				$this->render_onboarding();
			}
			return;
		}
		$report = $this->check->cached();
		if ( ! empty( $report['ok'] ) || $on_settings ) {
			return;
		}
		$fingerprint = md5( (string) ( $report['failed'] ?? '' ) . '|' . (string) ( $report['message'] ?? '' ) );
		if ( get_user_meta( get_current_user_id(), self::DISMISSED_META, true ) === $fingerprint ) {
			return;
		}
		printf(
			'<div class="notice notice-error is-dismissible tmu-sidecar-health-notice" id="tmu-sidecar-health-notice" data-fingerprint="%1$s" data-nonce="%2$s"><p><strong>%3$s</strong> %4$s <a href="%5$s">%6$s</a></p></div>',
			esc_attr( $fingerprint ),
			esc_attr( wp_create_nonce( self::DISMISS_ACTION ) ),
			esc_html__( 'TMU Sidecar is not working:', 'tmu-sidecar' ),
			esc_html( (string) ( $report['message'] ?? '' ) ),
			esc_url( admin_url( 'options-general.php?page=' . Settings_Page::PAGE ) ),
			esc_html__( 'Open the settings', 'tmu-sidecar' )
		);
		$this->print_dismiss_script();
	}

	/**
	 * Remembers a dismissed health notice for this user (wp_ajax_tmu_sidecar_dismiss_notice).
	 */
	public function dismiss(): void {
		if ( ! Error_Presenter::is_admin() ) {
			wp_send_json_error( null, 403 );
		}
		check_ajax_referer( self::DISMISS_ACTION, 'nonce' );
		$fingerprint = isset( $_POST['fingerprint'] ) ? sanitize_key( wp_unslash( $_POST['fingerprint'] ) ) : '';
		update_user_meta( get_current_user_id(), self::DISMISSED_META, $fingerprint );
		wp_send_json_success();
	}

	/**
	 * Once, on the editor page a save redirected to: what the auto-sync got.
	 */
	private function render_auto_sync_outcome(): void {
		$post_id = isset( $_GET['post'] ) ? absint( wp_unslash( $_GET['post'] ) ) : 0; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- read-only display.
		if ( $post_id < 1 || ! current_user_can( 'edit_post', $post_id ) ) {
			return;
		}
		$key = Lifecycle::notice_key( get_current_user_id(), $post_id );
		if ( false === get_transient( $key ) ) {
			return;
		}
		delete_transient( $key );
		$outcome = get_post_meta( $post_id, Lifecycle::OUTCOME_META, true );
		if ( ! is_array( $outcome ) ) {
			return;
		}
		if ( 'queued' === ( $outcome['status'] ?? '' ) ) {
			printf(
				'<div class="notice notice-info is-dismissible" id="tmu-auto-sync-notice" data-state="queued"><p>%s</p></div>',
				/* translators: %d: sync job id. */
				esc_html( sprintf( __( 'Sync queued (job #%d): the TMDb box follows it.', 'tmu-sidecar' ), (int) ( $outcome['job_id'] ?? 0 ) ) )
			);
			return;
		}
		echo Error_Presenter::notice( // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped inside.
			(string) ( $outcome['code'] ?? '' ),
			(string) ( $outcome['message'] ?? '' ),
			array(),
			array(
				'id'         => 'tmu-auto-sync-notice',
				'data-state' => 'failed',
			),
			__( 'The post was saved, but its TMDb sync could not be started:', 'tmu-sidecar' )
		);
	}

	/**
	 * Until Test connection has passed once.
	 */
	private function render_onboarding(): void {
		printf(
			'<div class="notice notice-warning" id="tmu-sidecar-onboarding"><p><strong>%1$s</strong> %2$s <a href="%3$s">%4$s</a></p></div>',
			esc_html__( 'TMU Sidecar is almost ready.', 'tmu-sidecar' ),
			esc_html__( 'Connect it to the sidecar, then press Test connection; this notice goes away once the test passes.', 'tmu-sidecar' ),
			esc_url( admin_url( 'options-general.php?page=' . Settings_Page::PAGE ) ),
			esc_html__( 'Set up TMU Sidecar', 'tmu-sidecar' )
		);
	}

	/**
	 * Persists the dismissal when the notice's close button is pressed.
	 */
	private function print_dismiss_script(): void {
		$ajax = wp_json_encode( admin_url( 'admin-ajax.php' ) );
		?>
		<script>
		( function () {
			var notice = document.getElementById( 'tmu-sidecar-health-notice' );
			if ( ! notice ) {
				return;
			}
			notice.addEventListener( 'click', function ( event ) {
				if ( ! event.target.classList.contains( 'notice-dismiss' ) ) {
					return;
				}
				var body = new URLSearchParams( { action: <?php echo wp_json_encode( self::DISMISS_ACTION ); ?>, nonce: notice.dataset.nonce, fingerprint: notice.dataset.fingerprint } );
				window.fetch( <?php echo $ajax; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- JSON-encoded URL. ?>, { method: 'POST', credentials: 'same-origin', body: body } );
			} );
		} )();
		</script>
		<?php
	}
}
