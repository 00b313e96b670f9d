<?php
/**
 * The plugin's REST routes (namespace tmu/v1, design §4b).
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
 * tmu/v1: sync, import, bulk, jobs, search (test-connection: Connection_Rest).
 *
 * The admin JavaScript talks only to these routes; they forward to the sidecar with
 * signed requests, and read job progress straight from the jobs table.
 */
final class Rest_Controller {

	public const NAMESPACE = 'tmu/v1';

	/** The sidecar's content types accepted by import and bulk ("people" is an alias of "person"). */
	private const TYPES = array( 'movie', 'tv', 'drama', 'person', 'people' );

	/**
	 * Settings.
	 *
	 * @var Settings
	 */
	private Settings $settings;

	/**
	 * Sidecar client.
	 *
	 * @var Sidecar_Client
	 */
	private Sidecar_Client $client;

	/**
	 * Jobs table reader.
	 *
	 * @var Jobs_Repository
	 */
	private Jobs_Repository $jobs;

	/**
	 * Constructor.
	 *
	 * @param Settings        $settings Settings.
	 * @param Sidecar_Client  $client   Sidecar client.
	 * @param Jobs_Repository $jobs     Jobs table reader.
	 */
	public function __construct( Settings $settings, Sidecar_Client $client, Jobs_Repository $jobs ) {
		$this->settings = $settings;
		$this->client   = $client;
		$this->jobs     = $jobs;
	}

	/**
	 * Registers the routes (rest_api_init).
	 */
	public function register_routes(): void {
		register_rest_route(
			self::NAMESPACE,
			'/sync',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'sync' ),
				'permission_callback' => array( $this, 'can_sync' ),
				'args'                => array(
					'post_id' => array(
						'description' => __( 'The post to sync (movie, tv, drama or people).', 'tmu-sidecar' ),
						'type'        => 'integer',
						'minimum'     => 1,
						'required'    => true,
					),
					'tmdb_id' => array(
						'description' => __( 'Optional: store this TMDb id on the post first (the meta box sends the field value).', 'tmu-sidecar' ),
						'type'        => 'integer',
						'minimum'     => 1,
					),
					'options' => $this->options_schema(),
				),
			)
		);

		// POST /import (one title or many) is registered by Import_Rest, which calls import() for one title.

		register_rest_route(
			self::NAMESPACE,
			'/bulk',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'bulk' ),
				'permission_callback' => array( $this, 'can_manage' ),
				'args'                => array(
					'types'   => array(
						'description' => __( 'Limit the bulk sync to these content types (default: all).', 'tmu-sidecar' ),
						'type'        => 'array',
						'items'       => array(
							'type' => 'string',
							'enum' => self::TYPES,
						),
						'uniqueItems' => true,
					),
					'options' => $this->options_schema(),
				),
			)
		);

		register_rest_route(
			self::NAMESPACE,
			'/jobs/(?P<id>\d+)',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'get_job' ),
				'permission_callback' => array( $this, 'can_edit_posts' ),
				'args'                => $this->job_id_args(),
			)
		);

		register_rest_route(
			self::NAMESPACE,
			'/jobs/(?P<id>\d+)/cancel',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'cancel_job' ),
				'permission_callback' => array( $this, 'can_manage' ),
				'args'                => $this->job_id_args(),
			)
		);

		register_rest_route(
			self::NAMESPACE,
			'/search',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'search' ),
				'permission_callback' => array( $this, 'can_edit_posts' ),
				'args'                => array(
					'q'    => array(
						'description'       => __( 'What to search TMDb for.', 'tmu-sidecar' ),
						'type'              => 'string',
						'minLength'         => 1,
						'maxLength'         => 200,
						'required'          => true,
						'sanitize_callback' => array( $this, 'sanitize_query' ),
					),
					'type' => array(
						'description' => __( 'TMDb search type.', 'tmu-sidecar' ),
						'type'        => 'string',
						'enum'        => array( 'movie', 'tv', 'person', 'multi' ),
						'default'     => 'multi',
					),
				),
			)
		);
	}

	/**
	 * Permission: edit_post on the requested post.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	public function can_sync( WP_REST_Request $request ) {
		if ( ! current_user_can( 'edit_posts' ) ) {
			return $this->forbidden();
		}
		$post = get_post( (int) $request->get_param( 'post_id' ) );
		if ( ! $post instanceof WP_Post ) {
			return new WP_Error( 'tmu_post_not_found', __( 'That post does not exist.', 'tmu-sidecar' ), array( 'status' => 404 ) );
		}
		if ( ! current_user_can( 'edit_post', $post->ID ) ) {
			return $this->forbidden();
		}
		return true;
	}

	/**
	 * Permission: manage_options.
	 *
	 * @return true|WP_Error
	 */
	public function can_manage() {
		return current_user_can( 'manage_options' ) ? true : $this->forbidden();
	}

	/**
	 * Permission: edit_posts.
	 *
	 * @return true|WP_Error
	 */
	public function can_edit_posts() {
		return current_user_can( 'edit_posts' ) ? true : $this->forbidden();
	}

	/**
	 * POST /tmu/v1/sync {post_id, tmdb_id?, options?} → 202 {job_id}.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function sync( WP_REST_Request $request ) {
		$post = get_post( (int) $request->get_param( 'post_id' ) );
		if ( ! $post instanceof WP_Post ) {
			return new WP_Error( 'tmu_post_not_found', __( 'That post does not exist.', 'tmu-sidecar' ), array( 'status' => 404 ) );
		}
		$type = Content_Types::webhook_type( $post->post_type );
		if ( null === $type ) {
			return new WP_Error(
				'tmu_unsupported_post_type',
				__( 'Only movies, TV shows, dramas and people can be synced on their own.', 'tmu-sidecar' ),
				array( 'status' => 400 )
			);
		}

		$new_tmdb_id = $request->get_param( 'tmdb_id' );
		if ( null !== $new_tmdb_id && (int) $new_tmdb_id > 0 ) {
			update_post_meta( $post->ID, 'tmdb_id', (int) $new_tmdb_id );
		}

		$tmdb_id = (int) get_post_meta( $post->ID, 'tmdb_id', true );
		if ( $tmdb_id < 1 ) {
			return new WP_Error(
				'tmu_missing_tmdb_id',
				__( 'This post has no TMDb id: enter one (or pick a search result) first.', 'tmu-sidecar' ),
				array( 'status' => 400 )
			);
		}

		$result = $this->client->send_event(
			'sync.requested',
			array(
				'type'    => $type,
				'tmdb_id' => $tmdb_id,
				'post_id' => $post->ID,
				'options' => $this->sync_options( $type, $request->get_param( 'options' ) ),
			)
		);
		$response = $this->job_response( $result );
		if ( $response instanceof WP_REST_Response ) {
			/**
			 * A sync of this post was queued by "Sync now".
			 *
			 * @param int $post_id Post ID.
			 * @param int $tmdb_id TMDb id.
			 */
			do_action( 'tmu_sidecar_sync_queued', $post->ID, $tmdb_id );
		}
		return $response;
	}

	/**
	 * POST /tmu/v1/import {type, tmdb_id, options?} → 202 {job_id}.
	 *
	 * The sidecar finds the post by its TMDb id, or creates it.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function import( WP_REST_Request $request ) {
		$type   = $this->normalize_type( (string) $request->get_param( 'type' ) );
		$result = $this->client->send_event(
			'sync.requested',
			array(
				'type'    => $type,
				'tmdb_id' => (int) $request->get_param( 'tmdb_id' ),
				'options' => $this->sync_options( $type, $request->get_param( 'options' ) ),
			)
		);
		return $this->job_response( $result );
	}

	/**
	 * POST /tmu/v1/bulk {types?, options?} → 202 {job_id}.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function bulk( WP_REST_Request $request ) {
		$payload = array();
		$types   = $request->get_param( 'types' );
		if ( is_array( $types ) && array() !== $types ) {
			$payload['types'] = array_values( array_unique( array_map( array( $this, 'normalize_type' ), array_map( 'strval', $types ) ) ) );
		}
		$options = $request->get_param( 'options' );
		if ( is_array( $options ) && array() !== $options ) {
			$payload['options'] = $this->sync_options( 'tv', $options );
		}
		return $this->job_response( $this->client->send_event( 'bulk.requested', $payload ) );
	}

	/**
	 * GET /tmu/v1/jobs/{id}: the job, read from the jobs table.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_job( WP_REST_Request $request ) {
		$job = $this->jobs->find( (int) $request->get_param( 'id' ) );
		if ( is_wp_error( $job ) ) {
			return $job;
		}
		$post_id = $job['target']['post_id'] ?? null;
		if ( is_int( $post_id ) && in_array( $job['status'], array( 'succeeded', 'partial', 'failed' ), true ) ) {
			$post = get_post( $post_id );
			if ( $post instanceof WP_Post && current_user_can( 'edit_post', $post->ID ) ) {
				$job['post'] = $this->post_summary( $post );
			}
		}
		$response = new WP_REST_Response( $job, 200 );
		$response->header( 'Cache-Control', 'no-store' );
		return $response;
	}

	/**
	 * POST /tmu/v1/jobs/{id}/cancel → {job_id, cancelled: true}; 409 when the job has already ended.
	 *
	 * The sidecar marks the job cancelled; a running job stops at its next item.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function cancel_job( WP_REST_Request $request ) {
		$id  = (int) $request->get_param( 'id' );
		$job = $this->jobs->find( $id );
		if ( is_wp_error( $job ) ) {
			return $job;
		}
		$result = $this->client->request( 'POST', '/jobs/' . $id . '/cancel' );
		if ( is_wp_error( $result ) ) {
			return $result;
		}
		if ( 404 === $result['status'] ) {
			/* translators: %d: job id. */
			return new WP_Error( 'tmu_job_not_found', sprintf( __( 'Sync job %d does not exist.', 'tmu-sidecar' ), $id ), array( 'status' => 404 ) );
		}
		if ( ! Sidecar_Client::is_success( $result ) ) {
			return $this->client->error_from_response( $result );
		}
		$body = $result['body'];
		if ( ! is_array( $body ) || empty( $body['cancelled'] ) ) {
			$now = $this->jobs->find( $id );
			return new WP_Error(
				'tmu_job_not_cancellable',
				/* translators: 1: job id, 2: job status. */
				sprintf( __( 'Sync job %1$d has already ended (%2$s).', 'tmu-sidecar' ), $id, is_array( $now ) ? $now['status'] : $job['status'] ),
				array( 'status' => 409 )
			);
		}
		return new WP_REST_Response(
			array(
				'job_id'    => $id,
				'cancelled' => true,
			),
			200
		);
	}

	/**
	 * GET /tmu/v1/search?q=&type= → {results: [{tmdb_id, type, title, year, poster_url, overview}]}.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function search( WP_REST_Request $request ) {
		$result = $this->client->request(
			'GET',
			'/search',
			array(
				'q'    => (string) $request->get_param( 'q' ),
				'type' => (string) $request->get_param( 'type' ),
			)
		);
		if ( is_wp_error( $result ) ) {
			return Error_Audience::filter( $result );
		}
		if ( ! Sidecar_Client::is_success( $result ) ) {
			return Error_Audience::filter( $this->client->error_from_response( $result ) );
		}
		$results = array();
		$body    = $result['body'];
		if ( is_array( $body ) && isset( $body['results'] ) && is_array( $body['results'] ) ) {
			foreach ( $body['results'] as $item ) {
				if ( is_array( $item ) && isset( $item['tmdb_id'] ) && is_numeric( $item['tmdb_id'] ) ) {
					$results[] = $this->search_result( $item );
				}
			}
		}
		$answer = array( 'results' => $results );
		foreach ( array( 'page', 'total_pages' ) as $key ) {
			if ( is_array( $body ) && isset( $body[ $key ] ) && is_numeric( $body[ $key ] ) ) {
				$answer[ $key ] = (int) $body[ $key ];
			}
		}
		return new WP_REST_Response( $answer, 200 );
	}

	/**
	 * Options accepted by sync, import and bulk.
	 *
	 * @return array<string, mixed>
	 */
	private function options_schema(): array {
		return array(
			'description'          => __( 'Per-sync options; missing ones come from the settings page.', 'tmu-sidecar' ),
			'type'                 => 'object',
			'properties'           => array(
				'images'  => array( 'type' => 'boolean' ),
				'videos'  => array( 'type' => 'boolean' ),
				'credits' => array( 'type' => 'boolean' ),
				'seasons' => array(
					'description' => __( 'TV and drama only: true/"all", false/"none", or a list of season numbers.', 'tmu-sidecar' ),
					'anyOf'       => array(
						array( 'type' => 'boolean' ),
						array(
							'type' => 'string',
							'enum' => array( 'all', 'none' ),
						),
						array(
							'type'  => 'array',
							'items' => array(
								'type'    => 'integer',
								'minimum' => 0,
							),
						),
					),
				),
			),
			'additionalProperties' => false,
		);
	}

	/**
	 * The options sent to the sidecar: settings defaults overridden by the request.
	 *
	 * @param string $type      The sidecar's content type.
	 * @param mixed  $requested Request options.
	 * @return array<string, mixed>
	 */
	private function sync_options( string $type, $requested ): array {
		$options = $this->settings->default_sync_options( $type );
		if ( ! is_array( $requested ) ) {
			return $options;
		}
		foreach ( array( 'images', 'videos', 'credits' ) as $flag ) {
			if ( array_key_exists( $flag, $requested ) ) {
				$options[ $flag ] = rest_sanitize_boolean( $requested[ $flag ] );
			}
		}
		if ( array_key_exists( 'seasons', $options ) && array_key_exists( 'seasons', $requested ) ) {
			$options['seasons'] = $this->normalize_seasons( $requested['seasons'] );
		}
		return $options;
	}

	/**
	 * Seasons in the sidecar's vocabulary: 'all', 'none' or a sorted list of season numbers.
	 *
	 * @param mixed $seasons Requested value.
	 * @return string|int[]
	 */
	private function normalize_seasons( $seasons ) {
		if ( true === $seasons || 'all' === $seasons ) {
			return 'all';
		}
		if ( is_array( $seasons ) ) {
			$numbers = array_values( array_unique( array_map( 'intval', array_filter( $seasons, 'is_numeric' ) ) ) );
			sort( $numbers );
			return array() === $numbers ? 'none' : $numbers;
		}
		return 'none';
	}

	/**
	 * "people" is the post type; the sidecar calls it "person".
	 *
	 * @param string $type Requested type.
	 */
	public function normalize_type( string $type ): string {
		return 'people' === $type ? 'person' : $type;
	}

	/**
	 * Sanitizes the search query.
	 *
	 * @param mixed $value Raw value.
	 */
	public function sanitize_query( $value ): string {
		return trim( sanitize_text_field( is_string( $value ) ? $value : '' ) );
	}

	/**
	 * 202 {job_id} from the sidecar's answer to a webhook.
	 *
	 * @param array{status:int, body:mixed, raw:string}|WP_Error $result Sidecar answer.
	 * @return WP_REST_Response|WP_Error
	 */
	private function job_response( $result ) {
		if ( is_wp_error( $result ) ) {
			return Error_Audience::filter( $result );
		}
		if ( ! Sidecar_Client::is_success( $result ) ) {
			return Error_Audience::filter( $this->client->error_from_response( $result ) );
		}
		$body = $result['body'];
		if ( ! is_array( $body ) || ! isset( $body['job_id'] ) || ! is_numeric( $body['job_id'] ) ) {
			return new WP_Error(
				'tmu_sidecar_bad_response',
				__( 'The sidecar accepted the request but did not return a job id.', 'tmu-sidecar' ),
				array( 'status' => 502 )
			);
		}
		return new WP_REST_Response( array( 'job_id' => (int) $body['job_id'] ), 202 );
	}

	/**
	 * One normalized search result.
	 *
	 * @param array<string, mixed> $item Sidecar result.
	 * @return array<string, mixed>
	 */
	private function search_result( array $item ): array {
		$poster = isset( $item['poster_url'] ) && is_string( $item['poster_url'] ) ? esc_url_raw( $item['poster_url'], array( 'http', 'https' ) ) : '';
		$year   = $item['year'] ?? null;
		return array(
			'tmdb_id'    => (int) $item['tmdb_id'],
			'type'       => isset( $item['type'] ) && is_string( $item['type'] ) ? sanitize_key( $item['type'] ) : '',
			'title'      => isset( $item['title'] ) && is_string( $item['title'] ) ? sanitize_text_field( $item['title'] ) : '',
			'year'       => is_numeric( $year ) ? (int) $year : null,
			'poster_url' => '' !== $poster ? $poster : null,
			'overview'   => isset( $item['overview'] ) && is_string( $item['overview'] ) ? sanitize_textarea_field( $item['overview'] ) : '',
		);
	}

	/**
	 * What the editor screen needs after a sync: poster, featured image box, title, content, terms.
	 *
	 * @param WP_Post $post Post.
	 * @return array<string, mixed>
	 */
	private function post_summary( WP_Post $post ): array {
		$thumbnail_id = (int) get_post_thumbnail_id( $post );
		$summary      = array(
			'id'             => $post->ID,
			'title'          => $post->post_title,
			'content'        => $post->post_content,
			'featured_media' => $thumbnail_id,
			'thumbnail_url'  => $thumbnail_id ? (string) wp_get_attachment_image_url( $thumbnail_id, 'medium' ) : null,
			'last_synced_at' => (string) get_post_meta( $post->ID, 'tmu_last_synced_at', true ),
			'last_error'     => Error_Audience::message( '', (string) get_post_meta( $post->ID, 'tmu_last_error', true ) ),
			'terms'          => array(),
		);

		foreach ( get_object_taxonomies( $post->post_type ) as $taxonomy ) {
			if ( ! in_array( $taxonomy, Content_Types::TAXONOMIES, true ) ) {
				continue;
			}
			$names = wp_get_post_terms( $post->ID, $taxonomy, array( 'fields' => 'names' ) );
			if ( is_array( $names ) ) {
				// Term names are stored HTML-escaped ("Action &amp; Adventure"); the tag boxes want plain text.
				$summary['terms'][ $taxonomy ] = array_values(
					array_map(
						static function ( $name ): string {
							return html_entity_decode( (string) $name, ENT_QUOTES | ENT_HTML5, 'UTF-8' );
						},
						$names
					)
				);
			}
		}

		if ( ! function_exists( '_wp_post_thumbnail_html' ) ) {
			require_once ABSPATH . 'wp-admin/includes/post.php';
		}
		if ( ! function_exists( 'get_upload_iframe_src' ) ) {
			require_once ABSPATH . 'wp-admin/includes/media.php';
		}
		$summary['featured_image_html'] = _wp_post_thumbnail_html( $thumbnail_id ? $thumbnail_id : null, $post );
		return $summary;
	}

	/**
	 * 401 when not logged in, 403 otherwise.
	 */
	private function forbidden(): WP_Error {
		return new WP_Error(
			'rest_forbidden',
			__( 'Sorry, you are not allowed to do that.', 'tmu-sidecar' ),
			array( 'status' => rest_authorization_required_code() )
		);
	}

	/**
	 * The typed `id` argument of the job routes.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private function job_id_args(): array {
		return array(
			'id' => array(
				'description' => __( 'The sync job id.', 'tmu-sidecar' ),
				'type'        => 'integer',
				'minimum'     => 1,
				'required'    => true,
			),
		);
	}
}
