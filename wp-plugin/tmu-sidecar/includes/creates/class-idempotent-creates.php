<?php
/**
 * A create that carries its key makes one object, however often it is sent.
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
 * Makes POST /wp/v2/{post type} and POST /wp/v2/media idempotent when they carry their key
 * (meta tmdb_id, tmu_key or tmdb_file_path, see Create_Keys), also inside /batch/v1.
 *
 * Under the key's MySQL lock: when a live object has the key, a post is updated with the request's
 * body (which completes a post a PHP death left without its meta) and an attachment is answered as
 * it is (the upload is not stored again); otherwise the create runs and the key is written to the
 * key table from the insert itself, before REST writes any meta. A post in the trash does not count:
 * the create makes a new post and the trashed one stays where it is.
 */
final class Idempotent_Creates {

	/** Seconds a create waits for another request creating the same key. */
	private const LOCK_TIMEOUT = 15;

	/** Header telling which existing object answered a create. */
	public const EXISTING_HEADER = 'X-TMU-Existing';

	/**
	 * Key table.
	 *
	 * @var Create_Keys
	 */
	private Create_Keys $keys;

	/**
	 * One lock per key.
	 *
	 * @var Key_Locks
	 */
	private Key_Locks $locks;

	/** True while this class dispatches: its own inner requests pass through. */
	private bool $dispatching = false;

	/**
	 * The key being created in this request, written to the table once the object row exists.
	 *
	 * @var array{kind: string, key: string}|null
	 */
	private ?array $pending = null;

	/**
	 * Constructor.
	 *
	 * @param Create_Keys $keys  Key table.
	 * @param Key_Locks   $locks One lock per key.
	 */
	public function __construct( Create_Keys $keys, Key_Locks $locks ) {
		$this->keys  = $keys;
		$this->locks = $locks;
	}

	/**
	 * rest_pre_dispatch: a keyed create runs under its key's lock; every other request passes through.
	 *
	 * @param mixed           $result  Answer of an earlier filter, or null.
	 * @param WP_REST_Server  $server  Server.
	 * @param WP_REST_Request $request Request (one item of a /batch/v1 request too).
	 * @return mixed
	 */
	public function pre_dispatch( $result, $server, $request ) {
		if ( null !== $result || $this->dispatching || ! $request instanceof WP_REST_Request || 'POST' !== $request->get_method() ) {
			return $result;
		}
		$kind = self::kind_of_route( $request->get_route() );
		if ( null === $kind || ! $server instanceof WP_REST_Server ) {
			return $result;
		}
		$key = self::key_of( $kind, $request );
		if ( null === $key || ! self::may_create( $kind ) ) {
			return $result;
		}
		if ( ! $this->locks->lock( $kind, $key, self::LOCK_TIMEOUT ) ) {
			$busy = new WP_Error( 'tmu_create_busy', __( 'Another request is creating the same object; try again.', 'tmu-sidecar' ), array( 'status' => 503 ) );
			return rest_convert_error_to_response( $busy );
		}
		$this->dispatching = true;
		try {
			$existing = $this->keys->find( $kind, $key );
			if ( $existing > 0 ) {
				return $this->answer_existing( $server, $request, $kind, $existing );
			}
			$this->pending = array(
				'kind' => $kind,
				'key'  => $key,
			);
			return $server->dispatch( $request );
		} finally {
			$this->pending     = null;
			$this->dispatching = false;
			$this->locks->unlock( $kind, $key );
		}
	}

	/**
	 * transition_post_status, first of all: a new post of the kind being created gets its key row.
	 *
	 * @param string       $new_status New status.
	 * @param string       $old_status Old status ('new' for an insert).
	 * @param WP_Post|null $post       Post.
	 */
	public function on_post_inserted( $new_status, $old_status, $post ): void {
		if ( null !== $this->pending && 'new' === $old_status && $post instanceof WP_Post && $post->post_type === $this->pending['kind'] ) {
			$this->record_pending( (int) $post->ID );
		}
	}

	/**
	 * add_attachment: a new attachment being created gets its key row.
	 *
	 * @param int|string $attachment_id Attachment ID.
	 */
	public function on_attachment_inserted( $attachment_id ): void {
		if ( null !== $this->pending && 'attachment' === $this->pending['kind'] ) {
			$this->record_pending( (int) $attachment_id );
		}
	}

	/**
	 * Writes the pending key once: later inserts in the same request are other objects.
	 *
	 * @param int $object_id Post or attachment ID.
	 */
	private function record_pending( int $object_id ): void {
		$pending       = $this->pending;
		$this->pending = null;
		if ( null !== $pending && $object_id > 0 ) {
			$this->keys->record( $pending['kind'], $pending['key'], $object_id );
		}
	}

	/**
	 * The answer a create gets when its object exists: the update of the post, or the attachment as it is.
	 *
	 * @param WP_REST_Server  $server  Server.
	 * @param WP_REST_Request $request The create.
	 * @param string          $kind    Post type or 'attachment'.
	 * @param int             $id      Existing object.
	 */
	private function answer_existing( WP_REST_Server $server, WP_REST_Request $request, string $kind, int $id ): WP_REST_Response {
		if ( 'attachment' === $kind ) {
			$inner = new WP_REST_Request( 'GET', '/wp/v2/media/' . $id );
			$inner->set_query_params( array( 'context' => current_user_can( 'edit_post', $id ) ? 'edit' : 'view' ) );
		} else {
			$inner = new WP_REST_Request( 'POST', rtrim( $request->get_route(), '/' ) . '/' . $id );
			$inner->set_query_params( $request->get_query_params() );
			$body = $request->get_json_params();
			$body = is_array( $body ) && array() !== $body ? $body : $request->get_body_params();
			unset( $body['id'] );
			$inner->set_body_params( $body );
		}
		$response = rest_ensure_response( $server->dispatch( $inner ) );
		if ( $response instanceof WP_Error ) {
			$response = rest_convert_error_to_response( $response );
		}
		$response->header( self::EXISTING_HEADER, (string) $id );
		return $response;
	}

	/**
	 * The post type (or 'attachment') a create route makes, when it is one of ours.
	 *
	 * @param string $route e.g. /wp/v2/people.
	 */
	private static function kind_of_route( string $route ): ?string {
		if ( 1 !== preg_match( '#^/wp/v2/([a-z-]+)/?$#', $route, $match ) ) {
			return null;
		}
		if ( 'media' === $match[1] ) {
			return 'attachment';
		}
		return in_array( $match[1], Content_Types::META_POST_TYPES, true ) ? $match[1] : null;
	}

	/**
	 * The key the create carries in its meta, as Content_Meta stores it; null when it has none.
	 *
	 * @param string          $kind    Post type or 'attachment'.
	 * @param WP_REST_Request $request The create.
	 */
	private static function key_of( string $kind, WP_REST_Request $request ): ?string {
		$meta     = $request->get_param( 'meta' );
		$meta_key = Create_Keys::key_meta( $kind );
		if ( ! is_array( $meta ) || null === $meta_key || ! isset( $meta[ $meta_key ] ) ) {
			return null;
		}
		return Create_Keys::key_value( $meta_key, $meta[ $meta_key ] );
	}

	/**
	 * Only who may create the object takes a lock and learns whether it exists.
	 *
	 * @param string $kind Post type or 'attachment'.
	 */
	private static function may_create( string $kind ): bool {
		if ( 'attachment' === $kind ) {
			return current_user_can( 'upload_files' );
		}
		$object = get_post_type_object( $kind );
		return null !== $object && isset( $object->cap->create_posts ) && current_user_can( $object->cap->create_posts );
	}
}
