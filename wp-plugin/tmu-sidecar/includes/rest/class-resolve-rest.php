<?php
/**
 * POST tmu/v1/resolve: many lookups in one request for the sidecar.
 *
 * WordPress's /batch/v1 only carries writes, so without this route a sync asks
 * one GET per post type, per taxonomy and per image. This route answers every
 * natural key (TMDb ids, sidecar keys, term slugs, TMDb file paths) and the
 * editable state of chosen posts in one read.
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
 * Read-only batch lookups for the sidecar's write path.
 */
final class Resolve_Rest {

	/** Most keys accepted in one list. */
	public const MAX_ITEMS = 1000;

	/** Batch size the plugin allows on /batch/v1 (WordPress's default is 25). */
	public const MAX_BATCH = 100;

	/**
	 * Key table: finds posts whose meta a PHP death never wrote.
	 *
	 * @var Create_Keys
	 */
	private Create_Keys $create_keys;

	/**
	 * This host's limits, reported in every answer.
	 *
	 * @var Host_Limits
	 */
	private Host_Limits $host_limits;

	/**
	 * Constructor.
	 *
	 * @param Create_Keys $create_keys Key table.
	 * @param Host_Limits $host_limits This host's limits.
	 */
	public function __construct( Create_Keys $create_keys, Host_Limits $host_limits ) {
		$this->create_keys = $create_keys;
		$this->host_limits = $host_limits;
	}

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		register_rest_route(
			REST_NAMESPACE,
			'/resolve',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'resolve' ),
				'permission_callback' => array( $this, 'can_resolve' ),
				'args'                => array(
					'tmdb_ids' => array_merge(
						$this->key_list_schema(),
						array( 'description' => __( 'Posts to find by TMDb id, per post type.', 'tmu-sidecar' ) )
					),
					'keys'     => array_merge(
						$this->key_list_schema(),
						array( 'description' => __( 'Posts to find by sidecar key, per post type.', 'tmu-sidecar' ) )
					),
					'posts'    => array(
						'description' => __( 'Post IDs whose editable state to return.', 'tmu-sidecar' ),
						'type'        => 'array',
						'maxItems'    => self::MAX_ITEMS,
						'items'       => array(
							'type'    => 'integer',
							'minimum' => 1,
						),
					),
					'statuses' => array(
						'description' => __( 'Post IDs whose status alone to return.', 'tmu-sidecar' ),
						'type'        => 'array',
						'maxItems'    => self::MAX_ITEMS,
						'items'       => array(
							'type'    => 'integer',
							'minimum' => 1,
						),
					),
					'terms'    => $this->terms_schema(),
					'media'    => array(
						'description' => __( 'Attachments to find by TMDb file path.', 'tmu-sidecar' ),
						'type'        => 'array',
						'maxItems'    => self::MAX_ITEMS,
						'items'       => array(
							'type'    => 'string',
							'pattern' => '^/[A-Za-z0-9._\\-/]+$',
						),
					),
				),
			)
		);
	}

	/**
	 * Per post type, a list of TMDb ids or sidecar keys.
	 *
	 * @return array<string, mixed>
	 */
	private function key_list_schema(): array {
		return array(
			'type'  => 'array',
			'items' => array(
				'type'       => 'object',
				'properties' => array(
					'type' => array(
						'type' => 'string',
						'enum' => Content_Types::POST_TYPES,
					),
					'keys' => array(
						'type'     => 'array',
						'maxItems' => self::MAX_ITEMS,
						'items'    => array(
							'type'    => 'string',
							'pattern' => '^[A-Za-z0-9:._\\-]{1,190}$',
						),
					),
				),
			),
		);
	}

	/**
	 * Per taxonomy, a list of term slugs.
	 *
	 * @return array<string, mixed>
	 */
	private function terms_schema(): array {
		return array(
			'description' => __( 'Terms to find by slug, per taxonomy.', 'tmu-sidecar' ),
			'type'        => 'array',
			'items'       => array(
				'type'       => 'object',
				'properties' => array(
					'taxonomy' => array(
						'type' => 'string',
						'enum' => Content_Types::TAXONOMIES,
					),
					'slugs'    => array(
						'type'     => 'array',
						'maxItems' => self::MAX_ITEMS,
						'items'    => array( 'type' => 'string' ),
					),
				),
			),
		);
	}

	/**
	 * The sidecar's application password user must be able to edit posts; each answer holds only posts the caller may edit.
	 *
	 * @return true|WP_Error
	 */
	public function can_resolve() {
		if ( current_user_can( 'edit_posts' ) ) {
			return true;
		}
		return new WP_Error( 'rest_forbidden', __( 'Sorry, you are not allowed to do that.', 'tmu-sidecar' ), array( 'status' => rest_authorization_required_code() ) );
	}

	/**
	 * Answers {tmdb_ids:{type:{id:post}}, keys:{type:{key:post}}, posts:[state], terms:{tax:{slug:id}}, media:{path:id}, table_prefix, host}.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function resolve( WP_REST_Request $request ): WP_REST_Response {
		$answer = array(
			'tmdb_ids' => new \stdClass(),
			'keys'     => new \stdClass(),
			'posts'    => array(),
			'terms'    => new \stdClass(),
			'media'    => new \stdClass(),
		);
		foreach ( array( 'tmdb_ids' => 'tmdb_id', 'keys' => 'tmu_key' ) as $param => $meta_key ) {
			$found = array();
			foreach ( (array) $request->get_param( $param ) as $group ) {
				$type = (string) ( $group['type'] ?? '' );
				$keys = array_map( 'strval', (array) ( $group['keys'] ?? array() ) );
				if ( '' !== $type && array() !== $keys ) {
					$found[ $type ] = (object) $this->posts_by_key( $type, $meta_key, $keys );
				}
			}
			$answer[ $param ] = (object) $found;
		}
		foreach ( array_slice( array_map( 'intval', (array) $request->get_param( 'posts' ) ), 0, self::MAX_ITEMS ) as $post_id ) {
			$state = $this->post_state( $post_id );
			if ( null !== $state ) {
				$answer['posts'][] = $state;
			}
		}
		$terms = array();
		foreach ( (array) $request->get_param( 'terms' ) as $group ) {
			$taxonomy = (string) ( $group['taxonomy'] ?? '' );
			$slugs    = array_values( array_filter( array_map( 'sanitize_title', (array) ( $group['slugs'] ?? array() ) ) ) );
			if ( '' === $taxonomy || array() === $slugs || ! taxonomy_exists( $taxonomy ) ) {
				continue;
			}
			$found = get_terms(
				array(
					'taxonomy'   => $taxonomy,
					'slug'       => $slugs,
					'hide_empty' => false,
					'fields'     => 'id=>slug',
				)
			);
			$terms[ $taxonomy ] = (object) ( is_array( $found ) ? array_flip( array_map( 'strval', $found ) ) : array() );
		}
		$answer['terms'] = (object) $terms;
		$paths           = array_map( 'strval', (array) $request->get_param( 'media' ) );
		$answer['media'] = (object) ( array() === $paths ? array() : $this->posts_by_key( 'attachment', 'tmdb_file_path', $paths ) );
		// Statuses of the posts asked and of those found by key: a sync makes a title's people and children follow it.
		$ids = array_slice( array_map( 'intval', (array) $request->get_param( 'statuses' ) ), 0, self::MAX_ITEMS );
		foreach ( array( 'tmdb_ids', 'keys' ) as $param ) {
			foreach ( (array) $answer[ $param ] as $found ) {
				$ids = array_merge( $ids, array_values( (array) $found ) );
			}
		}
		$answer['statuses'] = (object) $this->statuses( $ids );
		// The sidecar checks its TABLE_PREFIX against this: tmu_* rows under another prefix are read by no template.
		global $wpdb;
		$answer['table_prefix'] = (string) $wpdb->prefix;
		// The sidecar sizes its batches to these: PHP's time and memory, and /batch/v1's maxItems.
		$answer['host'] = $this->host_limits->report();
		return new WP_REST_Response( $answer, 200 );
	}

	/**
	 * Natural key → oldest live post ID (not trashed or auto-draft) the caller may edit; a type's own key
	 * (Create_Keys::key_meta) is read from the key table too.
	 *
	 * @param string        $post_type Post type or 'attachment'.
	 * @param string        $meta_key  Meta key holding the natural key.
	 * @param array<string> $values    Keys.
	 * @return array<string, int>
	 */
	private function posts_by_key( string $post_type, string $meta_key, array $values ): array {
		$values = array_slice( array_values( array_unique( $values ) ), 0, self::MAX_ITEMS );
		if ( Create_Keys::key_meta( $post_type ) !== $meta_key ) {
			return $this->editable( $post_type, $this->create_keys->by_meta( $post_type, $meta_key, $values ) );
		}
		return $this->editable( $post_type, $this->create_keys->find_many( $post_type, $values ) );
	}

	/**
	 * Post ID → status, in one read, for TMU posts the caller may edit.
	 *
	 * @param array<int> $ids Post IDs.
	 * @return array<string, string>
	 */
	private function statuses( array $ids ): array {
		global $wpdb;
		$ids = array_values( array_unique( array_filter( $ids ) ) );
		if ( array() === $ids ) {
			return array();
		}
		$types = Content_Types::POST_TYPES;
		$sql   = "SELECT ID AS id, post_type AS type, post_status AS status FROM {$wpdb->posts} WHERE ID IN ("
			. implode( ',', array_fill( 0, count( $ids ), '%d' ) ) . ') AND post_type IN (' . implode( ',', array_fill( 0, count( $types ), '%s' ) ) . ')';
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- only %d and %s markers are added; one read for up to MAX_ITEMS posts.
		$rows     = $wpdb->get_results( $wpdb->prepare( $sql, array_merge( $ids, $types ) ) );
		$by_type  = array();
		$statuses = array();
		foreach ( (array) $rows as $row ) {
			$by_type[ (string) $row->type ][ (string) $row->id ] = (int) $row->id;
			$statuses[ (string) $row->id ]                       = (string) $row->status;
		}
		$answer = array();
		foreach ( $by_type as $type => $found ) {
			foreach ( $this->editable( $type, $found ) as $id ) {
				$answer[ (string) $id ] = $statuses[ (string) $id ];
			}
		}
		return $answer;
	}

	/**
	 * Only the posts the caller may edit: the ids of drafts, private and scheduled posts are not for everyone.
	 *
	 * @param string             $post_type Post type.
	 * @param array<string, int> $found     Natural key → post ID.
	 * @return array<string, int>
	 */
	private function editable( string $post_type, array $found ): array {
		$object = get_post_type_object( $post_type );
		if ( array() === $found || null === $object ) {
			return array();
		}
		$caps = $object->cap;
		// Who may edit every post of the type (the sidecar's administrator) skips the per-post checks.
		$all = true;
		foreach ( array( 'edit_others_posts', 'edit_published_posts', 'edit_private_posts' ) as $cap ) {
			$all = $all && isset( $caps->$cap ) && current_user_can( $caps->$cap );
		}
		if ( $all ) {
			return $found;
		}
		_prime_post_caches( array_values( $found ), false, false );
		return array_filter(
			$found,
			static function ( int $post_id ): bool {
				return current_user_can( 'edit_post', $post_id );
			}
		);
	}

	/**
	 * What the sidecar compares before it writes: text, status, featured image, terms, sync meta.
	 *
	 * @param int $post_id Post ID.
	 * @return array<string, mixed>|null
	 */
	private function post_state( int $post_id ): ?array {
		$post = get_post( $post_id );
		if ( ! $post instanceof WP_Post || ! current_user_can( 'edit_post', $post_id ) ) {
			return null;
		}
		$terms = array();
		foreach ( get_object_taxonomies( $post->post_type ) as $taxonomy ) {
			if ( in_array( $taxonomy, Content_Types::TAXONOMIES, true ) ) {
				$ids                = wp_get_object_terms( $post_id, $taxonomy, array( 'fields' => 'ids' ) );
				$terms[ $taxonomy ] = is_array( $ids ) ? array_map( 'intval', $ids ) : array();
			}
		}
		return array(
			'id'             => $post->ID,
			'type'           => $post->post_type,
			'status'         => $post->post_status,
			'title'          => $post->post_title,
			'content'        => $post->post_content,
			'featured_media' => (int) get_post_thumbnail_id( $post ),
			'terms'          => (object) $terms,
			'meta'           => array(
				'tmdb_id'            => (int) get_post_meta( $post_id, 'tmdb_id', true ),
				'tmu_key'            => (string) get_post_meta( $post_id, 'tmu_key', true ),
				'tmu_last_synced_at' => (string) get_post_meta( $post_id, 'tmu_last_synced_at', true ),
				'tmu_last_error'     => (string) get_post_meta( $post_id, 'tmu_last_error', true ),
			),
		);
	}

	/**
	 * Lets the sidecar send up to MAX_BATCH writes per /batch/v1 request.
	 *
	 * @param int $size WordPress's limit.
	 * @return int
	 */
	public function max_batch_size( $size ): int {
		return max( (int) $size, self::MAX_BATCH );
	}
}
