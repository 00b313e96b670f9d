<?php
/**
 * Tools → Curated lists → Items: preview, pin, remove, restore and reorder a list's titles.
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
 * The items of one list (tools.php?page=tmu-curated-lists&items=ID). Each change goes to the sidecar
 * as `list.item {list_id, item_id, action, position?}`: the sidecar keeps it through later refreshes
 * (a pinned title keeps its place, a removed one is not added again).
 */
final class List_Items_Admin {

	public const ACTION = 'tmu_list_item';

	/** What the buttons ask; up and down are moves by one place. */
	private const DOS = array( 'pin', 'unpin', 'remove', 'restore', 'up', 'down' );

	/**
	 * Lists table reader.
	 *
	 * @var Lists_Repository
	 */
	private Lists_Repository $lists;

	/**
	 * Sidecar client.
	 *
	 * @var Sidecar_Client
	 */
	private Sidecar_Client $client;

	/**
	 * Constructor.
	 *
	 * @param Lists_Repository $lists  Lists table reader.
	 * @param Sidecar_Client   $client Sidecar client.
	 */
	public function __construct( Lists_Repository $lists, Sidecar_Client $client ) {
		$this->lists  = $lists;
		$this->client = $client;
	}

	/**
	 * The address of a list's items screen.
	 *
	 * @param int $list_id List id.
	 */
	public static function url( int $list_id ): string {
		return admin_url( 'tools.php?page=' . Lists_Admin::PAGE . '&items=' . $list_id );
	}

	/**
	 * The items screen (the page checked manage_options).
	 *
	 * @param array<string, mixed> $list List row.
	 */
	public function render( array $list ): void {
		$status = 'publish' === ( $list['post_status'] ?? 'draft' ) ? __( 'published', 'tmu-sidecar' ) : __( 'drafts', 'tmu-sidecar' );
		printf( '<p><a href="%1$s">%2$s</a></p>', esc_url( admin_url( 'tools.php?page=' . Lists_Admin::PAGE ) ), esc_html__( '← All lists', 'tmu-sidecar' ) );
		/* translators: %s: list title. */
		printf( '<h2 id="tmu-list-items-title">%s</h2>', esc_html( sprintf( __( 'Items of "%s"', 'tmu-sidecar' ), (string) $list['title'] ) ) );
		/* translators: %s: "drafts" or "published". */
		echo '<p>' . esc_html( sprintf( __( 'Titles this list adds are created as %s. A pinned title keeps its place and stays in the list whatever TMDb lists; a removed title is not added again by a refresh until you restore it. Visitors see published titles only.', 'tmu-sidecar' ), $status ) ) . '</p>';
		( new List_Items_Table( $this->rows( (int) $list['id'] ), (int) $list['id'] ) )->display();
	}

	/**
	 * One item's change (admin-post.php?action=tmu_list_item).
	 */
	public function handle(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage curated lists.', 'tmu-sidecar' ), 403 );
		}
		check_admin_referer( self::ACTION );
		$form    = wp_unslash( $_POST ); // phpcs:ignore WordPress.Security.NonceVerification.Missing -- checked just above.
		$list_id = absint( $form['list_id'] ?? 0 );
		$item_id = absint( $form['item_id'] ?? 0 );
		$do      = sanitize_key( (string) ( $form['do'] ?? '' ) );
		$current = absint( $form['position'] ?? 0 );
		$result = in_array( $do, self::DOS, true ) && $list_id > 0 && $item_id > 0
			? $this->client->send_event( 'list.item', self::event( $list_id, $item_id, $do, $current ) )
			: new WP_Error( 'tmu_list_item_invalid', __( 'That change to a list item is not known.', 'tmu-sidecar' ), array( 'status' => 400 ) );
		if ( ! is_wp_error( $result ) && ! Sidecar_Client::is_success( $result ) ) {
			$result = $this->client->error_from_response( $result );
		}
		$notice = is_wp_error( $result )
			? array( 'type' => 'error', 'message' => $result->get_error_message() )
			: array( 'type' => 'success', 'message' => self::done_message( $do ) );
		set_transient( 'tmu_lists_notice_' . get_current_user_id(), $notice, MINUTE_IN_SECONDS );
		// Back to the row that changed, so a keyboard user carries on from there.
		wp_safe_redirect( self::url( $list_id ) . '&focus=' . $item_id . '-' . $do );
		exit;
	}

	/**
	 * The `list.item` payload of a button.
	 *
	 * @param int    $list_id  List id.
	 * @param int    $item_id  Item id.
	 * @param string $action   One of DOS.
	 * @param int    $position The item's position now (up and down).
	 * @return array<string, mixed>
	 */
	private static function event( int $list_id, int $item_id, string $action, int $position ): array {
		$event = array(
			'list_id' => $list_id,
			'item_id' => $item_id,
			'action'  => $action,
		);
		if ( 'up' === $action || 'down' === $action ) {
			$event['action']   = 'move';
			$event['position'] = max( 1, 'up' === $action ? $position - 1 : $position + 1 );
		}
		return $event;
	}

	/**
	 * What the notice says after a change.
	 *
	 * @param string $action One of DOS.
	 */
	private static function done_message( string $action ): string {
		$messages = array(
			'pin'     => __( 'Item pinned: it keeps its place through refreshes.', 'tmu-sidecar' ),
			'unpin'   => __( 'Item unpinned.', 'tmu-sidecar' ),
			'remove'  => __( 'Item removed: refreshes will not add it again.', 'tmu-sidecar' ),
			'restore' => __( 'Item restored at the end of the list.', 'tmu-sidecar' ),
			'up'      => __( 'Item moved up.', 'tmu-sidecar' ),
			'down'    => __( 'Item moved down.', 'tmu-sidecar' ),
		);
		return $messages[ $action ] ?? '';
	}

	/**
	 * The items with their posts: title, status, and the link to open (the post, or its preview for a draft).
	 *
	 * @param int $list_id List id.
	 * @return array<int, array<string, mixed>>
	 */
	private function rows( int $list_id ): array {
		$rows  = $this->lists->admin_items( $list_id );
		$shown = count( array_filter( $rows, static fn( array $row ): bool => 0 === (int) $row['hidden'] ) );
		foreach ( $rows as &$row ) {
			$post              = null !== $row['post_id'] ? get_post( (int) $row['post_id'] ) : null;
			$row['shown']      = $shown;
			$row['post_title'] = null !== $post ? get_the_title( $post ) : '';
			$row['status']     = null !== $post ? (string) $post->post_status : '';
			$row['link']       = null === $post ? '' : ( 'publish' === $post->post_status ? (string) get_permalink( $post ) : (string) get_preview_post_link( $post ) );
			$row['edit_link']  = null !== $post ? (string) get_edit_post_link( $post, 'raw' ) : '';
		}
		unset( $row );
		return $rows;
	}
}
