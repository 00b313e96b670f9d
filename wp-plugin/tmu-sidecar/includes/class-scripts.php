<?php
/**
 * Scripts more than one screen uses.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Registers the shared scripts; a screen lists their handles as dependencies of its own script.
 */
final class Scripts {

	/** assets/js/format.js: fills the placeholders of translated strings. */
	public const FORMAT = 'tmu-sidecar-format';

	/** assets/js/progress-panel.js: follows a job in a Progress_Panel. */
	public const PROGRESS_PANEL = 'tmu-sidecar-progress-panel';

	/**
	 * Registers the shared scripts (idempotent: WordPress keeps the first registration).
	 */
	public static function register(): void {
		wp_register_script( self::FORMAT, plugins_url( 'assets/js/format.js', PLUGIN_FILE ), array(), VERSION, true );
		wp_register_script( self::PROGRESS_PANEL, plugins_url( 'assets/js/progress-panel.js', PLUGIN_FILE ), array( 'wp-api-fetch', self::FORMAT ), VERSION, true );
	}
}
