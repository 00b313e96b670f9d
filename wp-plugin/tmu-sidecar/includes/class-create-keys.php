<?php
/**
 * The plugin's key table (kind, key) → object id, the per-key MySQL lock, and the lookups by key.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Which post or attachment a sidecar key names.
 *
 * The key of a movie, series, drama or person is its `tmdb_id` meta, of a season, episode or video
 * its `tmu_key` meta, of an attachment its `tmdb_file_path` meta. REST writes that meta only after
 * the post row exists, so a PHP death in between left posts nobody could find again; the table is
 * written from the insert itself (Idempotent_Creates) and read together with the meta.
 */
final class Create_Keys {

	/** Table name without the site prefix. */
	public const TABLE = 'sidecar_create_keys';

	/** Option holding the table's schema version (the table is created when it differs). */
	public const DB_VERSION_OPTION = 'tmu_sidecar_create_keys_db';

	/** Schema version. */
	private const DB_VERSION = '1';

	/** Longest key stored as it is; longer or non-ASCII keys are stored as a hash. */
	private const MAX_KEY = 190;

	/** Statuses that do not count as an existing post: a trashed title is not brought back silently. */
	private const GONE_POST_STATUSES = array( 'trash', 'auto-draft', 'inherit' );

	/** Result of the last ensure_table() in this request. */
	private ?bool $ready = null;

	/**
	 * The meta that holds a post type's key, or null when the type has none.
	 *
	 * @param string $post_type Post type or 'attachment'.
	 */
	public static function key_meta( string $post_type ): ?string {
		if ( 'attachment' === $post_type ) {
			return 'tmdb_file_path';
		}
		if ( isset( Content_Types::SYNCED_POST_TYPES[ $post_type ] ) ) {
			return 'tmdb_id';
		}
		return in_array( $post_type, Content_Types::META_POST_TYPES, true ) ? 'tmu_key' : null;
	}

	/**
	 * The table's full name.
	 */
	public function table(): string {
		global $wpdb;
		return $wpdb->prefix . self::TABLE;
	}

	/**
	 * Activation: creates the table.
	 */
	public function install(): void {
		$this->ready = null;
		delete_option( self::DB_VERSION_OPTION );
		$this->ensure_table();
	}

	/**
	 * Creates the table when this site has not got it yet (one autoloaded option read otherwise).
	 *
	 * @return bool Whether the table can be used.
	 */
	public function ensure_table(): bool {
		global $wpdb;
		if ( null !== $this->ready ) {
			return $this->ready;
		}
		if ( self::DB_VERSION === get_option( self::DB_VERSION_OPTION ) ) {
			$this->ready = true;
			return true;
		}
		$table = $this->table();
		// Keys are compared byte for byte: TMDb file paths differ by case.
		$sql = "CREATE TABLE IF NOT EXISTS {$table} (
			kind varchar(20) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
			object_key varchar(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
			object_id bigint(20) unsigned NOT NULL,
			created_at datetime NOT NULL,
			PRIMARY KEY  (kind, object_key),
			KEY object_id (object_id)
		) " . $wpdb->get_charset_collate();
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.DirectDatabaseQuery.SchemaChange,WordPress.DB.PreparedSQL.NotPrepared -- the plugin's own table; no user input.
		$this->ready = false !== $wpdb->query( $sql );
		if ( $this->ready ) {
			update_option( self::DB_VERSION_OPTION, self::DB_VERSION, true );
		}
		return $this->ready;
	}

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

	/**
	 * Remembers which object a key names (replacing a row that named a trashed or deleted object).
	 *
	 * @param string $kind      Post type or 'attachment'.
	 * @param string $key       Key.
	 * @param int    $object_id Post or attachment ID.
	 */
	public function record( string $kind, string $key, int $object_id ): void {
		global $wpdb;
		if ( ! $this->ensure_table() ) {
			return;
		}
		$table = $this->table();
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the plugin's own table.
		$wpdb->query( $wpdb->prepare( "INSERT INTO {$table} (kind, object_key, object_id, created_at) VALUES (%s, %s, %d, %s) ON DUPLICATE KEY UPDATE object_id = VALUES(object_id), created_at = VALUES(created_at)", $kind, $this->stored_key( $key ), $object_id, current_time( 'mysql', true ) ) );
	}

	/**
	 * Forgets the keys of a deleted post (deleted_post).
	 *
	 * @param int|string $post_id Post ID.
	 */
	public function forget( $post_id ): void {
		global $wpdb;
		if ( self::DB_VERSION !== get_option( self::DB_VERSION_OPTION ) ) {
			return;
		}
		$table = $this->table();
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the plugin's own table.
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE object_id = %d", (int) $post_id ) );
	}

	/**
	 * The object one key names, or 0; found by meta only, it is written to the table.
	 *
	 * @param string $kind Post type or 'attachment'.
	 * @param string $key  Key.
	 */
	public function find( string $kind, string $key ): int {
		$meta_key = self::key_meta( $kind );
		if ( null === $meta_key || '' === $key ) {
			return 0;
		}
		$in_table = $this->from_table( $kind, array( $key ) )[ $key ] ?? 0;
		$by_meta  = $this->by_meta( $kind, $meta_key, array( $key ) )[ $key ] ?? 0;
		$found    = min( array_filter( array( $in_table, $by_meta, PHP_INT_MAX ) ) );
		if ( PHP_INT_MAX === $found ) {
			return 0;
		}
		if ( $found !== $in_table ) {
			$this->record( $kind, $key, $found );
		}
		return $found;
	}

	/**
	 * Key → oldest live object, from the table and from the key's meta (objects made before the table).
	 *
	 * @param string        $kind Post type or 'attachment'.
	 * @param array<string> $keys Keys.
	 * @return array<string, int>
	 */
	public function find_many( string $kind, array $keys ): array {
		$meta_key = self::key_meta( $kind );
		$keys     = array_values( array_unique( array_filter( array_map( 'strval', $keys ), 'strlen' ) ) );
		if ( null === $meta_key || array() === $keys ) {
			return array();
		}
		$found = $this->by_meta( $kind, $meta_key, $keys );
		foreach ( $this->from_table( $kind, $keys ) as $key => $id ) {
			$found[ $key ] = isset( $found[ $key ] ) ? min( $found[ $key ], $id ) : $id;
		}
		return $found;
	}

	/**
	 * Key → object, from the table (live objects of that type only).
	 *
	 * @param string        $kind Post type or 'attachment'.
	 * @param array<string> $keys Keys.
	 * @return array<string, int>
	 */
	private function from_table( string $kind, array $keys ): array {
		global $wpdb;
		if ( ! $this->ensure_table() ) {
			return array();
		}
		$stored = array();
		foreach ( $keys as $key ) {
			$stored[ $this->stored_key( $key ) ] = $key;
		}
		$table = $this->table();
		$sql   = "SELECT k.object_key AS k, p.ID AS id FROM {$table} k INNER JOIN {$wpdb->posts} p ON p.ID = k.object_id"
			. ' WHERE k.kind = %s AND p.post_type = %s AND ' . $this->live_status_sql( $kind )
			. ' AND k.object_key IN (' . implode( ',', array_fill( 0, count( $stored ), '%s' ) ) . ')';
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- only %s markers and a constant status list are added.
		$rows  = $wpdb->get_results( $wpdb->prepare( $sql, array_merge( array( $kind, $kind ), array_keys( $stored ) ) ) );
		$found = array();
		foreach ( (array) $rows as $row ) {
			if ( isset( $stored[ (string) $row->k ] ) ) {
				$found[ $stored[ (string) $row->k ] ] = (int) $row->id;
			}
		}
		return $found;
	}

	/**
	 * Key → oldest live object, from a meta (the key's own, or another such as a movie's tmu_key).
	 *
	 * @param string        $kind     Post type or 'attachment'.
	 * @param string        $meta_key Meta holding the key.
	 * @param array<string> $keys     Keys.
	 * @return array<string, int>
	 */
	public function by_meta( string $kind, string $meta_key, array $keys ): array {
		global $wpdb;
		if ( array() === $keys ) {
			return array();
		}
		$sql = "SELECT p.ID AS id, m.meta_value AS value FROM {$wpdb->postmeta} m INNER JOIN {$wpdb->posts} p ON p.ID = m.post_id"
			. ' WHERE m.meta_key = %s AND p.post_type = %s AND ' . $this->live_status_sql( $kind )
			. ' AND m.meta_value IN (' . implode( ',', array_fill( 0, count( $keys ), '%s' ) ) . ') ORDER BY p.ID ASC';
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- only %s markers and a constant status list are added.
		$rows  = $wpdb->get_results( $wpdb->prepare( $sql, array_merge( array( $meta_key, $kind ), $keys ) ) );
		$found = array();
		foreach ( (array) $rows as $row ) {
			$found[ (string) $row->value ] ??= (int) $row->id;
		}
		return $found;
	}

	/**
	 * The status condition of a live object: posts in the trash (or never saved) do not count.
	 *
	 * @param string $kind Post type or 'attachment'.
	 */
	private function live_status_sql( string $kind ): string {
		// Attachments are always 'inherit'.
		$gone = 'attachment' === $kind ? array( 'trash' ) : self::GONE_POST_STATUSES;
		return "p.post_status NOT IN ('" . implode( "','", $gone ) . "')";
	}

	/**
	 * The key as stored: as it is when short printable ASCII, else a hash (the column is ASCII, 200 long).
	 *
	 * @param string $key Key.
	 */
	private function stored_key( string $key ): string {
		if ( strlen( $key ) <= self::MAX_KEY && 1 === preg_match( '/^[\x21-\x7E]+$/', $key ) ) {
			return $key;
		}
		return 'sha1:' . sha1( $key );
	}
}
