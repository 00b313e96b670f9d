<?php
/**
 * The `tmu` field of every TMU post type's REST answer: the synced data for headless front ends.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_Post;
use WP_Query;
use WP_REST_Request;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Registers `tmu` (Title_Data's shape) with its schema. A collection is loaded at once: the posts of
 * the request's query are remembered, and the first item that asks for `tmu` loads all of them, so
 * a page of 100 movies costs the same few queries as a page of 10. Nothing is read when `_fields`
 * leaves `tmu` out (WordPress then never calls the field), and the answers to writes carry null.
 */
final class Rest_Tmu_Field {

	/** The field's name. */
	public const FIELD = 'tmu';

	/**
	 * Post IDs of the collection query being answered.
	 *
	 * @var int[]
	 */
	private array $batch = array();

	/** Whether the next query's posts are a collection's (set by watch_query, read once by remember_posts). */
	private bool $watching = false;

	/**
	 * Registers the field on every TMU post type (rest_api_init).
	 */
	public function register(): void {
		foreach ( Content_Types::POST_TYPES as $post_type ) {
			register_rest_field(
				$post_type,
				self::FIELD,
				array(
					'get_callback'    => array( $this, 'get' ),
					'update_callback' => null,
					'schema'          => Rest_Tmu_Field_Schema::schema(),
				)
			);
		}
	}

	/**
	 * A collection request is about to query its posts: remember them (rest_{post_type}_query).
	 *
	 * @param array<string, mixed> $args Query args.
	 * @return array<string, mixed>
	 */
	public function watch_query( $args ) {
		$this->watching = true;
		return $args;
	}

	/**
	 * Remembers the posts of the query a collection request runs, once (the_posts; any other query passes through).
	 *
	 * @param WP_Post[]|int[] $posts Posts found.
	 * @param WP_Query        $query The query.
	 * @return WP_Post[]|int[]
	 */
	public function remember_posts( $posts, $query ) {
		if ( ! $this->watching ) {
			return $posts;
		}
		$this->watching = false;
		$this->batch    = array();
		foreach ( (array) $posts as $post ) {
			$this->batch[] = $post instanceof WP_Post ? (int) $post->ID : (int) $post;
		}
		return $posts;
	}

	/**
	 * The field's value for one post (get_callback).
	 *
	 * @param array<string, mixed> $post_data The answer so far (`id`).
	 * @param string               $field     Field name.
	 * @param WP_REST_Request      $request   The request.
	 * @return array<string, mixed>|null
	 */
	public function get( $post_data, $field, $request ): ?array {
		$id      = (int) ( $post_data['id'] ?? 0 );
		$context = in_array( $request['context'], array( 'edit', 'embed' ), true ) ? (string) $request['context'] : 'view';
		// Writes answer without it: the sidecar writes a post before its rows, so it would be stale, and costs reads.
		if ( $id <= 0 || ! in_array( $request->get_method(), array( 'GET', 'HEAD' ), true ) ) {
			return null;
		}
		// The first item of a collection loads the whole page; the others are then read from memory.
		$ids = in_array( $id, $this->batch, true ) ? $this->batch : array( $id );
		return Title_Data::for_posts( $ids, $context )[ $id ] ?? null;
	}
}
