<?php
/**
 * When a post was last synced, and when its last sync failed.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Reads tmu_last_synced_at, tmu_last_failed_at and tmu_last_error as one state, so that every
 * screen says the same thing: a failed sync never reads as "Last synced".
 */
final class Sync_State {

	/**
	 * The post's sync state: the last success, the last failure (only while the error stands) and the error.
	 *
	 * @param int $post_id Post ID.
	 * @return array{synced_at:string, failed_at:string, error:string}
	 */
	public static function of( int $post_id ): array {
		$synced_at = (string) get_post_meta( $post_id, 'tmu_last_synced_at', true );
		$failed_at = (string) get_post_meta( $post_id, 'tmu_last_failed_at', true );
		$error     = trim( (string) get_post_meta( $post_id, 'tmu_last_error', true ) );
		if ( '' === $error ) {
			$failed_at = '';
		} elseif ( '' === $failed_at ) {
			// Written before failures had their own time: tmu_last_synced_at holds the failure's time.
			$failed_at = $synced_at;
			$synced_at = '';
		}
		return array(
			'synced_at' => $synced_at,
			'failed_at' => $failed_at,
			'error'     => $error,
		);
	}
}
