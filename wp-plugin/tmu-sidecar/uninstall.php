<?php
/**
 * Uninstall: deletes the plugin's options and its key table. Posts, terms, meta and the sidecar's tables stay.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}

/**
 * Deletes the options of the current site.
 */
function tmu_sidecar_uninstall_site(): void {
	global $wpdb;
	delete_option( 'tmu_sidecar_settings' );
	delete_option( 'tmu_sidecar_connection_passed' );
	delete_transient( 'tmu_sidecar_connection_report' );
	delete_metadata( 'user', 0, 'tmu_sidecar_dismissed_failure', '', true );
	// The key table of idempotent creates (Create_Keys); the posts it names stay.
	delete_option( 'tmu_sidecar_create_keys_db' );
	// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.DirectDatabaseQuery.SchemaChange -- the plugin's own table, dropped once.
	$wpdb->query( "DROP TABLE IF EXISTS {$wpdb->prefix}sidecar_create_keys" );
	// Auto-sync debounce locks (short-lived transients).
	// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching -- one-time cleanup of this plugin's transients.
	$wpdb->query(
		$wpdb->prepare(
			"DELETE FROM {$wpdb->options} WHERE option_name LIKE %s OR option_name LIKE %s",
			$wpdb->esc_like( '_transient_tmu_autosync_' ) . '%',
			$wpdb->esc_like( '_transient_timeout_tmu_autosync_' ) . '%'
		)
	);
}

if ( is_multisite() ) {
	foreach ( get_sites( array( 'fields' => 'ids' ) ) as $tmu_sidecar_site_id ) {
		switch_to_blog( (int) $tmu_sidecar_site_id );
		tmu_sidecar_uninstall_site();
		restore_current_blog();
	}
} else {
	tmu_sidecar_uninstall_site();
}
