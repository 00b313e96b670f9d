<?php
/**
 * The admin notice shown when the plugin and the sidecar are different versions.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Compares this plugin's version with the one the sidecar's /health reports, for administrators.
 * Shown on the dashboard, Plugins, Site Health and the plugin's settings. The answer is kept for a few
 * minutes (Site_Health_Facts), so a page load asks at most that often and never waits more than two
 * seconds; an unreachable sidecar has its own notice.
 */
final class Site_Health_Notice {

	/**
	 * What the sidecar answered.
	 *
	 * @var Site_Health_Facts
	 */
	private Site_Health_Facts $facts;

	/**
	 * Constructor.
	 *
	 * @param Site_Health_Facts $facts What the sidecar answered.
	 */
	public function __construct( Site_Health_Facts $facts ) {
		$this->facts = $facts;
	}

	/**
	 * Screens where an administrator looks after the site: the notice (and its look-up) stays off the others.
	 *
	 * @return string[]
	 */
	public static function screens(): array {
		return array( 'dashboard', 'plugins', 'site-health', 'settings_page_' . Settings_Page::PAGE );
	}

	/**
	 * Prints the notice on a mismatch (admin_notices).
	 */
	public function render(): void {
		$screen = get_current_screen();
		if ( ! Error_Presenter::is_admin() || null === $screen || ! in_array( $screen->id, self::screens(), true ) ) {
			return;
		}
		$health = $this->facts->health( false, Site_Health_Facts::NOTICE_TIMEOUT );
		if ( ! $health['ok'] || Site_Health_Results::versions_match( VERSION, $health['version'] ) ) {
			return;
		}
		printf(
			'<div class="notice notice-warning" id="tmu-sidecar-version-notice"><p><strong>%1$s</strong> %2$s <a href="%3$s">%4$s</a></p></div>',
			esc_html__( 'TMU Sidecar versions differ:', 'tmu-sidecar' ),
			esc_html(
				sprintf(
					/* translators: 1: plugin version, 2: sidecar version. */
					__( 'the plugin is version %1$s and the sidecar is version %2$s. Update the older one.', 'tmu-sidecar' ),
					VERSION,
					$health['version']
				)
			),
			esc_url( admin_url( 'site-health.php' ) ),
			esc_html__( 'Open Site Health', 'tmu-sidecar' )
		);
	}
}
