<?php
/**
 * The one place that reads tmu_* rows for display: REST's `tmu` field and the blocks render from it.
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
 * A post's synced data in one shape whatever TMU_COLUMN_FORMAT wrote (docs/rest.md): typed numbers,
 * ISO dates, people, seasons, episodes, videos, images and terms as objects with their links.
 * Text is HTML-safe (entities), as the sidecar stores it. Linked posts the current user cannot read
 * (drafts, private, trashed) are left out, so nothing a draft brings in shows on a public post.
 */
final class Title_Data {

	/**
	 * "context:user:post ID" => shape (null: none), for this request.
	 *
	 * @var array<string, array<string, mixed>|null>
	 */
	private static array $memo = array();

	/**
	 * The shapes of many posts, in a fixed number of queries however many posts there are. Shapes are
	 * kept for the rest of the request (several blocks of one page read one post once).
	 *
	 * @param int[]  $post_ids Post IDs.
	 * @param string $context  view, edit or embed (embed: the posts' own data, no lists of linked posts).
	 * @return array<int, array<string, mixed>> Post ID => shape; posts that are not TMU's or not readable are missing.
	 */
	public static function for_posts( array $post_ids, string $context = 'view' ): array {
		$post_ids = array_values( array_filter( array_unique( array_map( 'intval', $post_ids ) ) ) );
		$prefix   = $context . ':' . get_current_user_id() . ':';
		$missing  = array_values( array_filter( $post_ids, static fn ( int $id ): bool => ! array_key_exists( $prefix . $id, self::$memo ) ) );
		if ( array() !== $missing ) {
			$loaded = self::load( $missing, $context );
			foreach ( $missing as $id ) {
				self::$memo[ $prefix . $id ] = $loaded[ $id ] ?? null;
			}
		}
		$data = array();
		foreach ( $post_ids as $id ) {
			if ( null !== self::$memo[ $prefix . $id ] ) {
				$data[ $id ] = self::$memo[ $prefix . $id ];
			}
		}
		return $data;
	}

	/**
	 * Forgets the shapes read so far in this request (clean_post_cache: a post changed).
	 */
	public static function forget(): void {
		self::$memo = array();
	}

	/**
	 * One post's shape.
	 *
	 * @param int    $post_id Post ID.
	 * @param string $context view, edit or embed.
	 * @return array<string, mixed>|null Null when the post is not TMU's or not readable.
	 */
	public static function for_post( int $post_id, string $context = 'view' ): ?array {
		return self::for_posts( array( $post_id ), $context )[ $post_id ] ?? null;
	}

	/**
	 * Reads the shapes of posts.
	 *
	 * @param int[]  $post_ids Post IDs.
	 * @param string $context  view, edit or embed.
	 * @return array<int, array<string, mixed>>
	 */
	private static function load( array $post_ids, string $context ): array {
		_prime_post_caches( $post_ids, false, true );
		$posts = array();
		foreach ( $post_ids as $id ) {
			$post = get_post( $id );
			if ( $post instanceof WP_Post && in_array( $post->post_type, Content_Types::POST_TYPES, true ) && self::readable( $post ) ) {
				$posts[] = $post;
			}
		}
		if ( array() === $posts ) {
			return array();
		}
		$full  = 'embed' !== $context;
		$store = new Title_Data_Store();
		$store->load( $posts, $full );
		$shapes = new Title_Data_Shapes( $store, $full );
		$data   = array();
		foreach ( $posts as $post ) {
			$data[ (int) $post->ID ] = $shapes->shape( $post );
		}
		return $data;
	}

	/**
	 * Whether the current user may read a post: published without a password, or readable by them.
	 * Trashed and auto-draft posts are never shown.
	 *
	 * @param WP_Post $post Post.
	 */
	public static function readable( WP_Post $post ): bool {
		if ( in_array( $post->post_status, array( 'trash', 'auto-draft' ), true ) ) {
			return false;
		}
		if ( 'publish' === $post->post_status && '' === $post->post_password ) {
			return true;
		}
		return is_user_logged_in() && current_user_can( 'read_post', $post->ID );
	}

	/**
	 * A linked post if it exists, has the expected type and the current user may read it.
	 *
	 * @param int      $post_id Post ID.
	 * @param string[] $types   Expected post types.
	 */
	public static function linked( int $post_id, array $types ): ?WP_Post {
		$post = $post_id > 0 ? get_post( $post_id ) : null;
		return $post instanceof WP_Post && in_array( $post->post_type, $types, true ) && self::readable( $post ) ? $post : null;
	}
}
