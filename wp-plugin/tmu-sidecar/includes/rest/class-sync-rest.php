<?php
/**
 * POST tmu/v1/sync, tmu/v1/bulk and the one-title import.
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
 * Sync requests: one post ("Sync now"), one title by TMDb id (import) or the whole library (bulk).
 *
 * Each is forwarded to the sidecar as a signed webhook and answered 202 {job_id}; the job routes are in Jobs_Rest.
 */
final class Sync_Rest {

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
	 * Registers POST /sync and POST /bulk (rest_api_init).
	 */
	public function register_routes(): void {
		register_rest_route(
			REST_NAMESPACE,
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
					'options' => self::options_schema(),
				),
			)
		);

		// POST /import (one title or many) is registered by Import_Rest, which calls import() for one title.

		register_rest_route(
			REST_NAMESPACE,
			'/bulk',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'bulk' ),
				'permission_callback' => array( Rest_Permissions::class, 'can_manage' ),
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
					'options' => self::options_schema(),
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
			return Rest_Permissions::forbidden();
		}
		$post = get_post( (int) $request->get_param( 'post_id' ) );
		if ( ! $post instanceof WP_Post ) {
			return new WP_Error( 'tmu_post_not_found', __( 'That post does not exist.', 'tmu-sidecar' ), array( 'status' => 404 ) );
		}
		if ( ! current_user_can( 'edit_post', $post->ID ) ) {
			return Rest_Permissions::forbidden();
		}
		return true;
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

		$result = $this->client->request_sync( $type, $tmdb_id, $post->ID, $this->sync_options( $type, $request->get_param( 'options' ) ) );
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
		$type    = $this->normalize_type( (string) $request->get_param( 'type' ) );
		$tmdb_id = (int) $request->get_param( 'tmdb_id' );
		// The sidecar re-syncs the post that already holds this title: that needs edit_post on it.
		$refused = Resync_Guard::refusals(
			array(
				array(
					'type'    => $type,
					'tmdb_id' => $tmdb_id,
				),
			)
		);
		if ( array() !== $refused ) {
			return new WP_Error(
				'tmu_cannot_edit',
				$refused[0]['message'],
				array(
					'status'  => 403,
					'refused' => $refused,
				)
			);
		}
		$result = $this->client->request_sync( $type, $tmdb_id, null, $this->sync_options( $type, $request->get_param( 'options' ) ) );
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
	 * Options accepted by sync, import (one title or many, see Import_Rest_Args) and bulk.
	 *
	 * @return array<string, mixed>
	 */
	public static function options_schema(): array {
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
	 * 202 {job_id} from the sidecar's answer to a webhook.
	 *
	 * @param array{status:int, body:mixed, raw:string}|WP_Error $result Sidecar answer.
	 * @return WP_REST_Response|WP_Error
	 */
	private function job_response( $result ) {
		if ( is_wp_error( $result ) ) {
			return Error_Presenter::for_rest( $result );
		}
		if ( ! Sidecar_Client::is_success( $result ) ) {
			return Error_Presenter::for_rest( $this->client->error_from_response( $result ) );
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
}
