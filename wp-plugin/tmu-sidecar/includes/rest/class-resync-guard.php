<?php
/**
 * Who may re-sync and publish what: the checks the import and sync routes share.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * A re-sync rewrites a post, so it needs edit_post on that post; publishing needs the post type's publish cap.
 */
final class Resync_Guard {

	/**
	 * The request fields that name the current user as the one who asked (empty when nobody is logged in).
	 *
	 * @return array<string, int>
	 */
	public static function requested_by(): array {
		$user = get_current_user_id();
		return $user > 0 ? array( 'requested_by' => $user ) : array();
	}

	/**
	 * Whether the current user may publish posts of the type the sidecar calls $webhook_type.
	 *
	 * @param string $webhook_type movie, tv, drama or person.
	 */
	public static function can_publish( string $webhook_type ): bool {
		$post_type = Content_Types::post_type_for( 'people' === $webhook_type ? 'person' : $webhook_type );
		$object    = null !== $post_type ? get_post_type_object( $post_type ) : null;
		return null !== $object && current_user_can( $object->cap->publish_posts );
	}

	/**
	 * The existing post of one title (not trashed, not an auto-draft), or null.
	 *
	 * @param string $webhook_type movie, tv, drama or person.
	 * @param int    $tmdb_id      TMDb id.
	 */
	public static function existing_post( string $webhook_type, int $tmdb_id ): ?int {
		$post_type = Content_Types::post_type_for( 'people' === $webhook_type ? 'person' : $webhook_type );
		if ( null === $post_type ) {
			return null;
		}
		$ids = get_posts(
			array(
				'post_type'        => $post_type,
				'post_status'      => array_values( array_diff( get_post_stati(), array( 'trash', 'auto-draft', 'inherit' ) ) ),
				'meta_key'         => 'tmdb_id', // phpcs:ignore WordPress.DB.SlowDBQuery.slow_query_meta_key -- indexed natural key, one title.
				'meta_value'       => (string) $tmdb_id, // phpcs:ignore WordPress.DB.SlowDBQuery.slow_query_meta_value -- as above.
				'fields'           => 'ids',
				'orderby'          => 'ID',
				'order'            => 'ASC',
				'posts_per_page'   => 1,
				'no_found_rows'    => true,
				'suppress_filters' => true,
			)
		);
		return array() === $ids ? null : (int) $ids[0];
	}

	/**
	 * The titles the current user may not re-sync: they exist and the user cannot edit their post.
	 *
	 * @param array<int, array{type:string, tmdb_id:int}> $items Requested titles.
	 * @return array<int, array{type:string, tmdb_id:int, post_id:int, code:string, message:string}>
	 */
	public static function refusals( array $items ): array {
		$refused = array();
		foreach ( $items as $item ) {
			$post_id = self::existing_post( $item['type'], $item['tmdb_id'] );
			if ( null !== $post_id && ! current_user_can( 'edit_post', $post_id ) ) {
				$refused[] = array(
					'type'    => $item['type'],
					'tmdb_id' => $item['tmdb_id'],
					'post_id' => $post_id,
					'code'    => 'tmu_cannot_edit',
					/* translators: %d: post ID. */
					'message' => sprintf( __( 'Not re-synced: you may not edit post %d, which already holds this title.', 'tmu-sidecar' ), $post_id ),
				);
			}
		}
		return $refused;
	}
}
