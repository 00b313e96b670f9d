<?php
/**
 * GET tmu/v1/search: TMDb search through the sidecar.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Searches TMDb for the meta box and the import screen; results are sanitized before they reach the browser.
 */
final class Search_Rest {

	/**
	 * Sidecar client.
	 *
	 * @var Sidecar_Client
	 */
	private Sidecar_Client $client;

	/**
	 * Constructor.
	 *
	 * @param Sidecar_Client $client Sidecar client.
	 */
	public function __construct( Sidecar_Client $client ) {
		$this->client = $client;
	}

	/**
	 * Registers GET /search (rest_api_init).
	 */
	public function register_routes(): void {
		register_rest_route(
			REST_NAMESPACE,
			'/search',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'search' ),
				'permission_callback' => array( Rest_Permissions::class, 'can_edit_posts' ),
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
			return Error_Presenter::for_rest( $result );
		}
		if ( ! Sidecar_Client::is_success( $result ) ) {
			return Error_Presenter::for_rest( $this->client->error_from_response( $result ) );
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
	 * Sanitizes the search query.
	 *
	 * @param mixed $value Raw value.
	 */
	public function sanitize_query( $value ): string {
		return trim( sanitize_text_field( is_string( $value ) ? $value : '' ) );
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
}
