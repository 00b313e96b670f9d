<?php
/**
 * POST tmu/v1/fields/{id}/tmdb: "Use TMDb's value" and "Revert all" of the fields box.
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
 * Puts TMDb's value back into one edited field (`field`) or every edited field of a post (no
 * `field`), through Edit_Fingerprints::accept_tmdb(), so that the field reads as not edited and
 * follows TMDb at the next sync. Needs edit_post on that post, and the REST nonce.
 */
final class Fields_Rest {

	/**
	 * Row access.
	 *
	 * @var Fields_Store
	 */
	private Fields_Store $store;

	/**
	 * The box, to print the fields put back.
	 *
	 * @var Fields_Box
	 */
	private Fields_Box $box;

	/**
	 * Constructor.
	 *
	 * @param Fields_Store    $store Row access.
	 * @param Fields_Box|null $box   The box (made from the store when left out).
	 */
	public function __construct( Fields_Store $store, ?Fields_Box $box = null ) {
		$this->store = $store;
		$this->box   = $box ?? new Fields_Box( $store, new Repeatable_Fields(), new Title_Children() );
	}

	/**
	 * Registers the route (rest_api_init).
	 */
	public function register_routes(): void {
		register_rest_route(
			REST_NAMESPACE,
			'/fields/(?P<id>\d+)/tmdb',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'accept' ),
				'permission_callback' => array( $this, 'can_edit' ),
				'args'                => array(
					'id'    => array(
						'description' => __( 'Post ID.', 'tmu-sidecar' ),
						'type'        => 'integer',
						'minimum'     => 1,
						'required'    => true,
					),
					'field' => array(
						'description' => __( 'The column to put back; every edited column when left out.', 'tmu-sidecar' ),
						'type'        => 'string',
						'pattern'     => '^[a-z_]{1,64}$',
					),
				),
			)
		);
	}

	/**
	 * Only someone who may edit the post.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	public function can_edit( WP_REST_Request $request ) {
		if ( current_user_can( 'edit_post', (int) $request->get_param( 'id' ) ) ) {
			return true;
		}
		return new WP_Error( 'rest_forbidden', __( 'You cannot edit this item.', 'tmu-sidecar' ), array( 'status' => rest_authorization_required_code() ) );
	}

	/**
	 * → {restored: [field], pending: [field], fields: {field: markup}, summary: markup}: restored now,
	 * or to be refreshed by the next sync; the box's markup of those fields and of its "Revert all"
	 * line as they are now, for the screen to show without a reload.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function accept( WP_REST_Request $request ) {
		$post_id    = (int) $request->get_param( 'id' );
		$post_type  = get_post_type( $post_id );
		$definition = false === $post_type ? null : Field_Definitions::for_post_type( $post_type );
		if ( null === $definition ) {
			return new WP_Error( 'tmu_fields_not_found', __( 'This item has no TMU fields.', 'tmu-sidecar' ), array( 'status' => 404 ) );
		}
		$row = $this->store->read( $definition, $post_id );
		if ( null === $row ) {
			return new WP_Error( 'tmu_fields_not_found', __( 'Nothing synced yet for this item.', 'tmu-sidecar' ), array( 'status' => 404 ) );
		}
		$prints = new Edit_Fingerprints( $GLOBALS['wpdb'] );
		$edited = $this->store->edited( $prints, $definition, $post_id, $row );
		$field  = $request->get_param( 'field' );
		if ( is_string( $field ) && '' !== $field ) {
			if ( ! isset( $definition['fields'][ $field ] ) ) {
				return new WP_Error( 'tmu_fields_unknown', __( 'No such field here.', 'tmu-sidecar' ), array( 'status' => 400 ) );
			}
			if ( ! array_key_exists( $field, $edited ) ) {
				return new WP_Error( 'tmu_fields_not_edited', __( 'This field already follows TMDb.', 'tmu-sidecar' ), array( 'status' => 409 ) );
			}
			$edited = array( $field => $edited[ $field ] );
		}
		$answer = array(
			'restored' => array(),
			'pending'  => array(),
		);
		foreach ( array_keys( $edited ) as $key ) {
			$done                                       = $this->store->accept_tmdb( $prints, $definition, $post_id, (string) $key );
			$answer[ $done ? 'restored' : 'pending' ][] = (string) $key;
		}
		$markup = $this->box->fields_markup( $post_id, array_map( 'strval', array_keys( $edited ) ) );
		return new WP_REST_Response( array_merge( $answer, $markup ), 200 );
	}
}
