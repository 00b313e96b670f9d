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
	 * "kind|object id" → stored key, for the rows this request wrote: the meta write that follows a
	 * create then costs no query.
	 *
	 * @var array<string, string>
	 */
	private array $written = array();

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
	 * A key as the plugin compares it: a TMDb id as a positive integer, any other key trimmed; null when empty.
	 *
	 * @param string $meta_key Meta holding the key.
	 * @param mixed  $value    Its value.
	 */
	public static function key_value( string $meta_key, $value ): ?string {
		if ( 'tmdb_id' === $meta_key ) {
			$id = is_numeric( $value ) ? (int) $value : 0;
			return $id > 0 ? (string) $id : null;
		}
		$value = is_string( $value ) ? trim( $value ) : '';
		return '' === $value ? null : $value;
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
		$this->ready = false !== $wpdb->query( $sql ) && $this->backfill();
		if ( $this->ready ) {
			update_option( self::DB_VERSION_OPTION, self::DB_VERSION, true );
		}
		return $this->ready;
	}

	/**
	 * Copies the keys of the objects made before the table from their meta (the oldest live object per key),
	 * so that a create needs the table alone.
	 */
	private function backfill(): bool {
		global $wpdb;
		$table  = $this->table();
		$titles = "'" . implode( "','", array_keys( Content_Types::SYNCED_POST_TYPES ) ) . "'";
		$others = "'" . implode( "','", array_diff( Content_Types::META_POST_TYPES, array_keys( Content_Types::SYNCED_POST_TYPES ) ) ) . "'";
		// Keys are stored as stored_key() does: printable ASCII up to MAX_KEY as it is, anything else hashed.
		$stored = 'IF(CHAR_LENGTH(m.meta_value) <= ' . self::MAX_KEY . " AND LENGTH(m.meta_value) = CHAR_LENGTH(m.meta_value) AND m.meta_value REGEXP '^[!-~]+$', m.meta_value, CONCAT('sha1:', SHA1(m.meta_value)))";
		$sql    = "INSERT IGNORE INTO {$table} (kind, object_key, object_id, created_at)"
			. " SELECT p.post_type, CONVERT({$stored} USING ascii), MIN(p.ID), UTC_TIMESTAMP() FROM {$wpdb->postmeta} m INNER JOIN {$wpdb->posts} p ON p.ID = m.post_id"
			. " WHERE p.post_status NOT IN ('trash','auto-draft') AND (p.post_type = 'attachment' OR p.post_status <> 'inherit') AND m.meta_value NOT IN ('', '0')"
			. " AND ((m.meta_key = 'tmdb_id' AND p.post_type IN ({$titles})) OR (m.meta_key = 'tmu_key' AND p.post_type IN ({$others})) OR (m.meta_key = 'tmdb_file_path' AND p.post_type = 'attachment'))"
			. ' GROUP BY 1, 2';
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- constant lists and the plugin's own table; runs once per site.
		return false !== $wpdb->query( $sql );
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
		$done = $wpdb->query( $wpdb->prepare( "INSERT INTO {$table} (kind, object_key, object_id, created_at) VALUES (%s, %s, %d, %s) ON DUPLICATE KEY UPDATE object_id = VALUES(object_id), created_at = VALUES(created_at)", $kind, $this->stored_key( $key ), $object_id, current_time( 'mysql', true ) ) );
		if ( false !== $done ) {
			$this->written[ $kind . '|' . $object_id ] = $this->stored_key( $key );
		}
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
		$this->written = array();
	}

	/**
	 * The live object one key names, or 0, from the table alone: it holds every key (backfilled, kept in step
	 * with the meta by Create_Key_Sync). Only a row naming a trashed or deleted object (or no table) asks the meta.
	 *
	 * @param string $kind Post type or 'attachment'.
	 * @param string $key  Key.
	 */
	public function find( string $kind, string $key ): int {
		$row = $this->table_row( $kind, $key );
		if ( null !== $row && $row['live'] ) {
			return $row['id'];
		}
		$meta_key = self::key_meta( $kind );
		if ( ( null === $row && $this->ensure_table() ) || null === $meta_key ) {
			return 0;
		}
		$found = $this->by_meta( $kind, $meta_key, array( $key ) )[ $key ] ?? 0;
		if ( $found > 0 ) {
			$this->record( $kind, $key, $found );
		}
		return $found;
	}

	/**
	 * A post's key changed or went: its rows under other keys go, and it claims the new key unless an
	 * older live object holds it.
	 *
	 * @param string      $kind      Post type or 'attachment'.
	 * @param int         $object_id Post ID.
	 * @param string|null $key       The key now, or null when the meta was deleted.
	 */
	public function reassign( string $kind, int $object_id, ?string $key ): void {
		global $wpdb;
		if ( null !== $key && ( $this->written[ $kind . '|' . $object_id ] ?? null ) === $this->stored_key( $key ) ) {
			return; // This request gave the new object this very key (a create's meta, written after the insert).
		}
		if ( ! $this->ensure_table() ) {
			return;
		}
		$table = $this->table();
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the plugin's own table.
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE kind = %s AND object_id = %d AND object_key <> %s", $kind, $object_id, null === $key ? '' : $this->stored_key( $key ) ) );
		if ( null === $key ) {
			return;
		}
		$row = $this->table_row( $kind, $key );
		if ( null === $row || ! $row['live'] || $row['id'] > $object_id ) {
			$this->record( $kind, $key, $object_id );
		}
	}

	/**
	 * The table's row for a key: the object it names and whether that object is live, or null.
	 *
	 * @param string $kind Post type or 'attachment'.
	 * @param string $key  Key.
	 * @return array{id: int, live: bool}|null
	 */
	private function table_row( string $kind, string $key ): ?array {
		global $wpdb;
		if ( ! $this->ensure_table() ) {
			return null;
		}
		$table = $this->table();
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the plugin's own table.
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT k.object_id AS id, p.post_type AS type, p.post_status AS status FROM {$table} k LEFT JOIN {$wpdb->posts} p ON p.ID = k.object_id WHERE k.kind = %s AND k.object_key = %s", $kind, $this->stored_key( $key ) ) );
		if ( null === $row ) {
			return null;
		}
		$gone = 'attachment' === $kind ? array( 'trash' ) : self::GONE_POST_STATUSES;
		return array(
			'id'   => (int) $row->id,
			'live' => $kind === $row->type && ! in_array( (string) $row->status, $gone, true ),
		);
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
