<?php
/**
 * What hangs off a title in the tables the sidecar writes: its seasons, episodes and videos,
 * and the people its cast, crew and episodes credit.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Set-based reads: a few queries per title, however many people it credits.
 */
final class Title_Links {

	/** Per title type: its cast and crew tables, the column holding the title's post ID, its child tables. */
	public const TITLES = array(
		'movie' => array(
			'credits'  => array( 'tmu_movies_cast', 'tmu_movies_crew' ),
			'column'   => 'movie',
			'children' => array(),
		),
		'tv'    => array(
			'credits'  => array( 'tmu_tv_series_cast', 'tmu_tv_series_crew' ),
			'column'   => 'tv_series',
			'children' => array( 'tmu_tv_series_seasons', 'tmu_tv_series_episodes' ),
		),
		'drama' => array(
			'credits'  => array( 'tmu_dramas_cast', 'tmu_dramas_crew' ),
			'column'   => 'dramas',
			'children' => array( 'tmu_dramas_episodes' ),
		),
	);

	/** Episode tables whose `credits` column names guest stars and an episode's own crew. */
	private const EPISODE_TABLES = array(
		'tv'    => 'tmu_tv_series_episodes',
		'drama' => 'tmu_dramas_episodes',
	);

	/**
	 * Whether a post type is a title whose children and people follow it.
	 *
	 * @param string $post_type Post type.
	 */
	public function is_title( string $post_type ): bool {
		return isset( self::TITLES[ $post_type ] );
	}

	/**
	 * IDs of the title's seasons, episodes and videos whose status is one of $statuses.
	 *
	 * @param \WP_Post      $title    The title post.
	 * @param array<string> $statuses Statuses to find.
	 * @return array<int>
	 */
	public function children( \WP_Post $title, array $statuses ): array {
		global $wpdb;
		$spec   = self::TITLES[ $title->post_type ];
		$select = array( "SELECT ID AS id FROM {$wpdb->prefix}tmu_videos WHERE post_id = %d" );
		foreach ( $spec['children'] as $table ) {
			$select[] = "SELECT ID AS id FROM {$wpdb->prefix}{$table} WHERE {$spec['column']} = %d";
		}
		$sql = "SELECT p.ID FROM {$wpdb->posts} p WHERE p.ID IN (" . implode( ' UNION ', $select ) . ')'
			. ' AND p.post_status IN (' . $this->markers( $statuses, '%s' ) . ')';
		$args = array_merge( array_fill( 0, count( $select ), $title->ID ), $statuses );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- table and column names come from constants; one read for every child.
		return array_map( 'intval', (array) $wpdb->get_col( $wpdb->prepare( $sql, $args ) ) );
	}

	/**
	 * IDs of the people posts the title credits (cast, crew, episode guests) whose status is one of $statuses.
	 *
	 * @param \WP_Post      $title    The title post.
	 * @param array<string> $statuses Statuses to find.
	 * @return array<int>
	 */
	public function people( \WP_Post $title, array $statuses ): array {
		global $wpdb;
		$spec   = self::TITLES[ $title->post_type ];
		$select = array();
		foreach ( $spec['credits'] as $table ) {
			$select[] = "SELECT person FROM {$wpdb->prefix}{$table} WHERE {$spec['column']} = %d";
		}
		$sql = "SELECT p.ID FROM {$wpdb->posts} p WHERE p.post_type = 'people' AND p.ID IN (" . implode( ' UNION ', $select ) . ')'
			. ' AND p.post_status IN (' . $this->markers( $statuses, '%s' ) . ')';
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- table and column names come from constants; one read for the whole cast and crew.
		$ids    = array_map( 'intval', (array) $wpdb->get_col( $wpdb->prepare( $sql, array_merge( array_fill( 0, count( $select ), $title->ID ), $statuses ) ) ) );
		$guests = $this->episode_people( $title );
		if ( array() !== $guests ) {
			$sql = "SELECT ID FROM {$wpdb->posts} WHERE post_type = 'people' AND ID IN (" . $this->markers( $guests, '%d' ) . ')'
				. ' AND post_status IN (' . $this->markers( $statuses, '%s' ) . ')';
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- only %d and %s markers are added.
			$ids = array_merge( $ids, array_map( 'intval', (array) $wpdb->get_col( $wpdb->prepare( $sql, array_merge( $guests, $statuses ) ) ) ) );
		}
		return array_values( array_unique( $ids ) );
	}

	/**
	 * Of these people, those another published title (not $title) credits in its cast or crew.
	 *
	 * @param \WP_Post   $title  The title post.
	 * @param array<int> $people People post IDs.
	 * @return array<int>
	 */
	public function credited_elsewhere( \WP_Post $title, array $people ): array {
		global $wpdb;
		if ( array() === $people ) {
			return array();
		}
		$select = array();
		$args   = array();
		foreach ( self::TITLES as $spec ) {
			foreach ( $spec['credits'] as $table ) {
				$select[] = "SELECT c.person FROM {$wpdb->prefix}{$table} c INNER JOIN {$wpdb->posts} t ON t.ID = c.{$spec['column']}"
					. " WHERE t.post_status = 'publish' AND t.ID <> %d AND c.person IN (" . $this->markers( $people, '%d' ) . ')';
				$args     = array_merge( $args, array( $title->ID ), $people );
			}
		}
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- table and column names come from constants; one read for every credit table.
		return array_map( 'intval', (array) $wpdb->get_col( $wpdb->prepare( implode( ' UNION ', $select ), $args ) ) );
	}

	/**
	 * People post IDs named in the `credits` column of the series' episodes (one read; PHP or JSON format).
	 *
	 * @param \WP_Post $title The title post.
	 * @return array<int>
	 */
	private function episode_people( \WP_Post $title ): array {
		global $wpdb;
		if ( ! isset( self::EPISODE_TABLES[ $title->post_type ] ) ) {
			return array();
		}
		$table  = $wpdb->prefix . self::EPISODE_TABLES[ $title->post_type ];
		$column = self::TITLES[ $title->post_type ]['column'];
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table and column names come from constants.
		$values = (array) $wpdb->get_col( $wpdb->prepare( "SELECT credits FROM {$table} WHERE {$column} = %d AND credits IS NOT NULL", $title->ID ) );
		$ids    = array();
		foreach ( $values as $value ) {
			$credits = is_serialized( (string) $value ) ? @unserialize( (string) $value, array( 'allowed_classes' => false ) ) : json_decode( (string) $value, true ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged,WordPress.PHP.DiscouragedPHPFunctions.serialize_unserialize -- a damaged value is skipped; no objects are made.
			foreach ( array( 'cast', 'crew' ) as $group ) {
				foreach ( ( is_array( $credits ) && is_array( $credits[ $group ] ?? null ) ) ? $credits[ $group ] : array() as $entry ) {
					if ( is_array( $entry ) && isset( $entry['person'] ) && (int) $entry['person'] > 0 ) {
						$ids[ (int) $entry['person'] ] = true;
					}
				}
			}
		}
		return array_keys( $ids );
	}

	/**
	 * "%d,%d,…" for a list.
	 *
	 * @param array<mixed> $items  Items.
	 * @param string       $marker Placeholder.
	 */
	private function markers( array $items, string $marker ): string {
		return implode( ',', array_fill( 0, max( 1, count( $items ) ), $marker ) );
	}
}
