<?php
/**
 * Who may call the tmu/v1 routes.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_Error;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The permission callbacks the tmu/v1 routes share: capability checks that answer 401/403.
 */
final class Rest_Permissions {

	/**
	 * Permission: manage_options.
	 *
	 * @return true|WP_Error
	 */
	public static function can_manage() {
		return current_user_can( 'manage_options' ) ? true : Rest_Permissions::forbidden();
	}

	/**
	 * Permission: edit_posts.
	 *
	 * @return true|WP_Error
	 */
	public static function can_edit_posts() {
		return current_user_can( 'edit_posts' ) ? true : Rest_Permissions::forbidden();
	}

	/**
	 * 401 when not logged in, 403 otherwise.
	 */
	public static function forbidden(): WP_Error {
		return new WP_Error(
			'rest_forbidden',
			__( 'Sorry, you are not allowed to do that.', 'tmu-sidecar' ),
			array( 'status' => rest_authorization_required_code() )
		);
	}
}
