<?php
/**
 * Titles whose post is in the trash, on the import screen and in an import.
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
 * A trashed post is not "In library": its card says "In trash" with a restore link, and an import
 * of its title asks the user to choose (on_trash): restore the post and sync into it, or import it
 * as a new post (the trashed one is deleted for good). Without a choice the import is refused, so
 * nothing is skipped silently.
 */
final class Import_Trash {

	/** What an import item may ask for a title whose post is in the trash. */
	public const CHOICES = array( 'restore', 'new' );

	/**
	 * A browse card, told whether its post is in the trash (with a restore link for who may restore it).
	 *
	 * @param array<string, mixed> $card Card built from the sidecar's item.
	 * @return array<string, mixed>
	 */
	public static function card( array $card ): array {
		$post_id             = isset( $card['post_id'] ) && is_int( $card['post_id'] ) ? $card['post_id'] : 0;
		$card['in_trash']    = $post_id > 0 && 'trash' === get_post_status( $post_id );
		$card['restore_url'] = null;
		if ( ! $card['in_trash'] ) {
			return $card;
		}
		$card['in_library'] = false;
		$card['post_link']  = null;
		if ( current_user_can( 'delete_post', $post_id ) ) {
			// WordPress's own untrash link (post.php?action=untrash), with its nonce.
			$card['restore_url'] = add_query_arg(
				array(
					'post'     => $post_id,
					'action'   => 'untrash',
					'_wpnonce' => wp_create_nonce( 'untrash-post_' . $post_id ),
				),
				admin_url( 'post.php' )
			);
		}
		return $card;
	}

	/**
	 * Applies each trashed title's choice; the items to send, a restored one marked resync.
	 *
	 * @param Sidecar_Client                   $client    Tells the sidecar a post goes before a new one is made.
	 * @param array<int, array<string, mixed>> $items     Items to send ({type, tmdb_id}).
	 * @param array<int, array<string, mixed>> $requested The request's items, in the same order (with on_trash).
	 * @return array<int, array<string, mixed>>|WP_Error
	 */
	public static function apply( Sidecar_Client $client, array $items, array $requested ) {
		$undecided = array();
		$actions   = array();
		foreach ( $items as $i => $item ) {
			$post_id = self::trashed_post( (string) $item['type'], (int) $item['tmdb_id'] );
			if ( 0 === $post_id ) {
				continue;
			}
			$choice = isset( $requested[ $i ]['on_trash'] ) ? (string) $requested[ $i ]['on_trash'] : '';
			if ( ! in_array( $choice, self::CHOICES, true ) ) {
				$undecided[] = array(
					'type'    => (string) $item['type'],
					'tmdb_id' => (int) $item['tmdb_id'],
					'post_id' => $post_id,
				);
				continue;
			}
			if ( ! current_user_can( 'delete_post', $post_id ) || ( 'restore' === $choice && ! current_user_can( 'edit_post', $post_id ) ) ) {
				return new WP_Error( 'tmu_cannot_restore', __( 'You may not restore or delete a post in the trash that one of these titles has.', 'tmu-sidecar' ), array( 'status' => 403 ) );
			}
			$actions[ $i ] = array( $choice, $post_id );
		}
		if ( array() !== $undecided ) {
			return new WP_Error(
				'tmu_in_trash',
				/* translators: %d: number of titles. */
				sprintf( _n( '%d title is in the trash: choose to restore its post, or to import it as a new post.', '%d titles are in the trash: choose to restore their posts, or to import them as new posts.', count( $undecided ), 'tmu-sidecar' ), count( $undecided ) ),
				array(
					'status'   => 409,
					'in_trash' => $undecided,
				)
			);
		}
		foreach ( $actions as $i => list( $choice, $post_id ) ) {
			$done = 'restore' === $choice ? self::restore( $post_id ) : self::discard( $client, $post_id, (string) $items[ $i ]['type'] );
			if ( is_wp_error( $done ) ) {
				return $done;
			}
			if ( 'restore' === $choice ) {
				$items[ $i ]['resync'] = true;
			}
		}
		return $items;
	}

	/**
	 * The trashed post of a title, when the title has no other post (0 otherwise).
	 *
	 * @param string $type    movie, tv or drama.
	 * @param int    $tmdb_id TMDb id.
	 */
	private static function trashed_post( string $type, int $tmdb_id ): int {
		// A TV id counts whether the series is kept as TV or as a drama, as the sidecar's lookup does.
		$types = 'movie' === $type ? array( 'movie' ) : array( 'tv', 'drama' );
		$query = array(
			'post_type'        => $types,
			'fields'           => 'ids',
			'posts_per_page'   => 1,
			'orderby'          => 'ID',
			'order'            => 'ASC',
			'no_found_rows'    => true,
			'suppress_filters' => true,
			// phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_query -- one title's lookup, on the indexed meta_key.
			'meta_query'       => array(
				array(
					'key'   => 'tmdb_id',
					'value' => $tmdb_id,
					'type'  => 'NUMERIC',
				),
			),
		);
		$kept = get_posts( array_merge( $query, array( 'post_status' => array( 'publish', 'future', 'draft', 'pending', 'private' ) ) ) );
		if ( array() !== $kept ) {
			return 0;
		}
		$trashed = get_posts( array_merge( $query, array( 'post_status' => 'trash' ) ) );
		return array() === $trashed ? 0 : (int) $trashed[0];
	}

	/**
	 * Takes the post out of the trash (WordPress makes it a draft).
	 *
	 * @param int $post_id Post ID.
	 * @return true|WP_Error
	 */
	private static function restore( int $post_id ) {
		return wp_untrash_post( $post_id ) ? true : new WP_Error( 'tmu_restore_failed', __( 'The post could not be taken out of the trash.', 'tmu-sidecar' ), array( 'status' => 500 ) );
	}

	/**
	 * Deletes the trashed post for good, after the sidecar has dropped its rows, so the import makes a new post.
	 *
	 * @param Sidecar_Client $client  Sidecar client.
	 * @param int            $post_id Post ID.
	 * @param string         $type    movie, tv or drama.
	 * @return true|WP_Error
	 */
	private static function discard( Sidecar_Client $client, int $post_id, string $type ) {
		$post_type = get_post_type( $post_id );
		$answer    = $client->send_event(
			'post.deleted',
			array(
				'post_id' => $post_id,
				'type'    => is_string( $post_type ) ? ( Content_Types::webhook_type( $post_type ) ?? $type ) : $type,
			)
		);
		if ( is_wp_error( $answer ) ) {
			return $answer;
		}
		if ( ! Sidecar_Client::is_success( $answer ) ) {
			return $client->error_from_response( $answer );
		}
		return wp_delete_post( $post_id, true ) ? true : new WP_Error( 'tmu_delete_failed', __( 'The post in the trash could not be deleted.', 'tmu-sidecar' ), array( 'status' => 500 ) );
	}
}
