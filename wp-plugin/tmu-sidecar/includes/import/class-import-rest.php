<?php
/**
 * REST routes of "Import from TMDb": browse TMDb's lists, import many titles as one job.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * GET tmu/v1/tmdb/browse, GET tmu/v1/tmdb/genres and POST tmu/v1/import, forwarded signed to the sidecar.
 *
 * Browsing and importing need edit_posts; who may not publish a type gets drafts, and a re-sync skips (and names)
 * the titles whose posts the user may not edit.
 * POST tmu/v1/import also keeps its one-title form ({type, tmdb_id}), answered by Sync_Rest::import().
 */
final class Import_Rest {

	/** What the sidecar takes at most in one import. */
	public const MAX_ITEMS = 500;

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
	 * The sync routes (the one-title import).
	 *
	 * @var Sync_Rest
	 */
	private Sync_Rest $rest;

	/**
	 * Constructor.
	 *
	 * @param Settings       $settings Settings.
	 * @param Sidecar_Client $client   Sidecar client.
	 * @param Sync_Rest      $rest     The one-title import.
	 */
	public function __construct( Settings $settings, Sidecar_Client $client, Sync_Rest $rest ) {
		$this->settings = $settings;
		$this->client   = $client;
		$this->rest     = $rest;
	}

	/**
	 * Registers the routes (rest_api_init).
	 */
	public function register_routes(): void {
		register_rest_route(
			REST_NAMESPACE,
			'/tmdb/browse',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'browse' ),
				'permission_callback' => array( $this, 'can_browse' ),
				'args'                => Import_Rest_Args::browse(),
			)
		);
		register_rest_route(
			REST_NAMESPACE,
			'/tmdb/genres',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'genres' ),
				'permission_callback' => array( $this, 'can_browse' ),
				'args'                => array(
					'type' => array(
						'type'     => 'string',
						'enum'     => array( 'movie', 'tv', 'drama' ),
						'required' => true,
					),
				),
			)
		);
		register_rest_route(
			REST_NAMESPACE,
			'/import',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'import' ),
				'permission_callback' => array( $this, 'can_import' ),
				'args'                => Import_Rest_Args::import(),
			)
		);
	}

	/**
	 * Permission: edit_posts.
	 *
	 * @return true|WP_Error
	 */
	public function can_browse() {
		return current_user_can( 'edit_posts' ) ? true : $this->forbidden();
	}

	/**
	 * Permission: edit_posts for many titles (the import is drafts for who may not publish), the type's publish_posts for the one-title form.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	public function can_import( WP_REST_Request $request ) {
		if ( is_array( $request->get_param( 'items' ) ) ) {
			return current_user_can( 'edit_posts' ) ? true : $this->forbidden();
		}
		// Without a type the callback answers 400; a type needs its own publish capability.
		$type    = $request->get_param( 'type' );
		$allowed = null === $type ? current_user_can( 'publish_posts' ) : Resync_Guard::can_publish( (string) $type );
		return $allowed ? true : $this->forbidden();
	}

	/**
	 * GET /tmu/v1/tmdb/browse → {page, total_pages, total_results, items, unresolved?}.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function browse( WP_REST_Request $request ) {
		$query = array();
		foreach ( array_keys( Import_Rest_Args::browse() ) as $name ) {
			$value = $request->get_param( $name );
			if ( null !== $value && '' !== $value ) {
				$query[ $name ] = is_int( $value ) ? $value : (string) $value;
			}
		}
		$result = $this->client->request( 'GET', '/tmdb/browse', $query );
		if ( is_wp_error( $result ) ) {
			return $result;
		}
		if ( ! Sidecar_Client::is_success( $result ) ) {
			return $this->client->error_from_response( $result );
		}
		$body  = is_array( $result['body'] ) ? $result['body'] : array();
		$items = array();
		foreach ( ( isset( $body['items'] ) && is_array( $body['items'] ) ) ? $body['items'] : array() as $item ) {
			if ( is_array( $item ) && isset( $item['tmdb_id'] ) && is_numeric( $item['tmdb_id'] ) ) {
				$items[] = $this->card( $item );
			}
		}
		$answer = array(
			'page'          => isset( $body['page'] ) ? (int) $body['page'] : 1,
			'total_pages'   => isset( $body['total_pages'] ) ? (int) $body['total_pages'] : 1,
			'total_results' => isset( $body['total_results'] ) ? (int) $body['total_results'] : count( $items ),
			'items'         => $items,
		);
		if ( isset( $body['unresolved'] ) && is_array( $body['unresolved'] ) ) {
			$answer['unresolved'] = array();
			foreach ( $body['unresolved'] as $entry ) {
				if ( is_array( $entry ) ) {
					$answer['unresolved'][] = array(
						'input'   => sanitize_text_field( (string) ( $entry['input'] ?? '' ) ),
						'message' => sanitize_text_field( (string) ( $entry['message'] ?? '' ) ),
					);
				}
			}
		}
		$response = new WP_REST_Response( $answer, 200 );
		$response->header( 'Cache-Control', 'private, no-store' );
		return $response;
	}

	/**
	 * GET /tmu/v1/tmdb/genres?type= → {genres: [{id, name}]}, the Genre select of Discover.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function genres( WP_REST_Request $request ) {
		$result = $this->client->request( 'GET', '/tmdb/genres', array( 'type' => (string) $request->get_param( 'type' ) ) );
		if ( is_wp_error( $result ) ) {
			return $result;
		}
		if ( ! Sidecar_Client::is_success( $result ) ) {
			return $this->client->error_from_response( $result );
		}
		$genres = array();
		$body   = is_array( $result['body'] ) ? $result['body'] : array();
		foreach ( ( isset( $body['genres'] ) && is_array( $body['genres'] ) ) ? $body['genres'] : array() as $genre ) {
			if ( is_array( $genre ) && isset( $genre['id'], $genre['name'] ) && is_numeric( $genre['id'] ) ) {
				$genres[] = array(
					'id'   => (int) $genre['id'],
					'name' => Tmdb_Text::plain( $genre['name'] ),
				);
			}
		}
		$response = new WP_REST_Response( array( 'genres' => $genres ), 200 );
		$response->header( 'Cache-Control', 'private, max-age=3600' );
		return $response;
	}

	/**
	 * POST /tmu/v1/import {items, status, options?, resync?} → 202 {job_id}; {type, tmdb_id} imports one title.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function import( WP_REST_Request $request ) {
		$items = $request->get_param( 'items' );
		if ( ! is_array( $items ) ) {
			if ( null === $request->get_param( 'type' ) || null === $request->get_param( 'tmdb_id' ) ) {
				return new WP_Error( 'rest_missing_callback_param', __( 'Send items, or type and tmdb_id.', 'tmu-sidecar' ), array( 'status' => 400 ) );
			}
			return $this->rest->import( $request );
		}
		$payload = array(
			'items'   => array(),
			'status'  => 'draft' === $request->get_param( 'status' ) ? 'draft' : 'publish',
			'options' => $this->options( $request->get_param( 'options' ) ),
			'resync'  => (bool) $request->get_param( 'resync' ),
		);
		foreach ( $items as $item ) {
			$payload['items'][] = array(
				'type'    => (string) $item['type'],
				'tmdb_id' => (int) $item['tmdb_id'],
			);
			// Who may not publish a type imports drafts: nothing they import goes public.
			if ( ! Resync_Guard::can_publish( (string) $item['type'] ) ) {
				$payload['status'] = 'draft';
			}
		}
		// Titles whose post is in the trash: restored and synced into, or imported anew, as the user chose.
		$trash = Import_Trash::apply( $this->client, $payload['items'], $items );
		if ( is_wp_error( $trash ) ) {
			return $trash;
		}
		$payload['items'] = $trash;
		$refused          = $this->refuse_uneditable( $payload );
		if ( is_wp_error( $refused ) ) {
			return $refused;
		}
		$result = $this->client->request( 'POST', '/import', array(), array_merge( $payload, Resync_Guard::requested_by() ) );
		if ( is_wp_error( $result ) ) {
			return $result;
		}
		if ( ! Sidecar_Client::is_success( $result ) ) {
			return $this->client->error_from_response( $result );
		}
		$body = $result['body'];
		if ( ! is_array( $body ) || ! isset( $body['job_id'] ) || ! is_numeric( $body['job_id'] ) ) {
			return new WP_Error( 'tmu_sidecar_bad_response', __( 'The sidecar accepted the import but did not return a job id.', 'tmu-sidecar' ), array( 'status' => 502 ) );
		}
		return new WP_REST_Response(
			array(
				'job_id'  => (int) $body['job_id'],
				'status'  => $payload['status'],
				'refused' => $refused,
			),
			202
		);
	}

	/**
	 * A re-sync leaves out the titles whose posts the user may not edit, and names them; 403 when none is left.
	 *
	 * @param array<string, mixed> $payload The import; its items lose the refused titles.
	 * @return array<int, array<string, mixed>>|WP_Error The refused titles.
	 */
	private function refuse_uneditable( array &$payload ) {
		$refused = $payload['resync'] ? Resync_Guard::refusals( $payload['items'] ) : array();
		if ( array() === $refused ) {
			return $refused;
		}
		$payload['items'] = $this->without( $payload['items'], $refused );
		if ( array() !== $payload['items'] ) {
			return $refused;
		}
		return new WP_Error(
			'tmu_cannot_edit',
			__( 'Nothing to import: you may not edit the posts of these titles, so they cannot be re-synced.', 'tmu-sidecar' ),
			array(
				'status'  => 403,
				'refused' => $refused,
			)
		);
	}

	/**
	 * The items minus the refused ones.
	 *
	 * @param array<int, array{type:string, tmdb_id:int}> $items   Requested titles.
	 * @param array<int, array{type:string, tmdb_id:int}> $refused Refused titles.
	 * @return array<int, array{type:string, tmdb_id:int}>
	 */
	private function without( array $items, array $refused ): array {
		$keys = array();
		foreach ( $refused as $entry ) {
			$keys[ $entry['type'] . ':' . $entry['tmdb_id'] ] = true;
		}
		return array_values(
			array_filter(
				$items,
				static function ( array $item ) use ( $keys ): bool {
					return ! isset( $keys[ $item['type'] . ':' . $item['tmdb_id'] ] );
				}
			)
		);
	}

	/**
	 * What to sync: the settings page's defaults, overridden by the request.
	 *
	 * @param mixed $requested Request options.
	 * @return array<string, mixed>
	 */
	private function options( $requested ): array {
		$options = $this->settings->default_sync_options( 'tv' );
		if ( ! is_array( $requested ) ) {
			return $options;
		}
		foreach ( array( 'images', 'videos', 'credits' ) as $flag ) {
			if ( array_key_exists( $flag, $requested ) ) {
				$options[ $flag ] = rest_sanitize_boolean( $requested[ $flag ] );
			}
		}
		if ( array_key_exists( 'seasons', $requested ) ) {
			$seasons = $requested['seasons'];
			if ( is_array( $seasons ) ) {
				$numbers            = array_values( array_unique( array_map( 'intval', $seasons ) ) );
				$options['seasons'] = array() === $numbers ? 'none' : $numbers;
			} else {
				$options['seasons'] = ( true === $seasons || 'all' === $seasons ) ? 'all' : 'none';
			}
		}
		return $options;
	}

	/**
	 * One card of the grid, with the link to the post when the site has the title.
	 *
	 * @param array<string, mixed> $item Sidecar item.
	 * @return array<string, mixed>
	 */
	private function card( array $item ): array {
		$poster  = isset( $item['poster_url'] ) && is_string( $item['poster_url'] ) ? esc_url_raw( $item['poster_url'], array( 'http', 'https' ) ) : '';
		$post_id = isset( $item['post_id'] ) && is_numeric( $item['post_id'] ) ? (int) $item['post_id'] : null;
		$link    = null;
		if ( null !== $post_id && get_post( $post_id ) ) {
			$link = current_user_can( 'edit_post', $post_id ) ? get_edit_post_link( $post_id, 'raw' ) : get_permalink( $post_id );
		}
		$library = isset( $item['library_type'] ) && in_array( $item['library_type'], array( 'movie', 'tv', 'drama' ), true ) ? $item['library_type'] : null;
		$card    = array(
			'tmdb_id'      => (int) $item['tmdb_id'],
			'type'         => 'tv' === ( $item['type'] ?? '' ) ? 'tv' : 'movie',
			'title'        => isset( $item['title'] ) && is_string( $item['title'] ) ? Tmdb_Text::plain( $item['title'] ) : '',
			'year'         => isset( $item['year'] ) && is_numeric( $item['year'] ) ? (int) $item['year'] : null,
			'poster_url'   => '' !== $poster ? $poster : null,
			'vote_average' => isset( $item['vote_average'] ) && is_numeric( $item['vote_average'] ) ? round( (float) $item['vote_average'], 1 ) : null,
			'in_library'   => ! empty( $item['in_library'] ),
			'post_id'      => $post_id,
			'library_type' => $library,
			'post_link'    => is_string( $link ) && '' !== $link ? $link : null,
		);
		// A post in the trash is not "In library": the card says so and offers to restore it.
		return Import_Trash::card( $card );
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
}
