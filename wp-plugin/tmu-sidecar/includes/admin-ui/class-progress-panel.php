<?php
/**
 * The progress panel shared by the Bulk sync panel and Tools → Import from TMDb.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The markup that assets/js/progress-panel.js (Scripts::PROGRESS_PANEL) fills: a progress bar, counts, a status line
 * announced to screen readers, the rolling log and every error. Ids start with one prefix.
 */
final class Progress_Panel {

	/**
	 * Prints the panel.
	 *
	 * @param string $prefix  Id prefix, e.g. "tmu-bulk" gives #tmu-bulk-progress, #tmu-bulk-status, ...
	 * @param string $label   Accessible name of the progress bar.
	 * @param bool   $visible Whether the bar shows at once (a job already under way).
	 */
	public static function render( string $prefix, string $label, bool $visible ): void {
		?>
		<div class="tmu-bulk-progress-wrap" id="<?php echo esc_attr( $prefix . '-progress-wrap' ); ?>"<?php echo $visible ? '' : ' hidden="hidden"'; ?>>
			<div id="<?php echo esc_attr( $prefix . '-progress' ); ?>" class="tmu-bulk-progress" role="progressbar" aria-label="<?php echo esc_attr( $label ); ?>" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0">
				<div class="tmu-bulk-progress-bar" style="width: 0%"></div>
			</div>
			<p id="<?php echo esc_attr( $prefix . '-counts' ); ?>" class="tmu-bulk-counts" data-done="0" data-failed="0" data-total="0"></p>
		</div>
		<p id="<?php echo esc_attr( $prefix . '-status' ); ?>" class="tmu-bulk-status" role="status" aria-live="polite" data-state="idle"></p>
		<p id="<?php echo esc_attr( $prefix . '-background' ); ?>" class="tmu-bulk-background" role="status" aria-live="polite" hidden="hidden"></p>
		<div class="tmu-bulk-output">
			<ul id="<?php echo esc_attr( $prefix . '-log' ); ?>" class="tmu-bulk-log" aria-label="<?php esc_attr_e( 'Last items', 'tmu-sidecar' ); ?>"></ul>
			<div id="<?php echo esc_attr( $prefix . '-errors-wrap' ); ?>" class="tmu-bulk-errors-wrap" hidden="hidden">
				<h3><?php esc_html_e( 'Errors', 'tmu-sidecar' ); ?></h3>
				<ul id="<?php echo esc_attr( $prefix . '-errors' ); ?>" class="tmu-bulk-errors"></ul>
			</div>
		</div>
		<?php
	}

	/**
	 * The "With" checkboxes (images, videos, credits, seasons), ticked as the settings say.
	 *
	 * @param Settings $settings Settings.
	 * @param string   $prefix   Id prefix and class of the checkboxes, e.g. "tmu-bulk-option".
	 */
	public static function render_option_checkboxes( Settings $settings, string $prefix ): void {
		$options = $settings->default_sync_options( 'tv' );
		$flags   = array(
			'images'  => __( 'Images', 'tmu-sidecar' ),
			'videos'  => __( 'Videos', 'tmu-sidecar' ),
			'credits' => __( 'Credits', 'tmu-sidecar' ),
			'seasons' => __( 'Seasons and episodes', 'tmu-sidecar' ),
		);
		foreach ( $flags as $flag => $label ) {
			$on = 'seasons' === $flag ? 'none' !== ( $options['seasons'] ?? 'none' ) : ! empty( $options[ $flag ] );
			printf(
				'<label><input type="checkbox" class="%1$s" id="%2$s" value="%3$s" %4$s /> %5$s</label>' . "\n",
				esc_attr( $prefix ),
				esc_attr( $prefix . '-' . $flag ),
				esc_attr( $flag ),
				checked( $on, true, false ),
				esc_html( $label )
			);
		}
	}
}
