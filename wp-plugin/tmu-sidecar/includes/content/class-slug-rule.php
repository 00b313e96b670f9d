<?php
/**
 * The legacy slug rule: "{ID}-{title}" and "{parent ID}-{title}".
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_Post;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Keeps the slugs of the TMU post types in the legacy theme's form, whoever saves the post.
 */
final class Slug_Rule {

	/**
	 * Slug rule on save_post.
	 *
	 * @param int|string   $post_id Post ID.
	 * @param WP_Post|null $post    Post.
	 */
	public function apply_slug_rule_on_save( $post_id, $post = null ): void {
		if ( $post instanceof WP_Post ) {
			$this->apply_slug_rule( $post );
		}
	}

	/**
	 * Slug rule after a REST insert or update (meta such as tmu_parent_id is written by then).
	 *
	 * @param WP_Post|mixed $post Post.
	 */
	public function apply_slug_rule_after_rest_insert( $post ): void {
		if ( ! $post instanceof WP_Post ) {
			return;
		}
		$fresh = get_post( $post->ID );
		if ( $fresh instanceof WP_Post ) {
			$this->apply_slug_rule( $fresh );
			// The REST controller builds its response from this object: keep it in step.
			$post->post_name = (string) get_post_field( 'post_name', $post->ID, 'raw' );
		}
	}

	/**
	 * The legacy slug rule: movie/tv/drama/people/video → "{ID}-{title}",
	 * season/episode/drama-episode → "{parent series ID}-{title}".
	 *
	 * @param WP_Post $post Post.
	 */
	public function apply_slug_rule( WP_Post $post ): void {
		if ( ! in_array( $post->post_type, Content_Types::POST_TYPES, true ) ) {
			return;
		}
		if ( wp_is_post_revision( $post ) || wp_is_post_autosave( $post ) ) {
			return;
		}
		if ( in_array( $post->post_status, array( 'auto-draft', 'trash', 'inherit' ), true ) ) {
			return;
		}
		$desired = $this->desired_slug( $post );
		if ( null === $desired ) {
			return;
		}
		$slug = wp_unique_post_slug( $desired, $post->ID, $post->post_status, $post->post_type, (int) $post->post_parent );
		if ( $slug === $post->post_name ) {
			return;
		}

		global $wpdb;
		// A direct update: wp_update_post() would fire save_post again.
		$wpdb->update( $wpdb->posts, array( 'post_name' => $slug ), array( 'ID' => $post->ID ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching -- wp_update_post() would fire save_post again; clean_post_cache() follows.
		clean_post_cache( $post->ID );
	}

	/**
	 * The slug a post should have, or null when it cannot be computed yet.
	 *
	 * @param WP_Post $post Post.
	 */
	public function desired_slug( WP_Post $post ): ?string {
		// The sidecar stores titles with HTML's special characters encoded: the slug comes from the plain words.
		$title = sanitize_title( wp_specialchars_decode( (string) $post->post_title, ENT_QUOTES ) );
		if ( '' === trim( (string) $post->post_title ) ) {
			return null;
		}
		if ( in_array( $post->post_type, Content_Types::CHILD_POST_TYPES, true ) ) {
			$prefix = (int) get_post_meta( $post->ID, 'tmu_parent_id', true );
			if ( $prefix < 1 ) {
				$prefix = (int) $post->post_parent;
			}
			if ( $prefix < 1 ) {
				return null;
			}
		} else {
			$prefix = (int) $post->ID;
		}
		return '' === $title ? (string) $prefix : $prefix . '-' . $title;
	}
}
