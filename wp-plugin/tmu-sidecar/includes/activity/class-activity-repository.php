<?php
/**
 * Reads the sidecar's jobs, sync log and schedule state for Tools → Sync activity.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Filtered, paginated reads of `tmu_sync_jobs` and `tmu_sync_log`, and the schedule rows of
 * `tmu_sync_state`. The sidecar owns these tables (it creates them when it migrates); every
 * read is prepared and nothing is cached: this is live state.
 */
final class Activity_Repository {

	public const JOBS  = 'tmu_sync_jobs';
	public const LOG   = 'tmu_sync_log';
	public const STATE = 'tmu_sync_state';

	/** State keys shown on the page; anything else (pushed settings, the TMDb key) stays hidden. */
	public const STATE_PREFIXES = array( 'schedule.', 'changes.' );

	/**
	 * Table name with the site's prefix.
	 *
	 * @param string $table One of the constants above.
	 */
	public function table( string $table ): string {
		global $wpdb;
		return $wpdb->prefix . $table;
	}

	/**
	 * The tables the sidecar has not created yet.
	 *
	 * @return string[] Full table names.
	 */
	public function missing_tables(): array {
		global $wpdb;
		$missing = array();
		foreach ( array( self::JOBS, self::LOG, self::STATE ) as $table ) {
			$name  = $this->table( $table );
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching -- the sidecar's tables may appear at any time: no cache.
			$found = $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $name ) ) );
			if ( ! is_string( $found ) || strtolower( $found ) !== strtolower( $name ) ) {
				$missing[] = $name;
			}
		}
		return $missing;
	}

	/**
	 * One page of jobs, newest first.
	 *
	 * @param array{status?:string, type?:string, from?:string, to?:string} $filters Sanitized filters; from/to in UTC 'Y-m-d H:i:s'.
	 * @param int                                                          $page     1-based page.
	 * @param int                                                          $per_page Rows per page.
	 * @return array{rows: array<int, array<string, mixed>>, total: int}
	 */
	public function jobs( array $filters, int $page, int $per_page ): array {
		list( $where, $args ) = $this->where(
			array(
				'status' => $filters['status'] ?? '',
				'type'   => $filters['type'] ?? '',
			),
			'created_at',
			$filters
		);
		return $this->page( $this->table( self::JOBS ), $where, $args, $page, $per_page );
	}

	/**
	 * One page of log entries, newest first.
	 *
	 * @param array{action?:string, type?:string, job_id?:int, from?:string, to?:string} $filters Sanitized filters.
	 * @param int                                                                       $page     1-based page.
	 * @param int                                                                       $per_page Rows per page.
	 * @return array{rows: array<int, array<string, mixed>>, total: int}
	 */
	public function log( array $filters, int $page, int $per_page ): array {
		list( $where, $args ) = $this->where(
			array(
				'action' => $filters['action'] ?? '',
				'type'   => $filters['type'] ?? '',
				'job_id' => $filters['job_id'] ?? 0,
			),
			'at',
			$filters
		);
		return $this->page( $this->table( self::LOG ), $where, $args, $page, $per_page );
	}

	/**
	 * The values a column takes, for a filter drop-down.
	 *
	 * @param string $table  JOBS or LOG.
	 * @param string $column type, status or action.
	 * @return string[]
	 */
	public function distinct( string $table, string $column ): array {
		global $wpdb;
		if ( ! in_array( $table, array( self::JOBS, self::LOG ), true ) || ! in_array( $column, array( 'type', 'status', 'action' ), true ) ) {
			return array();
		}
		$name   = $this->table( $table );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table and column names are checked against constant lists above; live state.
		$values = $wpdb->get_col( $wpdb->prepare( "SELECT DISTINCT `{$column}` FROM `{$name}` WHERE `{$column}` IS NOT NULL ORDER BY `{$column}` LIMIT %d", 100 ) );
		return array_values( array_filter( array_map( 'strval', is_array( $values ) ? $values : array() ), 'strlen' ) );
	}

	/**
	 * Schedule and changes-run rows of tmu_sync_state, by key.
	 *
	 * @return array<int, array{key:string, value:mixed, updated_at:?string}>
	 */
	public function schedule_state(): array {
		global $wpdb;
		$name    = $this->table( self::STATE );
		$clauses = array();
		$args    = array();
		foreach ( self::STATE_PREFIXES as $prefix ) {
			$clauses[] = '`key` LIKE %s';
			$args[]    = $wpdb->esc_like( $prefix ) . '%';
		}
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name from $wpdb->prefix; the OR clauses hold only %s placeholders; live state.
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT `key`, `value`, `updated_at` FROM `{$name}` WHERE " . implode( ' OR ', $clauses ) . ' ORDER BY `key`', $args ), ARRAY_A );
		$out  = array();
		foreach ( is_array( $rows ) ? $rows : array() as $row ) {
			$raw     = isset( $row['value'] ) ? (string) $row['value'] : '';
			$decoded = json_decode( $raw, true );
			$out[]   = array(
				'key'        => (string) $row['key'],
				'value'      => JSON_ERROR_NONE === json_last_error() && null !== $decoded ? $decoded : $raw,
				'updated_at' => isset( $row['updated_at'] ) ? (string) $row['updated_at'] : null,
			);
		}
		return $out;
	}

	/**
	 * WHERE clause and arguments for equality filters and a date range.
	 *
	 * @param array<string, string|int> $equals      Column => value ('' or 0 means no filter).
	 * @param string                    $time_column Column the date range applies to.
	 * @param array<string, mixed>      $filters     from/to bounds (UTC).
	 * @return array{0: string, 1: array<int, string|int>}
	 */
	private function where( array $equals, string $time_column, array $filters ): array {
		$where = array( '1 = %d' );
		$args  = array( 1 );
		foreach ( $equals as $column => $value ) {
			if ( '' === $value || 0 === $value ) {
				continue;
			}
			$where[] = is_int( $value ) ? "`{$column}` = %d" : "`{$column}` = %s";
			$args[]  = $value;
		}
		if ( ! empty( $filters['from'] ) ) {
			$where[] = "`{$time_column}` >= %s";
			$args[]  = (string) $filters['from'];
		}
		if ( ! empty( $filters['to'] ) ) {
			$where[] = "`{$time_column}` < %s";
			$args[]  = (string) $filters['to'];
		}
		return array( implode( ' AND ', $where ), $args );
	}

	/**
	 * Rows and total count for a filtered table.
	 *
	 * @param string                 $table    Full table name.
	 * @param string                 $where    WHERE clause with placeholders.
	 * @param array<int, string|int> $args     Values.
	 * @param int                    $page     1-based page.
	 * @param int                    $per_page Rows per page.
	 * @return array{rows: array<int, array<string, mixed>>, total: int}
	 */
	private function page( string $table, string $where, array $args, int $page, int $per_page ): array {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name from $wpdb->prefix; $where is built by where() from placeholders only.
		$total = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM `{$table}` WHERE {$where}", $args ) );
		$limit = array_merge( $args, array( $per_page, max( 0, ( $page - 1 ) * $per_page ) ) );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- as above: prefixed table name, placeholder-only WHERE.
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT * FROM `{$table}` WHERE {$where} ORDER BY id DESC LIMIT %d OFFSET %d", $limit ), ARRAY_A );
		return array(
			'rows'  => is_array( $rows ) ? $rows : array(),
			'total' => $total,
		);
	}
}
