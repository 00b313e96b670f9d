<?php
/**
 * GET tmu/v1/jobs/{id} and POST tmu/v1/jobs/{id}/cancel.
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
 * A job's progress, read straight from the jobs table, and its cancellation through the sidecar.
 */
final class Jobs_Rest {

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
	 * @param Sidecar_Client  $client Sidecar client.
	 * @param Jobs_Repository $jobs   Jobs table reader.
	 */
	public function __construct( Sidecar_Client $client, Jobs_Repository $jobs ) {
		$this->client = $client;
		$this->jobs   = $jobs;
	}

	/**
	 * Registers GET /jobs/{id} and POST /jobs/{id}/cancel (rest_api_init).
	 */
	public function register_routes(): void {
		register_rest_route(
			REST_NAMESPACE,
			'/jobs/(?P<id>\d+)',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'get_job' ),
				'permission_callback' => array( $this, 'can_read_job' ),
				'args'                => $this->job_id_args(),
			)
		);

		register_rest_route(
			REST_NAMESPACE,
			'/jobs/(?P<id>\d+)/cancel',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'cancel_job' ),
				'permission_callback' => array( Rest_Permissions::class, 'can_manage' ),
				'args'                => $this->job_id_args(),
			)
		);
	}

	/**
	 * Permission: a job's log and errors name posts and failures, so only the user who asked for it and administrators read it.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	public function can_read_job( WP_REST_Request $request ) {
		if ( current_user_can( 'manage_options' ) ) {
			return true;
		}
		if ( ! current_user_can( 'edit_posts' ) ) {
			return Rest_Permissions::forbidden();
		}
		$requester = $this->jobs->requester_of( (int) $request->get_param( 'id' ) );
		if ( null === $requester || get_current_user_id() !== $requester ) {
			return new WP_Error(
				'tmu_job_forbidden',
				__( 'Only the user who started this sync job, and administrators, can see it.', 'tmu-sidecar' ),
				array( 'status' => 403 )
			);
		}
		return true;
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
		// An import or a bulk makes pages live first; the rest of each title follows in background jobs.
		if ( in_array( $job['type'], array( 'import', 'bulk' ), true ) ) {
			$job['background'] = $this->jobs->background_of( (int) $job['id'] );
		}
		$response = new WP_REST_Response( self::present_errors( $job ), 200 );
		$response->header( 'Cache-Control', 'no-store' );
		return $response;
	}

	/**
	 * A job's errors told to the current user: plain sentences, the sidecar's code apart
	 * (error_code, for administrators only).
	 *
	 * @param array<string, mixed> $job Job.
	 * @return array<string, mixed>
	 */
	private static function present_errors( array $job ): array {
		if ( is_string( $job['error'] ?? null ) ) {
			if ( Error_Presenter::is_admin() ) {
				$job['error_code'] = Error_Presenter::split( $job['error'] )['code'];
			}
			$job['error'] = Error_Presenter::sentence( '', $job['error'] );
		}
		foreach ( is_array( $job['errors'] ?? null ) ? $job['errors'] : array() as $index => $entry ) {
			if ( is_array( $entry ) && is_string( $entry['message'] ?? null ) ) {
				$job['errors'][ $index ]['message'] = Error_Presenter::sentence( '', $entry['message'] );
			}
		}
		return $job;
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
	 * What the editor screen needs after a sync: poster, featured image box, title, content, terms.
	 *
	 * @param WP_Post $post Post.
	 * @return array<string, mixed>
	 */
	private function post_summary( WP_Post $post ): array {
		$thumbnail_id = (int) get_post_thumbnail_id( $post );
		$sync_state   = Sync_State::of( $post->ID );
		$summary      = array(
			'id'             => $post->ID,
			'title'          => $post->post_title,
			'content'        => $post->post_content,
			'featured_media' => $thumbnail_id,
			'thumbnail_url'  => $thumbnail_id ? (string) wp_get_attachment_image_url( $thumbnail_id, 'medium' ) : null,
			'last_synced_at' => $sync_state['synced_at'],
			'last_failed_at' => $sync_state['failed_at'],
			'last_error'     => Error_Presenter::sentence( '', $sync_state['error'] ),
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
