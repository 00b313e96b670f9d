<?php
/**
 * One MySQL named lock per create key.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Creates of the same key wait for each other; the lock belongs to the database connection, so a PHP
 * death (max_execution_time, a fatal error) releases it.
 */
final class Key_Locks {

	/**
	 * Waits for the lock of one key (held by the connection: a PHP death releases it).
	 *
	 * @param string $kind    Post type or 'attachment'.
	 * @param string $key     Key.
	 * @param int    $timeout Seconds to wait.
	 */
	public function lock( string $kind, string $key, int $timeout ): bool {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching -- a named lock is no data to cache.
		return '1' === (string) $wpdb->get_var( $wpdb->prepare( 'SELECT GET_LOCK(%s, %d)', $this->lock_name( $kind, $key ), $timeout ) );
	}

	/**
	 * Releases the lock of one key.
	 *
	 * @param string $kind Post type or 'attachment'.
	 * @param string $key  Key.
	 */
	public function unlock( string $kind, string $key ): void {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching -- a named lock is no data to cache.
		$wpdb->query( $wpdb->prepare( 'SELECT RELEASE_LOCK(%s)', $this->lock_name( $kind, $key ) ) );
	}

	/**
	 * Lock names are server-wide and at most 64 characters: the database, prefix, kind and key, hashed.
	 *
	 * @param string $kind Post type or 'attachment'.
	 * @param string $key  Key.
	 */
	private function lock_name( string $kind, string $key ): string {
		global $wpdb;
		return 'tmu_create_' . md5( $wpdb->dbname . '|' . $wpdb->prefix . '|' . $kind . '|' . $key );
	}
}
