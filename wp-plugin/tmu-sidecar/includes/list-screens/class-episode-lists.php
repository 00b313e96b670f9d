<?php
/**
 * Season, episode and drama-episode list tables: series and season columns and filters, and
 * numeric order (1, 2, 10; never 1, 10, 2).
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_Query;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Reads the numbers from the tmu_* rows the sidecar writes (ID = the post's ID).
 */
final class Episode_Lists {

	public const SERIES_VAR = 'tmu_series';
	public const SEASON_VAR = 'tmu_season';

	/** Per post type: the row tables (TV first, then drama) and their parent column. */
	private const SOURCES = array(
		'season'        => array(
			array( 'tmu_tv_series_seasons', 'tv_series' ),
			array( 'tmu_dramas_seasons', 'dramas' ),
		),
		'episode'       => array( array( 'tmu_tv_series_episodes', 'tv_series' ) ),
		'drama-episode' => array( array( 'tmu_dramas_episodes', 'dramas' ) ),
	);

	/**
	 * Series, season (and episode) columns after the title (manage_{post_type}_posts_columns).
	 *
	 * @param mixed $columns Columns.
	 * @return array<string, string>
	 */
	public function add_columns( $columns ): array {
		$columns = is_array( $columns ) ? $columns : array();
		$screen  = get_current_screen();
		$out     = array();
		foreach ( $columns as $key => $value ) {
			$out[ $key ] = $value;
			if ( 'title' === $key ) {
				$out['tmu_series'] = __( 'Series', 'tmu-sidecar' );
				$out['tmu_season'] = __( 'Season', 'tmu-sidecar' );
				if ( null !== $screen && 'season' !== $screen->post_type ) {
					$out['tmu_episode']      = __( 'Episode', 'tmu-sidecar' );
					$out['tmu_episode_name'] = __( 'Episode name', 'tmu-sidecar' );
				}
			}
		}
		return $out;
	}

	/**
	 * The cells (manage_{post_type}_posts_custom_column).
	 *
	 * @param mixed $column  Column key.
	 * @param mixed $post_id Post ID.
	 */
	public function render_cell( $column, $post_id ): void {
		if ( ! in_array( $column, array( 'tmu_series', 'tmu_season', 'tmu_episode', 'tmu_episode_name' ), true ) ) {
			return;
		}
		$row = $this->row( (int) $post_id );
		if ( null === $row ) {
			echo '—';
			return;
		}
		if ( 'tmu_series' === $column ) {
			$parent = (int) $row['parent'];
			$title  = $parent > 0 ? get_the_title( $parent ) : '';
			if ( '' === $title ) {
				echo '—';
				return;
			}
			$filter = add_query_arg( self::SERIES_VAR, $parent );
			printf( '<a href="%1$s">%2$s</a>', esc_url( $filter ), esc_html( $title ) );
			return;
		}
		if ( 'tmu_episode_name' === $column ) {
			// The post keeps its legacy title ("Series S01E02"); the episode's own name is in its row.
			$name = $row['episode_title'] ?? '';
			echo '' === $name ? '—' : esc_html( $name );
			return;
		}
		$value = 'tmu_season' === $column ? $row['season_no'] : ( $row['episode_no'] ?? null );
		echo null === $value ? '—' : esc_html( (string) (int) $value );
	}

	/**
	 * Series and season filters (restrict_manage_posts).
	 *
	 * @param mixed $post_type Post type of the screen.
	 */
	public function render_filters( $post_type ): void {
		if ( ! is_string( $post_type ) || ! isset( self::SOURCES[ $post_type ] ) ) {
			return;
		}
		$series  = $this->requested( self::SERIES_VAR );
		$season  = $this->requested( self::SEASON_VAR );
		$parents = $this->parents( $post_type );
		echo '<label class="screen-reader-text" for="tmu-series-filter">' . esc_html__( 'Filter by series', 'tmu-sidecar' ) . '</label>';
		echo '<select name="' . esc_attr( self::SERIES_VAR ) . '" id="tmu-series-filter"><option value="">' . esc_html__( 'All series', 'tmu-sidecar' ) . '</option>';
		foreach ( $parents as $id => $title ) {
			printf( '<option value="%1$d"%2$s>%3$s</option>', (int) $id, selected( $series, (int) $id, false ), esc_html( $title ) );
		}
		echo '</select>';
		echo '<label class="screen-reader-text" for="tmu-season-filter">' . esc_html__( 'Season number', 'tmu-sidecar' ) . '</label>';
		printf(
			'<input type="number" min="0" class="small-text" name="%1$s" id="tmu-season-filter" value="%2$s" placeholder="%3$s" />',
			esc_attr( self::SEASON_VAR ),
			esc_attr( $season >= 0 ? (string) $season : '' ),
			esc_attr__( 'Season', 'tmu-sidecar' )
		);
	}

	/**
	 * Joins the row table, filters, and orders by series, season and episode number (posts_clauses).
	 *
	 * @param mixed    $clauses Query clauses.
	 * @param WP_Query $query   Query.
	 * @return mixed
	 */
	public function clauses( $clauses, $query ) {
		if ( ! is_array( $clauses ) || ! $query instanceof WP_Query || ! is_admin() || ! $query->is_main_query() ) {
			return $clauses;
		}
		$post_type = (string) $query->get( 'post_type' );
		$sources   = $this->available( $post_type );
		if ( array() === $sources ) {
			return $clauses;
		}
		global $wpdb;
		$parent  = array();
		$season  = array();
		$episode = array();
		foreach ( $sources as $index => $source ) {
			list( $table, $parent_column ) = $source;
			$alias               = 'tmu_rows' . $index;
			$clauses['join']    .= " LEFT JOIN `{$wpdb->prefix}{$table}` {$alias} ON {$alias}.ID = {$wpdb->posts}.ID";
			$parent[]            = "{$alias}.`{$parent_column}`";
			$season[]            = "{$alias}.season_no";
			$episode[]           = 'season' === $post_type ? '0' : "{$alias}.episode_no";
		}
		$parent_sql  = 'COALESCE(' . implode( ', ', $parent ) . ')';
		$season_sql  = 'COALESCE(' . implode( ', ', $season ) . ')';
		$episode_sql = 'COALESCE(' . implode( ', ', $episode ) . ')';
		$series      = $this->requested( self::SERIES_VAR );
		if ( $series > 0 ) {
			$clauses['where'] .= $wpdb->prepare( " AND {$parent_sql} = %d", $series ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- column names from constants.
		}
		$season_no = $this->requested( self::SEASON_VAR );
		if ( $season_no >= 0 ) {
			$clauses['where'] .= $wpdb->prepare( " AND {$season_sql} = %d", $season_no ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- column names from constants.
		}
		if ( '' === (string) $query->get( 'orderby' ) || 'menu_order title' === $query->get( 'orderby' ) ) {
			$clauses['orderby'] = "{$parent_sql} ASC, {$season_sql} ASC, {$episode_sql} ASC, {$wpdb->posts}.ID ASC";
		}
		return $clauses;
	}

	/**
	 * The row of a season or episode post: parent series, season number, episode number.
	 *
	 * @param int $post_id Post ID.
	 * @return array{parent:int, season_no:int|null, episode_no?:int|null, episode_title?:string}|null
	 */
	private function row( int $post_id ): ?array {
		global $wpdb;
		$post_type = (string) get_post_type( $post_id );
		foreach ( $this->available( $post_type ) as $source ) {
			list( $table, $parent_column ) = $source;
			$columns                       = 'season' === $post_type ? 'season_no' : 'season_no, episode_no, episode_title';
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- names from constants; one page of rows.
			$row = $wpdb->get_row( $wpdb->prepare( "SELECT `{$parent_column}` AS parent, {$columns} FROM `{$wpdb->prefix}{$table}` WHERE ID = %d", $post_id ), ARRAY_A );
			if ( is_array( $row ) ) {
				return array(
					'parent'        => (int) $row['parent'],
					'season_no'     => null === $row['season_no'] ? null : (int) $row['season_no'],
					'episode_no'    => isset( $row['episode_no'] ) ? (int) $row['episode_no'] : null,
					'episode_title' => isset( $row['episode_title'] ) ? (string) $row['episode_title'] : '',
				);
			}
		}
		return null;
	}

	/**
	 * Series that have rows of this post type, by title.
	 *
	 * @param string $post_type Post type.
	 * @return array<int, string>
	 */
	private function parents( string $post_type ): array {
		global $wpdb;
		$out = array();
		foreach ( $this->available( $post_type ) as $source ) {
			list( $table, $parent_column ) = $source;
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- names from constants.
			$ids = $wpdb->get_col( "SELECT DISTINCT `{$parent_column}` FROM `{$wpdb->prefix}{$table}` WHERE `{$parent_column}` IS NOT NULL LIMIT 500" );
			foreach ( $ids as $id ) {
				$out[ (int) $id ] = get_the_title( (int) $id );
			}
		}
		asort( $out, SORT_NATURAL | SORT_FLAG_CASE );
		return $out;
	}

	/**
	 * The row tables of a post type that exist in this database.
	 *
	 * @param string $post_type Post type.
	 * @return array<int, array{0:string, 1:string}>
	 */
	private function available( string $post_type ): array {
		global $wpdb;
		if ( ! isset( self::SOURCES[ $post_type ] ) ) {
			return array();
		}
		return array_values(
			array_filter(
				self::SOURCES[ $post_type ],
				static fn( array $source ): bool => List_Tables::table_exists( $wpdb->prefix . $source[0] )
			)
		);
	}

	/**
	 * A numeric filter of the request; -1 when absent.
	 *
	 * @param string $name Query variable.
	 */
	private function requested( string $name ): int {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- list filter.
		$raw = isset( $_GET[ $name ] ) ? trim( sanitize_text_field( wp_unslash( $_GET[ $name ] ) ) ) : '';
		return '' !== $raw && ctype_digit( $raw ) ? (int) $raw : -1;
	}
}
