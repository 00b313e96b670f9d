<?php
/**
 * Reads curated lists straight from the sidecar's tables.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_Post;
use WP_Query;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * `{$wpdb->prefix}tmu_media_lists` (id, slug, keyword, title, description, filters JSON, item_limit,
 * refresh_cron, last_refreshed_at, items_changed_at, last_error, created_at, updated_at) and
 * `tmu_media_list_items` (list_id, position, post_id, tmdb_id, media_type). The sidecar writes both;
 * the plugin only reads them, so a page never waits for the sidecar or TMDb.
 */
final class Lists_Repository {

	/** Post types a list item may point to. */
	public const ITEM_POST_TYPES = array( 'movie', 'tv', 'drama' );

	/** Title tables holding the release date, by post type. */
	private const DATE_TABLES = array(
		'movie' => 'tmu_movies',
		'tv'    => 'tmu_tv_series',
		'drama' => 'tmu_dramas',
	);

	/**
	 * Lists table name.
	 */
	public function lists_table(): string {
		global $wpdb;
		return $wpdb->prefix . 'tmu_media_lists';
	}

	/**
	 * Items table name.
	 */
	public function items_table(): string {
		global $wpdb;
		return $wpdb->prefix . 'tmu_media_list_items';
	}

	/**
	 * Whether the sidecar's migrations have created the tables.
	 */
	public function tables_exist(): bool {
		global $wpdb;
		$table = $this->lists_table();
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching -- the sidecar owns this table.
		$found = $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $table ) ) );
		return is_string( $found ) && strtolower( $found ) === strtolower( $table );
	}

	/**
	 * One list by slug, or null.
	 *
	 * @param string $slug List slug.
	 * @return array<string, mixed>|null
	 */
	public function find_by_slug( string $slug ): ?array {
		global $wpdb;
		$table = $this->lists_table();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching -- table name from $wpdb->prefix; the sidecar may have refreshed it a moment ago.
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM `{$table}` WHERE slug = %s", $slug ), ARRAY_A );
		return is_array( $row ) ? $row : null;
	}

	/**
	 * One list by id, or null.
	 *
	 * @param int $id List id.
	 * @return array<string, mixed>|null
	 */
	public function find( int $id ): ?array {
		global $wpdb;
		$table = $this->lists_table();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching -- as above.
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM `{$table}` WHERE id = %d", $id ), ARRAY_A );
		return is_array( $row ) ? $row : null;
	}

	/**
	 * Every list with its item count, newest first.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	public function all(): array {
		global $wpdb;
		$lists = $this->lists_table();
		$items = $this->items_table();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching -- table names from $wpdb->prefix, no user input.
		$rows = $wpdb->get_results( "SELECT l.*, COUNT(i.id) AS item_count FROM `{$lists}` l LEFT JOIN `{$items}` i ON i.list_id = l.id AND i.hidden = 0 GROUP BY l.id ORDER BY l.id DESC", ARRAY_A );
		return is_array( $rows ) ? $rows : array();
	}

	/**
	 * The list's filters column: {type, keyword, filters}.
	 *
	 * @param array<string, mixed> $list List row.
	 * @return array{type:string, keyword:string, filters:array<string, mixed>}
	 */
	public function decode_filters( array $list ): array {
		$decoded = json_decode( (string) ( $list['filters'] ?? '' ), true );
		$decoded = is_array( $decoded ) ? $decoded : array();
		return array(
			'type'    => isset( $decoded['type'] ) && 'tv' === $decoded['type'] ? 'tv' : 'movie',
			'keyword' => isset( $decoded['keyword'] ) && is_string( $decoded['keyword'] ) ? $decoded['keyword'] : (string) ( $list['keyword'] ?? '' ),
			'filters' => isset( $decoded['filters'] ) && is_array( $decoded['filters'] ) ? $decoded['filters'] : array(),
		);
	}

	/**
	 * The list's items, in order, as the public routes show them: published posts only.
	 *
	 * @param int $list_id List id.
	 * @param int $limit   At most this many.
	 * @return array<int, array<string, mixed>>
	 */
	public function items( int $list_id, int $limit ): array {
		global $wpdb;
		$table = $this->items_table();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching -- table name from $wpdb->prefix.
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT post_id, tmdb_id, media_type FROM `{$table}` WHERE list_id = %d AND post_id IS NOT NULL AND hidden = 0 ORDER BY position, id", $list_id ), ARRAY_A );
		$rows = is_array( $rows ) ? $rows : array();
		$tmdb = array();
		foreach ( $rows as $row ) {
			$tmdb[ (int) $row['post_id'] ] = (int) $row['tmdb_id'];
		}
		return array_slice( $this->present( array_keys( $tmdb ), $tmdb ), 0, max( 0, $limit ) );
	}

	/**
	 * Every item of a list for its admin screen: shown ones in order, then the removed ones.
	 *
	 * @param int $list_id List id.
	 * @return array<int, array<string, mixed>> Rows with id, position, post_id, tmdb_id, media_type, pinned, hidden.
	 */
	public function admin_items( int $list_id ): array {
		global $wpdb;
		$table = $this->items_table();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching -- table name from $wpdb->prefix.
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT id, position, post_id, tmdb_id, media_type, pinned, hidden FROM `{$table}` WHERE list_id = %d ORDER BY hidden, position, id", $list_id ), ARRAY_A );
		return is_array( $rows ) ? $rows : array();
	}

	/**
	 * Post IDs a random pick may choose from: items of the keyword's lists, and published
	 * titles tagged with the keyword term. Sorted, without duplicates.
	 *
	 * @param string $keyword Keyword slug.
	 * @param string $type    'movie', 'tv' (tv and drama) or '' (any).
	 * @return int[]
	 */
	public function random_candidates( string $keyword, string $type ): array {
		global $wpdb;
		$lists = $this->lists_table();
		$items = $this->items_table();
		$ids   = array();
		if ( $this->tables_exist() ) {
			// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching -- table names from $wpdb->prefix.
			$found = $wpdb->get_col( $wpdb->prepare( "SELECT DISTINCT i.post_id FROM `{$items}` i JOIN `{$lists}` l ON l.id = i.list_id WHERE l.keyword = %s AND i.post_id IS NOT NULL AND i.hidden = 0", $keyword ) );
			$ids   = array_map( 'intval', is_array( $found ) ? $found : array() );
		}
		$post_types = self::post_types_for( $type );
		if ( taxonomy_exists( 'keyword' ) ) {
			$tagged = get_posts(
				array(
					'post_type'              => $post_types,
					'post_status'            => 'publish',
					'fields'                 => 'ids',
					'posts_per_page'         => 500,
					'no_found_rows'          => true,
					'update_post_meta_cache' => false,
					'update_post_term_cache' => false,
					// phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_tax_query -- one indexed term lookup.
					'tax_query'              => array(
						array(
							'taxonomy' => 'keyword',
							'field'    => 'slug',
							'terms'    => $keyword,
						),
					),
				)
			);
			$ids = array_merge( $ids, array_map( 'intval', $tagged ) );
		}
		$published = array();
		foreach ( array_unique( $ids ) as $id ) {
			$post = get_post( $id );
			if ( $post instanceof WP_Post && 'publish' === $post->post_status && in_array( $post->post_type, $post_types, true ) ) {
				$published[] = $id;
			}
		}
		sort( $published );
		return $published;
	}

	/**
	 * Public shape of posts: post ID, TMDb id, type, title, permalink, poster URL and year.
	 *
	 * @param int[]           $post_ids Post IDs, in the order wanted.
	 * @param array<int, int> $tmdb_ids TMDb id by post ID (else read from post meta).
	 * @return array<int, array<string, mixed>>
	 */
	public function present( array $post_ids, array $tmdb_ids = array() ): array {
		if ( array() === $post_ids ) {
			return array();
		}
		$query = new WP_Query(
			array(
				'post_type'              => self::ITEM_POST_TYPES,
				'post_status'            => 'publish',
				'post__in'               => $post_ids,
				'orderby'                => 'post__in',
				'posts_per_page'         => count( $post_ids ),
				'no_found_rows'          => true,
				'ignore_sticky_posts'    => true,
				'update_post_term_cache' => false,
			)
		);
		update_post_thumbnail_cache( $query );
		$years = $this->years( $query->posts );
		$out   = array();
		foreach ( $query->posts as $post ) {
			if ( ! $post instanceof WP_Post ) {
				continue;
			}
			$thumbnail = (int) get_post_thumbnail_id( $post );
			$poster    = $thumbnail ? wp_get_attachment_image_url( $thumbnail, 'medium' ) : false;
			$out[]     = array(
				'post_id'      => (int) $post->ID,
				'tmdb_id'      => $tmdb_ids[ $post->ID ] ?? (int) get_post_meta( $post->ID, 'tmdb_id', true ),
				'type'         => $post->post_type,
				'title'        => get_the_title( $post ),
				'permalink'    => (string) get_permalink( $post ),
				'poster_url'   => is_string( $poster ) ? $poster : null,
				'thumbnail_id' => $thumbnail,
				'year'         => $years[ $post->ID ] ?? null,
				'modified_gmt' => $post->post_modified_gmt,
			);
		}
		return $out;
	}

	/**
	 * Release or first-air year from the title tables, by post ID.
	 *
	 * @param WP_Post[] $posts Posts.
	 * @return array<int, int>
	 */
	private function years( array $posts ): array {
		global $wpdb;
		$by_type = array();
		foreach ( $posts as $post ) {
			if ( $post instanceof WP_Post && isset( self::DATE_TABLES[ $post->post_type ] ) ) {
				$by_type[ $post->post_type ][] = (int) $post->ID;
			}
		}
		$years = array();
		foreach ( $by_type as $type => $ids ) {
			$table        = $wpdb->prefix . self::DATE_TABLES[ $type ];
			$placeholders = implode( ',', array_fill( 0, count( $ids ), '%d' ) );
			// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare,WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching -- table from $wpdb->prefix, one %d per id.
			$rows = $wpdb->get_results( $wpdb->prepare( "SELECT ID, release_date FROM `{$table}` WHERE ID IN ({$placeholders})", $ids ), ARRAY_A );
			foreach ( is_array( $rows ) ? $rows : array() as $row ) {
				if ( preg_match( '/^(\d{4})/', (string) $row['release_date'], $m ) ) {
					$years[ (int) $row['ID'] ] = (int) $m[1];
				}
			}
		}
		return $years;
	}

	/**
	 * Post types of a random pick's type.
	 *
	 * @param string $type 'movie', 'tv' or ''.
	 * @return string[]
	 */
	private static function post_types_for( string $type ): array {
		if ( 'movie' === $type ) {
			return array( 'movie' );
		}
		return 'tv' === $type ? array( 'tv', 'drama' ) : self::ITEM_POST_TYPES;
	}

	/**
	 * A DATETIME column the sidecar wrote (UTC, or Unix milliseconds on SQLite) as Unix seconds; 0 when empty.
	 *
	 * @param mixed $value Column value.
	 */
	public static function utc_time( $value ): int {
		if ( null === $value || '' === $value || ( is_string( $value ) && str_starts_with( $value, '0000-00-00' ) ) ) {
			return 0;
		}
		if ( is_numeric( $value ) ) {
			$number = (float) $value;
			return (int) floor( $number > 100000000000 ? $number / 1000 : $number );
		}
		try {
			return ( new \DateTimeImmutable( (string) $value, new \DateTimeZone( 'UTC' ) ) )->getTimestamp();
		} catch ( \Exception $e ) {
			return 0;
		}
	}
}
