<?php
/**
 * Keeps a title's cast rows in step with its edited star cast.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The legacy templates list a title's cast from its cast table (tmu_movies_cast, tmu_tv_series_cast,
 * tmu_dramas_cast), the star cast from the title row's `star_cast` column. When an editor changes
 * the star cast (a character, the order), the cast rows follow: each star's row carries the
 * character, the stars come first in the editor's order, the rest of the cast after them as before.
 * While `star_cast` reads as edited, a sync leaves these rows alone (docs/editing.md).
 */
final class Credits_Writer {

	/** Post type => [cast table without prefix, column holding the title's post ID]. */
	private const CAST_TABLES = array(
		'movie' => array( 'tmu_movies_cast', 'movie' ),
		'tv'    => array( 'tmu_tv_series_cast', 'tv_series' ),
		'drama' => array( 'tmu_dramas_cast', 'dramas' ),
	);

	/** Post type => crew table without prefix (the title's post ID column as for the cast). */
	private const CREW_TABLES = array(
		'movie' => 'tmu_movies_crew',
		'tv'    => 'tmu_tv_series_crew',
		'drama' => 'tmu_dramas_crew',
	);

	/** The title fields that are link rows, and which part each is (docs/editing.md). */
	public const ROW_FIELDS = array(
		'cast_rows' => 'cast',
		'crew_rows' => 'crew',
	);

	/**
	 * Database.
	 *
	 * @var \wpdb
	 */
	private \wpdb $db;

	/**
	 * Constructor.
	 *
	 * @param \wpdb $db Database.
	 */
	public function __construct( \wpdb $db ) {
		$this->db = $db;
	}

	/**
	 * Whether a post type has cast rows.
	 *
	 * @param string $post_type Post type.
	 */
	public static function has_cast_rows( string $post_type ): bool {
		return isset( self::CAST_TABLES[ $post_type ] );
	}

	/**
	 * Rewrites the title's cast rows to follow the star cast; nothing is written when they already do.
	 *
	 * @param string                                              $post_type 'movie', 'tv' or 'drama'.
	 * @param int                                                 $post_id   The title's post ID.
	 * @param array<int, array{person: int|string, character?: ?string}> $stars  The star cast, in order.
	 * @return bool|\WP_Error True when rows were rewritten, false when nothing changed.
	 */
	public function write_cast( string $post_type, int $post_id, array $stars ) {
		if ( ! self::has_cast_rows( $post_type ) ) {
			return new \WP_Error( 'tmu_sidecar_no_cast_rows', __( 'This post type has no cast rows.', 'tmu-sidecar' ), array( 'status' => 400 ) );
		}
		list( $name, $column ) = self::CAST_TABLES[ $post_type ];
		$table                 = $this->db->prefix . $name;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table and column names are constants.
		$rows   = (array) $this->db->get_results( $this->db->prepare( "SELECT * FROM {$table} WHERE {$column} = %d ORDER BY ID", $post_id ), ARRAY_A );
		$wanted = self::wanted_rows( $rows, $stars, $column, $post_id );
		if ( self::shape( $rows ) === self::shape( $wanted ) ) {
			return false;
		}
		$this->db->query( 'START TRANSACTION' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- the cast rows change together or not at all.
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- a tmu_* table: no WordPress API writes it.
		$ok = false !== $this->db->delete( $table, array( $column => $post_id ), array( '%d' ) );
		foreach ( $wanted as $row ) {
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- a tmu_* table: no WordPress API writes it.
			$ok = $ok && false !== $this->db->insert( $table, $row );
		}
		$this->db->query( $ok ? 'COMMIT' : 'ROLLBACK' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- ends the transaction above.
		if ( ! $ok ) {
			return new \WP_Error( 'tmu_sidecar_cast_rows', __( 'The cast rows could not be saved.', 'tmu-sidecar' ), array( 'status' => 500 ) );
		}
		return true;
	}

	/**
	 * The rows the cast table should hold: stars first (their own row, or a new one), then the others.
	 *
	 * @param array<int, array<string, mixed>> $rows    Stored rows, in ID order.
	 * @param array<int, array<string, mixed>> $stars   Star cast entries.
	 * @param string                           $column  The column holding the title's post ID.
	 * @param int                              $post_id The title's post ID.
	 * @return array<int, array<string, mixed>>
	 */
	private static function wanted_rows( array $rows, array $stars, string $column, int $post_id ): array {
		$unused   = $rows;
		$wanted   = array();
		$template = array( 'release_year' => $rows[0]['release_year'] ?? null );
		foreach ( $stars as $star ) {
			$person = (int) ( $star['person'] ?? 0 );
			if ( $person <= 0 ) {
				continue;
			}
			$row = null;
			foreach ( $unused as $i => $candidate ) {
				if ( (int) $candidate['person'] === $person ) {
					$row = $candidate;
					unset( $unused[ $i ] );
					break;
				}
			}
			$row        = $row ?? array_merge( $template, array( 'person' => $person ) );
			$character  = isset( $star['character'] ) ? (string) $star['character'] : '';
			$row['job'] = '' === $character ? null : $character;
			$wanted[]   = $row;
		}
		$out = array();
		foreach ( array_merge( $wanted, array_values( $unused ) ) as $row ) {
			unset( $row['ID'] );
			$row[ $column ] = $post_id;
			$out[]          = $row;
		}
		return $out;
	}

	/**
	 * What the templates see of some rows: person and character, in order.
	 *
	 * @param array<int, array<string, mixed>> $rows Rows.
	 * @return array<int, array{0: int, 1: ?string}>
	 */
	private static function shape( array $rows ): array {
		return array_map(
			static function ( array $row ): array {
				return array( (int) $row['person'], null === $row['job'] ? null : (string) $row['job'] );
			},
			array_values( $rows )
		);
	}
	/**
	 * What the templates show of a title's cast or crew rows, in stored (ID) order: person, department
	 * (crew) and job, as stored (text with entities).
	 *
	 * @param string $post_type 'movie', 'tv' or 'drama'.
	 * @param int    $post_id   The title's post ID.
	 * @param string $which     'cast' or 'crew'.
	 * @return array<int, array<string, int|string|null>>
	 */
	public function read_rows( string $post_type, int $post_id, string $which ): array {
		if ( ! self::has_cast_rows( $post_type ) ) {
			return array();
		}
		list( $table, $column ) = $this->rows_table( $post_type, $which );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table and column names are constants.
		$rows = (array) $this->db->get_results( $this->db->prepare( "SELECT * FROM {$table} WHERE {$column} = %d ORDER BY ID", $post_id ), ARRAY_A );
		return array_map( fn( array $row ): array => self::row_shape( $which, $row ), $rows );
	}

	/**
	 * The text the rows field is fingerprinted by, byte for byte the sidecar's creditRowsText(): the
	 * rows' shape as JSON.
	 *
	 * @param string                                     $which 'cast' or 'crew'.
	 * @param array<int, array<string, int|string|null>> $rows  Rows (any columns).
	 */
	public static function rows_text( string $which, array $rows ): string {
		return Column_Codec::encode( array_map( fn( array $row ): array => self::row_shape( $which, $row ), array_values( $rows ) ), 'json' );
	}

	/**
	 * Replaces a title's cast or crew rows by these, in this order. A row keeps the release year and
	 * episode count of the stored row of the same person (and job), a new row takes the title's year.
	 *
	 * @param string                                     $post_type 'movie', 'tv' or 'drama'.
	 * @param int                                        $post_id   The title's post ID.
	 * @param string                                     $which     'cast' or 'crew'.
	 * @param array<int, array<string, int|string|null>> $wanted    Rows: person, department (crew), job; text with entities.
	 * @return bool|\WP_Error True when rows were rewritten, false when nothing changed.
	 */
	public function write_rows( string $post_type, int $post_id, string $which, array $wanted ) {
		if ( ! self::has_cast_rows( $post_type ) ) {
			return new \WP_Error( 'tmu_sidecar_no_cast_rows', __( 'This post type has no cast rows.', 'tmu-sidecar' ), array( 'status' => 400 ) );
		}
		list( $table, $column ) = $this->rows_table( $post_type, $which );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table and column names are constants.
		$stored = (array) $this->db->get_results( $this->db->prepare( "SELECT * FROM {$table} WHERE {$column} = %d ORDER BY ID", $post_id ), ARRAY_A );
		if ( self::rows_text( $which, $stored ) === self::rows_text( $which, $wanted ) ) {
			return false;
		}
		$unused   = $stored;
		$template = array( 'release_year' => $stored[0]['release_year'] ?? null );
		$rows     = array();
		foreach ( array_values( $wanted ) as $entry ) {
			$shape = self::row_shape( $which, $entry );
			$match = null;
			foreach ( array( true, false ) as $same_job ) {
				foreach ( $unused as $i => $candidate ) {
					if ( (int) $candidate['person'] === $shape['person'] && ( ! $same_job || self::row_shape( $which, $candidate ) === $shape ) ) {
						$match = $candidate;
						unset( $unused[ $i ] );
						break 2;
					}
				}
			}
			$row = null === $match ? $template : $match;
			unset( $row['ID'] );
			$row[ $column ] = $post_id;
			$rows[]         = array_merge( $row, $shape );
		}
		return $this->replace_all( $table, $column, $post_id, $rows );
	}

	/**
	 * Deletes a title's rows of one table and inserts these, in one transaction.
	 *
	 * @param string                           $table   Table.
	 * @param string                           $column  The column holding the title's post ID.
	 * @param int                              $post_id The title's post ID.
	 * @param array<int, array<string, mixed>> $rows    Rows to insert, in order.
	 * @return true|\WP_Error
	 */
	private function replace_all( string $table, string $column, int $post_id, array $rows ) {
		$this->db->query( 'START TRANSACTION' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- the rows change together or not at all.
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- a tmu_* table: no WordPress API writes it.
		$ok = false !== $this->db->delete( $table, array( $column => $post_id ), array( '%d' ) );
		foreach ( $rows as $row ) {
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- a tmu_* table: no WordPress API writes it.
			$ok = $ok && false !== $this->db->insert( $table, $row );
		}
		$this->db->query( $ok ? 'COMMIT' : 'ROLLBACK' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- ends the transaction above.
		if ( ! $ok ) {
			return new \WP_Error( 'tmu_sidecar_cast_rows', __( 'The cast rows could not be saved.', 'tmu-sidecar' ), array( 'status' => 500 ) );
		}
		return true;
	}

	/**
	 * The prefixed table of a part and the column holding the title's post ID.
	 *
	 * @param string $post_type 'movie', 'tv' or 'drama'.
	 * @param string $which     'cast' or 'crew'.
	 * @return array{0: string, 1: string}
	 */
	private function rows_table( string $post_type, string $which ): array {
		list( $cast, $column ) = self::CAST_TABLES[ $post_type ];
		return array( $this->db->prefix . ( 'crew' === $which ? self::CREW_TABLES[ $post_type ] : $cast ), $column );
	}

	/**
	 * A row's shape: person, department (crew) and job, as the sidecar's creditRowsText() has it.
	 *
	 * @param string               $which 'cast' or 'crew'.
	 * @param array<string, mixed> $row   Row.
	 * @return array<string, int|string|null>
	 */
	private static function row_shape( string $which, array $row ): array {
		$text  = fn( $value ): ?string => null === $value ? null : (string) $value;
		$shape = array( 'person' => (int) ( $row['person'] ?? 0 ) );
		if ( 'crew' === $which ) {
			$shape['department'] = $text( $row['department'] ?? null );
		}
		$shape['job'] = $text( $row['job'] ?? null );
		return $shape;
	}
}
