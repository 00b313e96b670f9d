<?php
/**
 * The tmu_* rows behind a set of posts, read in bulk: a fixed number of queries however many posts.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_Post;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Loads rows, credits, seasons, episodes, videos, people and filmographies for many posts at once,
 * then primes WordPress's caches for every post and attachment they link to.
 */
final class Title_Data_Store {

	/** The rows behind each post type (seasons live in two tables). */
	private const ROW_TABLES = array(
		'movie'         => array( 'tmu_movies' ),
		'tv'            => array( 'tmu_tv_series' ),
		'drama'         => array( 'tmu_dramas' ),
		'people'        => array( 'tmu_people' ),
		'season'        => array( 'tmu_tv_series_seasons', 'tmu_dramas_seasons' ),
		'episode'       => array( 'tmu_tv_series_episodes' ),
		'drama-episode' => array( 'tmu_dramas_episodes' ),
		'video'         => array( 'tmu_videos' ),
	);

	/** Seasons and episodes of series, by the series' post type. */
	public const SERIES = array(
		'tv'    => array(
			'seasons'  => 'tmu_tv_series_seasons',
			'episodes' => 'tmu_tv_series_episodes',
			'column'   => 'tv_series',
		),
		'drama' => array(
			'seasons'  => 'tmu_dramas_seasons',
			'episodes' => 'tmu_dramas_episodes',
			'column'   => 'dramas',
		),
	);

	/** Tables that exist on this site, for the whole request (a site may not have run the sidecar yet). */
	private static ?array $existing = null;

	/**
	 * Post ID => its row (`_table` names the table).
	 *
	 * @var array<int, array<string, mixed>>
	 */
	public array $rows = array();

	/**
	 * Title ID => cast rows, in credit order.
	 *
	 * @var array<int, array<int, array<string, mixed>>>
	 */
	public array $cast = array();

	/**
	 * Title ID => crew rows, in credit order.
	 *
	 * @var array<int, array<int, array<string, mixed>>>
	 */
	public array $crew = array();

	/**
	 * Person post ID => tmu_people row (name, profile_path).
	 *
	 * @var array<int, array<string, mixed>>
	 */
	public array $people = array();

	/**
	 * Series ID => season rows.
	 *
	 * @var array<int, array<int, array<string, mixed>>>
	 */
	public array $seasons = array();

	/**
	 * Series ID => episode rows.
	 *
	 * @var array<int, array<int, array<string, mixed>>>
	 */
	public array $episodes = array();

	/**
	 * Title ID => tmu_videos rows.
	 *
	 * @var array<int, array<int, array<string, mixed>>>
	 */
	public array $videos = array();

	/**
	 * Person ID => credit rows (kind, title, job, department, release_year).
	 *
	 * @var array<int, array<int, array<string, mixed>>>
	 */
	public array $filmography = array();

	/**
	 * Reads everything the posts' shapes need.
	 *
	 * @param WP_Post[] $posts Posts, already readable.
	 * @param bool      $full  False (embed context): the posts' own rows and terms only.
	 */
	public function load( array $posts, bool $full ): void {
		$by_type = array();
		foreach ( $posts as $post ) {
			$by_type[ $post->post_type ][] = (int) $post->ID;
		}
		foreach ( $by_type as $type => $ids ) {
			foreach ( self::ROW_TABLES[ $type ] ?? array() as $table ) {
				foreach ( $this->select( "SELECT * FROM {table} WHERE ID IN ({ids})", $table, $ids ) as $row ) {
					$this->rows[ (int) $row['ID'] ] = array_merge( $row, array( '_table' => $table ) );
				}
			}
		}
		update_object_term_cache( array_map( static fn ( WP_Post $post ): int => (int) $post->ID, $posts ), array_keys( $by_type ) );
		if ( ! $full ) {
			$this->prime_attachments( $posts, array() );
			return;
		}
		$this->load_credits( $by_type );
		$this->load_series( $by_type );
		$this->load_videos( $by_type );
		$this->load_filmography( $by_type['people'] ?? array() );
		$this->prime_links( $posts );
	}

	/**
	 * Whether a table exists on this site.
	 *
	 * @param string $table Table name without the prefix.
	 */
	public static function has_table( string $table ): bool {
		global $wpdb;
		if ( null === self::$existing ) {
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching -- one look-up per request.
			$names          = (array) $wpdb->get_col( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $wpdb->prefix . 'tmu_' ) . '%' ) );
			self::$existing = array_fill_keys( $names, true );
		}
		return isset( self::$existing[ $wpdb->prefix . $table ] );
	}

	/**
	 * Cast and crew of movies, series and dramas, in the order the sync wrote them.
	 *
	 * @param array<string, int[]> $by_type Post IDs by post type.
	 */
	private function load_credits( array $by_type ): void {
		foreach ( Title_Links::TITLES as $type => $title ) {
			$ids = $by_type[ $type ] ?? array();
			if ( array() === $ids ) {
				continue;
			}
			list( $cast_table, $crew_table ) = $title['credits'];
			$column                          = $title['column'];
			foreach ( $this->select( "SELECT ID, {$column} AS title_id, person, job FROM {table} WHERE {$column} IN ({ids}) ORDER BY ID", $cast_table, $ids ) as $row ) {
				$this->cast[ (int) $row['title_id'] ][] = $row;
			}
			foreach ( $this->select( "SELECT ID, {$column} AS title_id, person, department, job FROM {table} WHERE {$column} IN ({ids}) ORDER BY ID", $crew_table, $ids ) as $row ) {
				$this->crew[ (int) $row['title_id'] ][] = $row;
			}
		}
	}

	/**
	 * Seasons and episodes of series and dramas; the episodes of seasons; the series of episodes.
	 *
	 * @param array<string, int[]> $by_type Post IDs by post type.
	 */
	private function load_series( array $by_type ): void {
		foreach ( self::SERIES as $type => $series ) {
			$column = $series['column'];
			$ids    = $by_type[ $type ] ?? array();
			// A season's or an episode's own series: its seasons and episodes give its neighbours and links.
			foreach ( array_merge( $by_type['season'] ?? array(), $by_type['episode'] ?? array(), $by_type['drama-episode'] ?? array() ) as $child ) {
				$row = $this->rows[ $child ] ?? null;
				if ( null !== $row && isset( $row[ $column ] ) && in_array( $row['_table'], array( $series['seasons'], $series['episodes'] ), true ) ) {
					$ids[] = (int) $row[ $column ];
				}
			}
			$ids = array_values( array_unique( $ids ) );
			if ( array() === $ids ) {
				continue;
			}
			foreach ( $this->select( "SELECT *, {$column} AS series_id FROM {table} WHERE {$column} IN ({ids}) ORDER BY season_no, ID", $series['seasons'], $ids ) as $row ) {
				$this->seasons[ (int) $row['series_id'] ][] = $row;
			}
			$sql = "SELECT ID, {$column} AS series_id, season_id, season_no, episode_no, episode_title, overview, air_date FROM {table} WHERE {$column} IN ({ids}) ORDER BY season_no, episode_no, ID";
			foreach ( $this->select( $sql, $series['episodes'], $ids ) as $row ) {
				$this->episodes[ (int) $row['series_id'] ][] = $row;
			}
		}
	}

	/**
	 * Videos of movies, series and dramas.
	 *
	 * @param array<string, int[]> $by_type Post IDs by post type.
	 */
	private function load_videos( array $by_type ): void {
		$ids = array_merge( $by_type['movie'] ?? array(), $by_type['tv'] ?? array(), $by_type['drama'] ?? array() );
		foreach ( $this->select( 'SELECT ID, post_id, video_data FROM {table} WHERE post_id IN ({ids}) ORDER BY ID', 'tmu_videos', $ids ) as $row ) {
			$this->videos[ (int) $row['post_id'] ][] = $row;
		}
	}

	/**
	 * Every credit of the people: one query over the six credit tables.
	 *
	 * @param int[] $people Person post IDs.
	 */
	private function load_filmography( array $people ): void {
		global $wpdb;
		if ( array() === $people ) {
			return;
		}
		$select = array();
		foreach ( Title_Links::TITLES as $type => $title ) {
			list( $cast_table, $crew_table ) = $title['credits'];
			$column                          = $title['column'];
			$in                              = implode( ',', array_map( 'intval', $people ) );
			if ( self::has_table( $cast_table ) ) {
				$select[] = "SELECT '{$type}' AS kind, ID, {$column} AS title_id, person, 'Acting' AS department, job, release_year FROM {$wpdb->prefix}{$cast_table} WHERE person IN ({$in})";
			}
			if ( self::has_table( $crew_table ) ) {
				$select[] = "SELECT '{$type}' AS kind, ID, {$column} AS title_id, person, department, job, release_year FROM {$wpdb->prefix}{$crew_table} WHERE person IN ({$in})";
			}
		}
		if ( array() === $select ) {
			return;
		}
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.NotPrepared -- table and column names come from constants, IDs are integers.
		$rows = (array) $wpdb->get_results( implode( ' UNION ALL ', $select ) . ' ORDER BY release_year DESC, ID', ARRAY_A );
		foreach ( $rows as $row ) {
			$this->filmography[ (int) $row['person'] ][] = $row;
		}
	}

	/**
	 * Primes the posts every shape links to (people, seasons, episodes, videos, series, titles), the
	 * people rows of everyone credited, then the attachments of all of them.
	 *
	 * @param WP_Post[] $posts The posts asked for.
	 */
	private function prime_links( array $posts ): void {
		$linked = array();
		foreach ( array( $this->cast, $this->crew, $this->seasons, $this->episodes, $this->videos, $this->filmography ) as $lists ) {
			foreach ( $lists as $list ) {
				foreach ( $list as $row ) {
					$linked[] = (int) ( $row['person'] ?? $row['ID'] );
					$linked[] = (int) ( $row['title_id'] ?? 0 );
				}
			}
		}
		foreach ( $posts as $post ) {
			$row = $this->rows[ (int) $post->ID ] ?? array();
			foreach ( array( 'tv_series', 'dramas', 'season_id', 'post_id' ) as $column ) {
				$linked[] = (int) ( $row[ $column ] ?? 0 );
			}
			foreach ( self::episode_credits( $row ) as $credit ) {
				$linked[] = $credit['person'];
			}
		}
		$linked = array_values( array_filter( array_unique( $linked ) ) );
		_prime_post_caches( $linked, false, true );
		$people = array();
		foreach ( $linked as $id ) {
			$post = get_post( $id );
			if ( $post instanceof WP_Post && 'people' === $post->post_type && ! isset( $this->rows[ $id ] ) ) {
				$people[] = $id;
			}
		}
		foreach ( $this->select( 'SELECT ID, name FROM {table} WHERE ID IN ({ids})', 'tmu_people', $people ) as $row ) {
			$this->people[ (int) $row['ID'] ] = $row;
		}
		foreach ( $people as $id ) {
			$this->people[ $id ] = $this->people[ $id ] ?? array( 'ID' => $id );
		}
		$this->prime_attachments( $posts, $linked );
	}

	/**
	 * Primes attachments: featured images of the posts and of what they link to, and the image lists.
	 *
	 * @param WP_Post[] $posts  The posts asked for.
	 * @param int[]     $linked Linked post IDs (already primed with meta).
	 */
	private function prime_attachments( array $posts, array $linked ): void {
		$ids = array();
		foreach ( $posts as $post ) {
			$ids[] = (int) get_post_meta( (int) $post->ID, '_thumbnail_id', true );
			$row   = $this->rows[ (int) $post->ID ] ?? array();
			$ids   = array_merge( $ids, Title_Data_Values::ids( $row['images'] ?? null ), Title_Data_Values::ids( $row['photos'] ?? null ) );
		}
		foreach ( $linked as $id ) {
			$ids[] = (int) get_post_meta( $id, '_thumbnail_id', true );
		}
		_prime_post_caches( array_values( array_filter( array_unique( $ids ) ) ), false, true );
	}

	/**
	 * An episode row's own credits (`credits` column): [{person, department, job, character}].
	 *
	 * @param array<string, mixed> $row Episode row.
	 * @return array<int, array{person: int, department: string, job: string|null, cast: bool}>
	 */
	public static function episode_credits( array $row ): array {
		$group = Title_Data_Values::decode( $row['credits'] ?? null );
		if ( ! is_array( $group ) || ! in_array( $row['_table'] ?? '', array( 'tmu_tv_series_episodes', 'tmu_dramas_episodes' ), true ) ) {
			return array();
		}
		$credits = array();
		foreach ( array( 'cast', 'crew' ) as $part ) {
			foreach ( is_array( $group[ $part ] ?? null ) ? $group[ $part ] : array() as $entry ) {
				if ( ! is_array( $entry ) || ! is_numeric( $entry['person'] ?? null ) ) {
					continue;
				}
				$department = is_string( $entry['department'] ?? null ) ? $entry['department'] : ( 'cast' === $part ? 'Acting' : 'Crew' );
				$job        = null;
				// The legacy group keeps a crew member's job under "<department>_job" (acting_job for the cast).
				foreach ( $entry as $key => $value ) {
					if ( is_string( $key ) && '_job' === substr( $key, -4 ) && is_string( $value ) ) {
						$job = $value;
					}
				}
				$credits[] = array(
					'person'     => (int) $entry['person'],
					'department' => $department,
					'job'        => $job,
					'cast'       => 'cast' === $part,
				);
			}
		}
		return $credits;
	}

	/**
	 * Rows of one table for a list of IDs: `{table}` and `{ids}` in $sql are filled in.
	 *
	 * @param string $sql   Query with {table} and {ids}.
	 * @param string $table Table name without the prefix.
	 * @param int[]  $ids   IDs.
	 * @return array<int, array<string, mixed>>
	 */
	private function select( string $sql, string $table, array $ids ): array {
		global $wpdb;
		$ids = array_values( array_filter( array_unique( array_map( 'intval', $ids ) ) ) );
		if ( array() === $ids || ! self::has_table( $table ) ) {
			return array();
		}
		$sql = str_replace( array( '{table}', '{ids}' ), array( $wpdb->prefix . $table, implode( ',', $ids ) ), $sql );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.NotPrepared -- table and column names come from constants, IDs are integers.
		return (array) $wpdb->get_results( $sql, ARRAY_A );
	}
}
