<?php
/**
 * Help tabs on every plugin screen.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_Screen;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The "Help" pull-down of the settings page, Tools → Sync activity, Tools → Import from TMDb, Tools → Curated lists, and the
 * edit and list screens of the synced post types.
 */
final class Help_Tabs {

	/**
	 * Adds the tabs for the current screen (current_screen).
	 *
	 * @param WP_Screen|mixed $screen Screen.
	 */
	public function add( $screen ): void {
		if ( ! $screen instanceof WP_Screen ) {
			return;
		}
		$tabs = $this->tabs_for( $screen );
		foreach ( $tabs as $id => $tab ) {
			$screen->add_help_tab(
				array(
					'id'      => 'tmu-help-' . $id,
					'title'   => $tab[0],
					'content' => '<p>' . esc_html( $tab[1] ) . '</p>',
				)
			);
		}
		if ( array() !== $tabs ) {
			$screen->set_help_sidebar( '<p><strong>' . esc_html__( 'TMU Sidecar', 'tmu-sidecar' ) . '</strong></p><p><a href="' . esc_url( admin_url( 'options-general.php?page=' . Settings_Page::PAGE ) ) . '">' . esc_html__( 'Settings and Test connection', 'tmu-sidecar' ) . '</a></p>' );
		}
	}

	/**
	 * Title and text of each tab of a screen.
	 *
	 * @param WP_Screen $screen Screen.
	 * @return array<string, array{0:string, 1:string}>
	 */
	private function tabs_for( WP_Screen $screen ): array {
		if ( 'settings_page_' . Settings_Page::PAGE === $screen->id ) {
			return array(
				'connect' => array( __( 'Connecting', 'tmu-sidecar' ), __( 'The sidecar is a separate program that talks to TMDb and writes into this site. Set its URL and the shared webhook secret (or the TMU_SIDECAR_URL and TMU_WEBHOOK_SECRET constants), then press Test connection: it checks that the sidecar answers, accepts the signature, has a working TMDb key, and that WordPress accepts the sidecar\'s own application password.', 'tmu-sidecar' ) ),
				'sync'    => array( __( 'Sync defaults', 'tmu-sidecar' ), __( 'What every sync writes by default: images, videos, credits (people posts), seasons and episodes. The TMDb box of a post can change them for one sync. Auto-sync syncs a post when it is saved with a TMDb id; the result is shown after the save.', 'tmu-sidecar' ) ),
				'bulk'    => array( __( 'Bulk sync', 'tmu-sidecar' ), __( 'Syncs again every post that has a TMDb id. It runs in the sidecar, so you can leave the page; come back to see its progress, or follow it on Tools → Sync activity.', 'tmu-sidecar' ) ),
			);
		}
		if ( 'tools_page_' . Activity_Page::PAGE === $screen->id ) {
			return array(
				'jobs'      => array( __( 'Jobs', 'tmu-sidecar' ), __( 'Every sync the sidecar ran or will run. Retry sends a failed job again; Cancel stops a queued or running one (a running job stops at its next item). Duration is from start to end.', 'tmu-sidecar' ) ),
				'schedules' => array( __( 'Schedules', 'tmu-sidecar' ), __( 'The daily run reads TMDb\'s changes lists and syncs what changed; the weekly run refreshes titles by age. Run now starts one at once, unless the previous run is still going.', 'tmu-sidecar' ) ),
			);
		}
		if ( 'tools_page_' . Import_Page::PAGE === $screen->id ) {
			return array(
				'browse' => array( __( 'Browsing', 'tmu-sidecar' ), __( 'The screen opens on the popular titles of TMDb. Choose a type and a source (a list, a title search, Discover with filters, a keyword, or pasted TMDb ids, URLs or IMDb ids) and press Browse. Titles the site already has are marked "In library"; tick "Hide titles already in the library" to see only new ones.', 'tmu-sidecar' ) ),
				'import' => array( __( 'Importing', 'tmu-sidecar' ), __( 'Tick titles on any page (the selection is kept across pages) and press Import, or press the Import button of one card. The import runs in the sidecar: its pages go live first, then images and people follow in the background. You can leave the screen and come back to follow it.', 'tmu-sidecar' ) ),
				'dramas' => array( __( 'Dramas', 'tmu-sidecar' ), __( 'Choose "Dramas" to import TV shows as dramas. A show the site already keeps as a TV show is marked "In library (kept as a TV show)"; a drama the site keeps is marked "In library (kept as a drama)" when you browse TV shows.', 'tmu-sidecar' ) ),
			);
		}
		if ( 'tools_page_' . Lists_Admin::PAGE === $screen->id ) {
			return array(
				'lists'    => array( __( 'Curated lists', 'tmu-sidecar' ), __( 'A list is the titles TMDb tags with a keyword. The slug comes from the title (or the keyword when there is none) and never changes, so shortcodes keep working after an edit.', 'tmu-sidecar' ) ),
				'schedule' => array( __( 'Schedule', 'tmu-sidecar' ), __( 'Daily and weekly refreshes run at 05:00 in the sidecar\'s time zone (CRON_TZ). Custom takes a cron expression; Manual refreshes only when you press Refresh now.', 'tmu-sidecar' ) ),
				'items'    => array( __( 'Items', 'tmu-sidecar' ), __( 'Titles a list adds are drafts unless its New titles says Published; visitors see published titles only. A list\'s Items screen previews each title, moves it up or down, pins it at its place (refreshes keep it there) or removes it (refreshes do not add it again until you restore it).', 'tmu-sidecar' ) ),
			);
		}
		if ( null !== Content_Types::webhook_type( (string) $screen->post_type ) && 'post' === $screen->base ) {
			return array(
				'tmdb-box' => array( __( 'TMDb box', 'tmu-sidecar' ), __( 'Search TMDb or type a TMDb ID, then press Sync now: the box follows the job and fills the title, text, terms and poster without a reload. Fields you edited since the page loaded are left alone.', 'tmu-sidecar' ) ),
				'tmdb-data' => array( __( 'TMDb data', 'tmu-sidecar' ), __( 'The TMDb data box shows what the last sync wrote to the TMU tables (release date, runtime, rating and counts). It is read-only.', 'tmu-sidecar' ) ),
			);
		}
		if ( 'edit' === $screen->base && ( isset( List_Tables::TABLES[ $screen->post_type ] ) || in_array( $screen->post_type, array( 'season', 'episode', 'drama-episode' ), true ) ) ) {
			return array(
				'list' => array( __( 'TMDb columns and actions', 'tmu-sidecar' ), __( 'TMDb ID, Year and Last synced come from the sync. Filter by "Never synced" or "Last sync failed"; use "Sync from TMDb" under a title, or as a bulk action, to queue syncs. Seasons and episodes are ordered by series, season and episode number, and can be filtered by series and season.', 'tmu-sidecar' ) ),
			);
		}
		return array();
	}
}
