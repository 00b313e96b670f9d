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
 * Scripts translate their strings with wp.i18n ('wp-i18n' dependency, Scripts::translate()).
 */
final class Scripts {

	/** assets/js/progress-panel.js: follows a job in a Progress_Panel. */
	public const PROGRESS_PANEL = 'tmu-sidecar-progress-panel';

	/** assets/js/error-notice.js: shows a REST error as a notice (window.tmuSidecarErrors). */
	public const ERRORS = 'tmu-sidecar-errors';

	/**
	 * Registers the shared scripts (idempotent: WordPress keeps the first registration).
	 */
	public static function register(): void {
		wp_register_script( self::ERRORS, plugins_url( 'assets/js/error-notice.js', PLUGIN_FILE ), array( 'wp-i18n' ), VERSION, true );
		self::translate( self::ERRORS );
		wp_register_script( self::PROGRESS_PANEL, plugins_url( 'assets/js/progress-panel.js', PLUGIN_FILE ), array( 'wp-api-fetch', 'wp-i18n', self::ERRORS ), VERSION, true );
		self::translate( self::PROGRESS_PANEL );
	}

	/**
	 * Loads the translations of a script that translates its strings with wp.i18n (languages/*.json).
	 *
	 * @param string $handle Registered script handle.
	 */
	public static function translate( string $handle ): void {
		wp_set_script_translations( $handle, TEXT_DOMAIN, plugin_dir_path( PLUGIN_FILE ) . 'languages' );
	}
}
