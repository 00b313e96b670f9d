<?php
/**
 * `?tmdb_id=`, `?tmu_key=` and `?tmdb_file_path=` on the core REST collections.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_REST_Request;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Lets the sidecar find posts, attachments and terms by their TMDb id, natural key or file path.
 */
final class Content_Rest_Query {

	/**
	 * Adds the `tmdb_id` collection parameter (posts and terms).
	 *
	 * @param array<string, mixed> $params Collection parameters.
	 * @return array<string, mixed>
	 */
	public function add_tmdb_id_collection_param( $params ): array {
		$params                = is_array( $params ) ? $params : array();
		$params['tmdb_id'] = array(
			'description' => __( 'Limit results to objects with this TMDb id (meta tmdb_id).', 'tmu-sidecar' ),
			'type'        => 'integer',
			'minimum'     => 1,
		);
		return $params;
	}

	/**
	 * Adds the `tmu_key` collection parameter (post types).
	 *
	 * @param array<string, mixed> $params Collection parameters.
	 * @return array<string, mixed>
	 */
	public function add_key_collection_param( $params ): array {
		$params            = is_array( $params ) ? $params : array();
		$params['tmu_key'] = array(
			'description' => __( 'Limit results to objects with this sidecar natural key (meta tmu_key).', 'tmu-sidecar' ),
			'type'        => 'string',
			'pattern'     => '^[A-Za-z0-9:._\\-]{1,190}$',
		);
		return $params;
	}

	/**
	 * Adds the `tmdb_file_path` collection parameter (attachments).
	 *
	 * @param array<string, mixed> $params Collection parameters.
	 * @return array<string, mixed>
	 */
	public function add_file_path_collection_param( $params ): array {
		$params                   = is_array( $params ) ? $params : array();
		$params['tmdb_file_path'] = array(
			'description' => __( 'Limit results to attachments downloaded from this TMDb file path.', 'tmu-sidecar' ),
			'type'        => 'string',
			'pattern'     => '^/[A-Za-z0-9._\\-/]+$',
		);
		return $params;
	}

	/**
	 * `?tmdb_id=` on the post collections.
	 *
	 * @param array<string, mixed> $args    WP_Query arguments.
	 * @param WP_REST_Request      $request Request.
	 * @return array<string, mixed>
	 */
	public function filter_rest_post_query( $args, $request ): array {
		$args = $this->with_meta_clause( (array) $args, $request, 'tmdb_id', 'NUMERIC' );
		return $this->with_meta_clause( $args, $request, 'tmu_key', 'CHAR' );
	}

	/**
	 * `?tmdb_file_path=` on the media collection.
	 *
	 * @param array<string, mixed> $args    WP_Query arguments.
	 * @param WP_REST_Request      $request Request.
	 * @return array<string, mixed>
	 */
	public function filter_rest_attachment_query( $args, $request ): array {
		return $this->with_meta_clause( (array) $args, $request, 'tmdb_file_path', 'CHAR' );
	}

	/**
	 * `?tmdb_id=` on the term collections.
	 *
	 * @param array<string, mixed> $args    get_terms() arguments.
	 * @param WP_REST_Request      $request Request.
	 * @return array<string, mixed>
	 */
	public function filter_rest_term_query( $args, $request ): array {
		return $this->with_meta_clause( (array) $args, $request, 'tmdb_id', 'NUMERIC' );
	}

	/**
	 * Adds one meta_query clause when the request carries the parameter.
	 *
	 * @param array<string, mixed> $args    Query arguments.
	 * @param mixed                $request Request.
	 * @param string               $key     Parameter and meta key.
	 * @param string               $type    Meta type for the comparison.
	 * @return array<string, mixed>
	 */
	private function with_meta_clause( array $args, $request, string $key, string $type ): array {
		if ( ! $request instanceof WP_REST_Request ) {
			return $args;
		}
		$value = $request->get_param( $key );
		if ( null === $value || '' === $value || is_array( $value ) ) {
			return $args;
		}
		$meta_query = isset( $args['meta_query'] ) && is_array( $args['meta_query'] ) ? $args['meta_query'] : array(); // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_query -- one indexed meta key, asked for by the sidecar.

		$meta_query[]       = array(
			'key'     => $key,
			'value'   => 'NUMERIC' === $type ? (int) $value : (string) $value,
			'compare' => '=',
			'type'    => $type,
		);
		$args['meta_query'] = $meta_query; // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_query -- as above.
		return $args;
	}
}
