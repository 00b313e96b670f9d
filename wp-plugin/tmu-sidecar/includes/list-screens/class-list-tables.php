<?php
/**
 * Movie, TV, drama and people list tables: TMDb id and year columns, a sync-state filter, and
 * a "Sync from TMDb" row action and bulk action.
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
 * The usual list-table tools for the synced post types.
 */
final class List_Tables {

	public const COLUMN_TMDB_ID = 'tmu_tmdb_id';
	public const COLUMN_YEAR    = 'tmu_year';
	public const FILTER         = 'tmu_sync_state';
	public const BULK_ACTION    = 'tmu_sync_from_tmdb';
	public const ROW_ACTION     = 'tmu_sync_post';

	/** The tmu_* table holding each synced post type's row (its synced_at tells when a sync wrote it). */
	public const TABLES = array(
		'movie'  => 'tmu_movies',
		'tv'     => 'tmu_tv_series',
		'drama'  => 'tmu_dramas',
		'people' => 'tmu_people',
	);

	/**
	 * Sidecar client.
	 *
	 * @var Sidecar_Client
	 */
	private Sidecar_Client $client;

	/**
	 * Settings.
	 *
	 * @var Settings
	 */
	private Settings $settings;

	/**
	 * Constructor.
	 *
	 * @param Settings       $settings Settings.
	 * @param Sidecar_Client $client   Sidecar client.
	 */
	public function __construct( Settings $settings, Sidecar_Client $client ) {
		$this->settings = $settings;
		$this->client   = $client;
	}

	/**
	 * TMDb id (and year for titles) after the title (manage_{post_type}_posts_columns).
	 *
	 * @param mixed $columns Columns.
	 * @return array<string, string>
	 */
	public function add_columns( $columns ): array {
		$columns = is_array( $columns ) ? $columns : array();
		$screen  = get_current_screen();
		$titles  = null === $screen || 'people' !== $screen->post_type;
		$out     = array();
		// One year column: ours, which links to the same filter as the taxonomy's "Years" column did.
		unset( $columns['taxonomy-by-year'] );
		foreach ( $columns as $key => $value ) {
			$out[ $key ] = $value;
			if ( 'title' === $key ) {
				$out[ self::COLUMN_TMDB_ID ] = __( 'TMDb ID', 'tmu-sidecar' );
				if ( $titles ) {
					$out[ self::COLUMN_YEAR ] = __( 'Year', 'tmu-sidecar' );
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
		$post_id = (int) $post_id;
		if ( self::COLUMN_TMDB_ID === $column ) {
			$tmdb_id = (int) get_post_meta( $post_id, 'tmdb_id', true );
			echo $tmdb_id > 0 ? '<span class="tmu-nowrap">' . esc_html( (string) $tmdb_id ) . '</span>' : '—';
		} elseif ( self::COLUMN_YEAR === $column ) {
			$years = wp_get_post_terms( $post_id, 'by-year' );
			if ( ! is_array( $years ) || array() === $years ) {
				echo '—';
				return;
			}
			$filter = add_query_arg( array( 'post_type' => get_post_type( $post_id ), 'by-year' => $years[0]->slug ), admin_url( 'edit.php' ) );
			printf( '<a href="%1$s">%2$s</a>', esc_url( $filter ), esc_html( $years[0]->name ) );
		}
	}

	/**
	 * TMDb id sortable (manage_edit-{post_type}_sortable_columns).
	 *
	 * @param mixed $columns Sortable columns.
	 * @return array<string, mixed>
	 */
	public function sortable_columns( $columns ): array {
		$columns                         = is_array( $columns ) ? $columns : array();
		$columns[ self::COLUMN_TMDB_ID ] = self::COLUMN_TMDB_ID;
		return $columns;
	}

	/**
	 * When a sync wrote a post that has no tmu_last_synced_at of its own (people created by the
	 * sync of a title), read from its tmu_* row; '' when never.
	 *
	 * @param int $post_id Post ID.
	 */
	public static function synced_at_from_row( int $post_id ): string {
		global $wpdb;
		$type  = get_post_type( $post_id );
		$table = is_string( $type ) && isset( self::TABLES[ $type ] ) ? $wpdb->prefix . self::TABLES[ $type ] : '';
		if ( '' === $table || ! self::table_exists( $table ) ) {
			return '';
		}
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name from a constant; list screens show at most a page of rows.
		$value = $wpdb->get_var( $wpdb->prepare( "SELECT synced_at FROM `{$table}` WHERE ID = %d", $post_id ) );
		return is_string( $value ) && '' !== $value ? $value . ' UTC' : '';
	}

	/**
	 * The "never synced / failed" filter (restrict_manage_posts).
	 *
	 * @param mixed $post_type Post type of the screen.
	 */
	public function render_filter( $post_type ): void {
		if ( ! is_string( $post_type ) || ! isset( self::TABLES[ $post_type ] ) ) {
			return;
		}
		$current = $this->requested_state();
		echo '<label class="screen-reader-text" for="tmu-sync-state-filter">' . esc_html__( 'Filter by sync state', 'tmu-sidecar' ) . '</label>';
		echo '<select name="' . esc_attr( self::FILTER ) . '" id="tmu-sync-state-filter">';
		foreach ( array(
			''      => __( 'Any sync state', 'tmu-sidecar' ),
			'never' => __( 'Never synced', 'tmu-sidecar' ),
			'failed' => __( 'Last sync failed', 'tmu-sidecar' ),
		) as $value => $label ) {
			printf( '<option value="%1$s"%2$s>%3$s</option>', esc_attr( $value ), selected( $current, $value, false ), esc_html( $label ) );
		}
		echo '</select>';
	}

	/**
	 * Applies the filter and the TMDb id order (pre_get_posts).
	 *
	 * @param WP_Query $query Query.
	 */
	public function filter_query( $query ): void {
		if ( ! $query instanceof WP_Query || ! is_admin() || ! $query->is_main_query() ) {
			return;
		}
		$post_type = (string) $query->get( 'post_type' );
		if ( ! isset( self::TABLES[ $post_type ] ) ) {
			return;
		}
		if ( self::COLUMN_TMDB_ID === $query->get( 'orderby' ) ) {
			$query->set( 'meta_key', 'tmdb_id' );
			$query->set( 'orderby', 'meta_value_num' );
		}
		$state = $this->requested_state();
		if ( 'failed' === $state ) {
			$query->set(
				'meta_query',
				array(
					array(
						'key'     => 'tmu_last_error',
						'value'   => '',
						'compare' => '!=',
					),
				)
			);
		} elseif ( 'never' === $state ) {
			$query->set( 'tmu_never_synced', $post_type );
		}
	}

	/**
	 * "Never synced": no tmu_last_synced_at and no synced row (posts_where).
	 *
	 * @param mixed    $where WHERE clause.
	 * @param WP_Query $query Query.
	 * @return mixed
	 */
	public function never_synced_where( $where, $query ) {
		if ( ! $query instanceof WP_Query || '' === (string) $query->get( 'tmu_never_synced' ) ) {
			return $where;
		}
		global $wpdb;
		$type   = (string) $query->get( 'tmu_never_synced' );
		$where .= " AND NOT EXISTS (SELECT 1 FROM {$wpdb->postmeta} tmu_pm WHERE tmu_pm.post_id = {$wpdb->posts}.ID AND tmu_pm.meta_key = 'tmu_last_synced_at' AND tmu_pm.meta_value <> '')";
		$table  = $wpdb->prefix . self::TABLES[ $type ];
		if ( self::table_exists( $table ) ) {
			$where .= " AND NOT EXISTS (SELECT 1 FROM `{$table}` tmu_row WHERE tmu_row.ID = {$wpdb->posts}.ID AND tmu_row.synced_at IS NOT NULL)";
		}
		return $where;
	}

	/**
	 * "Sync from TMDb" under each title with a TMDb id (post_row_actions).
	 *
	 * @param mixed   $actions Actions.
	 * @param WP_Post $post    Post.
	 * @return array<string, string>
	 */
	public function row_actions( $actions, $post ): array {
		$actions = is_array( $actions ) ? $actions : array();
		if ( ! $post instanceof WP_Post || ! isset( self::TABLES[ $post->post_type ] ) || ! current_user_can( 'edit_post', $post->ID ) ) {
			return $actions;
		}
		if ( (int) get_post_meta( $post->ID, 'tmdb_id', true ) < 1 ) {
			return $actions;
		}
		$url = wp_nonce_url( admin_url( 'admin-post.php?action=' . self::ROW_ACTION . '&post=' . $post->ID ), self::ROW_ACTION . '_' . $post->ID );
		/* translators: %s: post title. */
		$label                         = sprintf( __( 'Sync “%s” from TMDb', 'tmu-sidecar' ), get_the_title( $post ) );
		$actions[ self::ROW_ACTION ] = sprintf( '<a href="%1$s" aria-label="%2$s">%3$s</a>', esc_url( $url ), esc_attr( $label ), esc_html__( 'Sync from TMDb', 'tmu-sidecar' ) );
		return $actions;
	}

	/**
	 * The bulk action (bulk_actions-edit-{post_type}).
	 *
	 * @param mixed $actions Bulk actions.
	 * @return array<string, string>
	 */
	public function bulk_actions( $actions ): array {
		$actions                      = is_array( $actions ) ? $actions : array();
		$actions[ self::BULK_ACTION ] = __( 'Sync from TMDb', 'tmu-sidecar' );
		return $actions;
	}

	/**
	 * Runs the bulk action (handle_bulk_actions-edit-{post_type}).
	 *
	 * @param mixed $redirect Redirect URL.
	 * @param mixed $action   Action.
	 * @param mixed $post_ids Selected posts.
	 * @return mixed
	 */
	public function handle_bulk( $redirect, $action, $post_ids ) {
		if ( self::BULK_ACTION !== $action || ! is_array( $post_ids ) ) {
			return $redirect;
		}
		return add_query_arg( $this->sync_posts( array_map( 'intval', $post_ids ) ), (string) $redirect );
	}

	/**
	 * The row action (admin-post.php?action=tmu_sync_post&post=ID): capability, then nonce.
	 */
	public function handle_row_action(): void {
		$post_id = isset( $_GET['post'] ) ? absint( wp_unslash( $_GET['post'] ) ) : 0; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- checked below, after the capability.
		if ( $post_id < 1 || ! current_user_can( 'edit_post', $post_id ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to sync this post.', 'tmu-sidecar' ), 403 );
		}
		check_admin_referer( self::ROW_ACTION . '_' . $post_id );
		$back = wp_get_referer();
		$back = false !== $back ? $back : admin_url( 'edit.php?post_type=' . get_post_type( $post_id ) );
		wp_safe_redirect( add_query_arg( $this->sync_posts( array( $post_id ) ), remove_query_arg( array( 'tmu_queued', 'tmu_failed', 'tmu_skipped', 'tmu_refused' ), $back ) ) );
		exit;
	}

	/**
	 * What the row or bulk action did (admin_notices on the list screens).
	 */
	public function render_notice(): void {
		// Read-only counts that handle_bulk() and handle_row_action() put in the redirect URL: no nonce needed.
		$shown = wp_unslash( $_GET ); // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- read-only counts for display.
		if ( ! isset( $shown['tmu_queued'] ) ) {
			return;
		}
		$queued  = absint( $shown['tmu_queued'] );
		$failed  = absint( $shown['tmu_failed'] ?? 0 );
		$skipped = absint( $shown['tmu_skipped'] ?? 0 );
		$refused = absint( $shown['tmu_refused'] ?? 0 );
		$parts = array();
		/* translators: %d: number of syncs queued. */
		$parts[] = sprintf( _n( '%d sync queued.', '%d syncs queued.', $queued, 'tmu-sidecar' ), $queued );
		if ( $skipped > 0 ) {
			/* translators: %d: number of posts without a TMDb id. */
			$parts[] = sprintf( _n( '%d post has no TMDb id.', '%d posts have no TMDb id.', $skipped, 'tmu-sidecar' ), $skipped );
		}
		if ( $refused > 0 ) {
			/* translators: %d: number of posts the user may not edit. */
			$parts[] = sprintf( _n( '%d post was not synced: you may not edit it.', '%d posts were not synced: you may not edit them.', $refused, 'tmu-sidecar' ), $refused );
		}
		$error = get_transient( 'tmu_bulk_error_' . get_current_user_id() );
		if ( $failed > 0 ) {
			/* translators: 1: number of failed requests, 2: the first error. */
			$parts[] = sprintf( _n( '%1$d could not be queued: %2$s', '%1$d could not be queued: %2$s', $failed, 'tmu-sidecar' ), $failed, is_string( $error ) ? $error : '' );
		}
		printf(
			'<div class="notice %1$s is-dismissible" id="tmu-list-sync-notice"%3$s><p>%2$s</p></div>',
			esc_attr( $failed > 0 ? 'notice-error' : 'notice-success' ),
			esc_html( implode( ' ', $parts ) ),
			$failed > 0 ? ' role="alert"' : ''
		);
	}

	/**
	 * Sends one sync.requested per post that has a TMDb id.
	 *
	 * @param int[] $post_ids Posts.
	 * @return array{tmu_queued:int, tmu_failed:int, tmu_skipped:int, tmu_refused:int}
	 */
	private function sync_posts( array $post_ids ): array {
		$counts = array(
			'tmu_queued'  => 0,
			'tmu_failed'  => 0,
			'tmu_skipped' => 0,
			'tmu_refused' => 0,
		);
		foreach ( $post_ids as $post_id ) {
			$type    = Content_Types::webhook_type( (string) get_post_type( $post_id ) );
			$tmdb_id = (int) get_post_meta( $post_id, 'tmdb_id', true );
			if ( ! current_user_can( 'edit_post', $post_id ) ) {
				++$counts['tmu_refused'];
				continue;
			}
			if ( null === $type || $tmdb_id < 1 ) {
				++$counts['tmu_skipped'];
				continue;
			}
			$result = $this->client->request_sync( $type, $tmdb_id, $post_id, $this->settings->default_sync_options( $type ) );
			if ( is_wp_error( $result ) ) {
				++$counts['tmu_failed'];
				set_transient( 'tmu_bulk_error_' . get_current_user_id(), Error_Presenter::sentence( (string) $result->get_error_code(), $result->get_error_message() ), 5 * MINUTE_IN_SECONDS );
				continue;
			}
			++$counts['tmu_queued'];
			/** This action is documented in includes/class-rest-controller.php */
			do_action( 'tmu_sidecar_sync_queued', $post_id, $tmdb_id );
		}
		return $counts;
	}

	/**
	 * The `tmu_sync_state` filter value of this request.
	 */
	private function requested_state(): string {
		$state = isset( $_GET[ self::FILTER ] ) ? sanitize_key( wp_unslash( $_GET[ self::FILTER ] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- list filter.
		return in_array( $state, array( 'never', 'failed' ), true ) ? $state : '';
	}

	/**
	 * Whether the sidecar has created a table (it migrates on start).
	 *
	 * @param string $table Prefixed table name.
	 */
	public static function table_exists( string $table ): bool {
		static $known = array();
		if ( ! isset( $known[ $table ] ) ) {
			global $wpdb;
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- schema probe, cached per request.
			$known[ $table ] = $table === $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $table ) ) );
		}
		return $known[ $table ];
	}
}
