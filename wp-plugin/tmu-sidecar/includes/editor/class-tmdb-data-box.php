<?php
/**
 * The read-only "TMDb data" box: what the last sync wrote to the tmu_* rows.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_Error;
use WP_Post;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Release date, runtime, rating and the counts of cast, seasons and videos, read from the rows
 * (ID = the post's ID), so an editor can see what was written without opening the database.
 * GET tmu/v1/posts/{id}/tmdb-data gives the same figures to the TMDb box's script after a sync.
 */
final class Tmdb_Data_Box {

	public const ID = 'tmu-tmdb-data';

	/** Post type => [title table, parent column of its cast and season rows, seasons table or ''] */
	private const SOURCES = array(
		'movie' => array( 'tmu_movies', 'movie', '' ),
		'tv'    => array( 'tmu_tv_series', 'tv_series', 'tmu_tv_series_seasons' ),
		'drama' => array( 'tmu_dramas', 'dramas', 'tmu_dramas_seasons' ),
	);

	/**
	 * Registers the box on movie, TV and drama edit screens (add_meta_boxes).
	 *
	 * @param string $post_type Post type.
	 */
	public function add( $post_type ): void {
		if ( isset( self::SOURCES[ $post_type ] ) ) {
			add_meta_box( self::ID, __( 'TMDb data', 'tmu-sidecar' ), array( $this, 'render' ), $post_type, 'side', 'default' );
		}
	}

	/**
	 * GET tmu/v1/posts/{id}/tmdb-data (rest_api_init).
	 */
	public function register_routes(): void {
		register_rest_route(
			REST_NAMESPACE,
			'/posts/(?P<id>\\d+)/tmdb-data',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'rest_facts' ),
				'permission_callback' => static function ( WP_REST_Request $request ) {
					return current_user_can( 'edit_post', (int) $request['id'] ) ? true : new WP_Error( 'rest_forbidden', __( 'Sorry, you are not allowed to do that.', 'tmu-sidecar' ), array( 'status' => rest_authorization_required_code() ) );
				},
				'args'                => array(
					'id' => array(
						'type'     => 'integer',
						'minimum'  => 1,
						'required' => true,
					),
				),
			)
		);
	}

	/**
	 * {facts: [{key, label, value}]}: empty until the first sync wrote the row.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function rest_facts( WP_REST_Request $request ) {
		$post = get_post( (int) $request['id'] );
		if ( ! $post instanceof WP_Post || ! isset( self::SOURCES[ $post->post_type ] ) ) {
			return new WP_Error( 'tmu_not_a_title', __( 'This post is not a movie, TV show or drama.', 'tmu-sidecar' ), array( 'status' => 404 ) );
		}
		$out = array();
		foreach ( $this->facts( $post ) ?? array() as $key => $fact ) {
			$out[] = array(
				'key'   => $key,
				'label' => $fact[0],
				'value' => $fact[1],
			);
		}
		$response = new WP_REST_Response( array( 'facts' => $out ), 200 );
		$response->header( 'Cache-Control', 'private, no-store' );
		return $response;
	}

	/**
	 * The box.
	 *
	 * @param WP_Post $post Post being edited.
	 */
	public function render( $post ): void {
		if ( ! $post instanceof WP_Post || ! isset( self::SOURCES[ $post->post_type ] ) ) {
			return;
		}
		$facts = $this->facts( $post );
		if ( null === $facts ) {
			echo '<p class="description" id="tmu-tmdb-data-empty">' . esc_html__( 'Nothing synced yet: the figures appear after the first sync.', 'tmu-sidecar' ) . '</p>';
			return;
		}
		echo '<dl class="tmu-tmdb-data" id="tmu-tmdb-data-list">';
		foreach ( $facts as $key => $fact ) {
			printf( '<dt>%1$s</dt><dd data-fact="%2$s">%3$s</dd>', esc_html( $fact[0] ), esc_attr( $key ), esc_html( $fact[1] ) );
		}
		echo '</dl>';
	}

	/**
	 * The figures, or null when the row does not exist.
	 *
	 * @param WP_Post $post Post.
	 * @return array<string, array{0:string, 1:string}>|null
	 */
	private function facts( WP_Post $post ): ?array {
		global $wpdb;
		list( $table, $parent, $seasons ) = self::SOURCES[ $post->post_type ];
		$table                            = $wpdb->prefix . $table;
		if ( ! List_Tables::table_exists( $table ) ) {
			return null;
		}
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name from constants; one row on one screen.
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT release_date, runtime, average_rating, vote_count FROM `{$table}` WHERE ID = %d", $post->ID ), ARRAY_A );
		if ( ! is_array( $row ) ) {
			return null;
		}
		$count = function ( string $name, string $column ) use ( $wpdb, $post ): string {
			$name = $wpdb->prefix . $name;
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table and column names from constants; one count on one screen.
			return List_Tables::table_exists( $name ) ? (string) (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM `{$name}` WHERE `{$column}` = %d", $post->ID ) ) : '—';
		};
		$dash = '—';
		/* translators: %d: minutes. */
		$runtime = sprintf( __( '%d min', 'tmu-sidecar' ), (int) $row['runtime'] );
		/* translators: 1: average rating out of 10, 2: number of votes. */
		$rating = sprintf( __( '%1$s / 10 (%2$s votes)', 'tmu-sidecar' ), number_format_i18n( (float) $row['average_rating'], 1 ), number_format_i18n( (int) $row['vote_count'] ) );
		$facts  = array(
			'release_date' => array( __( 'Release date', 'tmu-sidecar' ), '' !== (string) $row['release_date'] ? (string) $row['release_date'] : $dash ),
			'runtime'      => array( __( 'Runtime', 'tmu-sidecar' ), (int) $row['runtime'] > 0 ? $runtime : $dash ),
			'rating'       => array( __( 'Rating', 'tmu-sidecar' ), null !== $row['average_rating'] ? $rating : $dash ),
			'cast'         => array( __( 'Cast', 'tmu-sidecar' ), $count( $table === $wpdb->prefix . 'tmu_movies' ? 'tmu_movies_cast' : substr( $table, strlen( $wpdb->prefix ) ) . '_cast', $parent ) ),
		);
		if ( '' !== $seasons ) {
			$facts['seasons'] = array( __( 'Seasons', 'tmu-sidecar' ), $count( $seasons, $parent ) );
		}
		$facts['videos'] = array( __( 'Videos', 'tmu-sidecar' ), $count( 'tmu_videos', 'post_id' ) );
		return $facts;
	}
}
