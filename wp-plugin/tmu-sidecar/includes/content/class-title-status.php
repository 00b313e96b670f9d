<?php
/**
 * Drafts stay drafts: a title's seasons, episodes, videos and people follow its status.
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
 * On transition_post_status of a movie, series or drama, whatever path changed it (editor, REST,
 * quick edit, bulk edit, a scheduled post going live):
 * - published: its draft and pending children and people are published;
 * - no longer published (draft, pending, private, scheduled, trash): its public children go back
 *   to draft, and so do its people unless another published title credits them.
 * Statuses change in a few set-based queries, without firing hooks for every child.
 */
final class Title_Status {

	/** Statuses a published title lifts: a child an editor made private or trashed stays so. */
	private const LIFTED = array( 'draft', 'pending' );

	/** Rows per UPDATE. */
	private const CHUNK = 500;

	/**
	 * The link tables.
	 *
	 * @var Title_Links
	 */
	private Title_Links $links;

	/**
	 * The slug rule, for a child that never had a slug.
	 *
	 * @var Slug_Rule
	 */
	private Slug_Rule $slugs;

	/**
	 * True while a transition is being followed (guards against re-entry).
	 *
	 * @var bool
	 */
	private bool $busy = false;

	/**
	 * Constructor.
	 *
	 * @param Title_Links $links Link tables.
	 * @param Slug_Rule   $slugs Slug rule.
	 */
	public function __construct( Title_Links $links, Slug_Rule $slugs ) {
		$this->links = $links;
		$this->slugs = $slugs;
	}

	/**
	 * Transition_post_status.
	 *
	 * @param string        $new_status New status.
	 * @param string        $old_status Old status.
	 * @param WP_Post|mixed $post       Post.
	 */
	public function on_transition( $new_status, $old_status, $post ): void {
		if ( $this->busy || ! $post instanceof WP_Post || ! $this->links->is_title( $post->post_type ) ) {
			return;
		}
		$published = 'publish' === $new_status;
		if ( $published === ( 'publish' === $old_status ) ) {
			return;
		}
		global $wpdb;
		$this->busy = true;
		// Before the sidecar's tables exist there is nothing to move, and no error to show.
		$quiet = $wpdb->suppress_errors( true );
		try {
			if ( $published ) {
				$this->publish( $post );
			} else {
				$this->unpublish( $post );
			}
		} finally {
			$wpdb->suppress_errors( $quiet );
			$this->busy = false;
		}
	}

	/**
	 * Publishes the title's draft and pending children and people.
	 *
	 * @param WP_Post $title Title.
	 */
	private function publish( WP_Post $title ): void {
		$ids = array_merge( $this->links->children( $title, self::LIFTED ), $this->links->people( $title, self::LIFTED ) );
		$this->set_status( $ids, 'publish' );
	}

	/**
	 * Takes the title's public children back to draft, and its people no other published title credits.
	 *
	 * @param WP_Post $title Title.
	 */
	private function unpublish( WP_Post $title ): void {
		$people = $this->links->people( $title, array( 'publish' ) );
		$kept   = $this->links->credited_elsewhere( $title, $people );
		$ids    = array_merge( $this->links->children( $title, array( 'publish' ) ), array_diff( $people, $kept ) );
		$this->set_status( $ids, 'draft' );
	}

	/**
	 * One UPDATE per CHUNK posts. A draft that never had a date gets today's on publish, as WordPress does.
	 *
	 * @param array<int> $ids    Post IDs whose status changes.
	 * @param string     $status New status.
	 */
	private function set_status( array $ids, string $status ): void {
		global $wpdb;
		$ids = array_values( array_unique( array_map( 'intval', $ids ) ) );
		if ( array() === $ids ) {
			return;
		}
		$now     = current_time( 'mysql' );
		$now_gmt = current_time( 'mysql', true );
		$zero    = '0000-00-00 00:00:00';
		$dated   = 'publish' === $status
			? ', post_date = IF(post_date_gmt = %s, %s, post_date), post_date_gmt = IF(post_date_gmt = %s, %s, post_date_gmt)'
			: '';
		$dates   = 'publish' === $status ? array( $zero, $now, $zero, $now_gmt ) : array();
		foreach ( array_chunk( $ids, self::CHUNK ) as $chunk ) {
			$in  = implode( ',', array_fill( 0, count( $chunk ), '%d' ) );
			$sql = "UPDATE {$wpdb->posts} SET post_status = %s, post_modified = %s, post_modified_gmt = %s{$dated} WHERE ID IN ({$in})";
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- only %s and %d markers are added; wp_update_post() per child would cost hundreds of queries and fire every save hook again.
			$wpdb->query( $wpdb->prepare( $sql, array_merge( array( $status, $now, $now_gmt ), $dates, $chunk ) ) );
		}
		// One read primes the cache, so cleaning it costs no query per post.
		_prime_post_caches( $ids, false, false );
		foreach ( $ids as $id ) {
			clean_post_cache( $id );
		}
		wp_cache_set_posts_last_changed();
		if ( 'publish' === $status ) {
			$this->name_unnamed( $ids );
		}
	}

	/**
	 * A published post needs a slug: the few that never got one get the legacy slug rule's.
	 *
	 * @param array<int> $ids Post IDs just published.
	 */
	private function name_unnamed( array $ids ): void {
		global $wpdb;
		$in = implode( ',', array_fill( 0, count( $ids ), '%d' ) );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- only %d markers are added.
		$unnamed = (array) $wpdb->get_col( $wpdb->prepare( "SELECT ID FROM {$wpdb->posts} WHERE post_name = '' AND ID IN ({$in})", $ids ) );
		foreach ( $unnamed as $id ) {
			$post = get_post( (int) $id );
			if ( $post instanceof WP_Post ) {
				$this->slugs->apply_slug_rule( $post );
			}
		}
	}
}
