<?php
/**
 * POST tmu/v1/test-connection.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_Error;
use WP_REST_Response;
use WP_REST_Server;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Test connection: which part works, which part failed, and why (administrators only).
 */
final class Connection_Rest {

	/**
	 * The check.
	 *
	 * @var Connection_Check
	 */
	private Connection_Check $check;

	/**
	 * Constructor.
	 *
	 * @param Connection_Check $check The check.
	 */
	public function __construct( Connection_Check $check ) {
		$this->check = $check;
	}

	/**
	 * Registers the route (rest_api_init).
	 */
	public function register_routes(): void {
		register_rest_route(
			REST_NAMESPACE,
			'/test-connection',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'test_connection' ),
				'permission_callback' => array( $this, 'can_manage' ),
				'args'                => array(),
			)
		);
	}

	/**
	 * Permission: manage_options.
	 *
	 * @return true|WP_Error
	 */
	public function can_manage() {
		if ( current_user_can( 'manage_options' ) ) {
			return true;
		}
		return new WP_Error(
			'rest_forbidden',
			__( 'Sorry, you are not allowed to do that.', 'tmu-sidecar' ),
			array( 'status' => rest_authorization_required_code() )
		);
	}

	/**
	 * POST /tmu/v1/test-connection → 200 {ok, failed, message, checks, causes, sidecar_url}.
	 */
	public function test_connection(): WP_REST_Response {
		$report = $this->check->run();
		unset( $report['checked_at'] );
		return new WP_REST_Response( $report, 200 );
	}
}
