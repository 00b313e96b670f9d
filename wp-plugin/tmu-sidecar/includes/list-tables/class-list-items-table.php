<?php
/**
 * The items table of a curated list (Tools → Curated lists → Items).
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * One row per item: position, title with its preview, status, pin, and one-button forms to move it
 * up or down, pin or unpin, remove or restore. Buttons, not drag and drop: every change works from the
 * keyboard and says what it does to a screen reader.
 */
final class List_Items_Table extends Admin_List_Table {

	/**
	 * The list the items belong to.
	 *
	 * @var int
	 */
	private int $list_id;

	/**
	 * Constructor.
	 *
	 * @param array<int, array<string, mixed>> $rows    Items with their posts.
	 * @param int                              $list_id List id.
	 */
	public function __construct( array $rows, int $list_id ) {
		$this->list_id = $list_id;
		parent::__construct( 'tmu-list-items-table', $rows, array( 'tmu-list-items-table' ) );
	}

	/**
	 * Columns; the keys are the cells' classes.
	 *
	 * @return array<string, string>
	 */
	public function get_columns() {
		return array(
			'title'              => __( 'Title', 'tmu-sidecar' ),
			'tmu-items-position' => __( 'Position', 'tmu-sidecar' ),
			'tmu-items-status'   => __( 'Status', 'tmu-sidecar' ),
			'tmu-items-pinned'   => __( 'Pinned', 'tmu-sidecar' ),
			'tmu-items-actions'  => __( 'Actions', 'tmu-sidecar' ),
		);
	}

	/**
	 * Message of the empty table.
	 */
	public function no_items() {
		esc_html_e( 'This list has no items yet: the sidecar fills it on its next refresh.', 'tmu-sidecar' );
	}

	/**
	 * Item id, TMDb id and state, for the tests and scripts that find a row.
	 *
	 * @param array<string, mixed> $item Item row.
	 */
	protected function row_attributes( array $item ): string {
		return self::attributes(
			array(
				'data-item-id' => (string) (int) $item['id'],
				'data-tmdb-id' => (string) (int) $item['tmdb_id'],
				'data-pinned'  => (string) (int) $item['pinned'],
				'data-hidden'  => (string) (int) $item['hidden'],
				'id'           => 'tmu-item-' . (int) $item['id'],
			)
		);
	}

	/**
	 * One cell.
	 *
	 * @param array<string, mixed> $item        Item row.
	 * @param string               $column_name Column key.
	 */
	protected function cell( array $item, string $column_name ): void {
		$hidden = 1 === (int) $item['hidden'];
		switch ( $column_name ) {
			case 'title':
				$this->title_cell( $item );
				break;
			case 'tmu-items-position':
				echo $hidden ? esc_html__( 'Removed', 'tmu-sidecar' ) : esc_html( (string) (int) $item['position'] );
				break;
			case 'tmu-items-status':
				$object = get_post_status_object( (string) $item['status'] );
				echo esc_html( null !== $object ? (string) $object->label : __( 'No post', 'tmu-sidecar' ) );
				break;
			case 'tmu-items-pinned':
				echo 1 === (int) $item['pinned'] ? esc_html__( 'Pinned', 'tmu-sidecar' ) : '<span aria-hidden="true">—</span><span class="screen-reader-text">' . esc_html__( 'Not pinned', 'tmu-sidecar' ) . '</span>';
				break;
			case 'tmu-items-actions':
				$this->actions_cell( $item );
				break;
		}
	}

	/**
	 * Title with Preview (or View) and Edit links.
	 *
	 * @param array<string, mixed> $item Item row.
	 */
	private function title_cell( array $item ): void {
		$title = '' !== (string) $item['post_title'] ? (string) $item['post_title'] : sprintf( '%1$s #%2$d', (string) $item['media_type'], (int) $item['tmdb_id'] );
		echo '<strong>' . esc_html( $title ) . '</strong>';
		$links = array();
		if ( '' !== (string) $item['link'] ) {
			$label   = 'publish' === $item['status'] ? __( 'View', 'tmu-sidecar' ) : __( 'Preview', 'tmu-sidecar' );
			/* translators: 1: View or Preview, 2: title. */
			$aria    = sprintf( __( '%1$s "%2$s"', 'tmu-sidecar' ), $label, $title );
			$links[] = sprintf( '<a class="tmu-item-preview" href="%1$s" aria-label="%2$s">%3$s</a>', esc_url( (string) $item['link'] ), esc_attr( $aria ), esc_html( $label ) );
		}
		if ( '' !== (string) $item['edit_link'] ) {
			/* translators: %s: title. */
			$links[] = sprintf( '<a href="%1$s" aria-label="%2$s">%3$s</a>', esc_url( (string) $item['edit_link'] ), esc_attr( sprintf( __( 'Edit "%s"', 'tmu-sidecar' ), $title ) ), esc_html__( 'Edit', 'tmu-sidecar' ) );
		}
		echo '<div class="row-actions visible">' . implode( ' | ', $links ) . '</div>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- each link escaped above.
	}

	/**
	 * Move up, Move down, Pin or Unpin, Remove; or Restore for a removed item.
	 *
	 * @param array<string, mixed> $item Item row.
	 */
	private function actions_cell( array $item ): void {
		$buttons = $this->buttons( $item );
		// The button just used keeps the focus after the reload; when it is gone (moved to the top, removed), the row's first.
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- read-only: which button had the focus.
		$focus = sanitize_key( (string) wp_unslash( $_GET['focus'] ?? '' ) );
		$dos   = array_keys( $buttons );
		$mine  = str_starts_with( $focus, (int) $item['id'] . '-' ) ? substr( $focus, strlen( (int) $item['id'] . '-' ) ) : '';
		$focus = '' === $mine ? '' : ( in_array( $mine, $dos, true ) ? $mine : (string) ( $dos[0] ?? '' ) );
		foreach ( $buttons as $do => $labels ) {
			$this->button( $item, $do, $labels[0], $labels[1], $do === $focus );
		}
	}

	/**
	 * The row's buttons: what each asks => [visible label, label naming the title].
	 *
	 * @param array<string, mixed> $item Item row.
	 * @return array<string, array{0:string, 1:string}>
	 */
	private function buttons( array $item ): array {
		$title = '' !== (string) $item['post_title'] ? (string) $item['post_title'] : '#' . (int) $item['tmdb_id'];
		if ( 1 === (int) $item['hidden'] ) {
			/* translators: %s: title. */
			return array( 'restore' => array( __( 'Restore', 'tmu-sidecar' ), sprintf( __( 'Restore "%s" to the list', 'tmu-sidecar' ), $title ) ) );
		}
		$buttons  = array();
		$position = (int) $item['position'];
		if ( $position > 1 ) {
			/* translators: %s: title. */
			$buttons['up'] = array( __( 'Move up', 'tmu-sidecar' ), sprintf( __( 'Move "%s" up', 'tmu-sidecar' ), $title ) );
		}
		if ( $position < (int) $item['shown'] ) {
			/* translators: %s: title. */
			$buttons['down'] = array( __( 'Move down', 'tmu-sidecar' ), sprintf( __( 'Move "%s" down', 'tmu-sidecar' ), $title ) );
		}
		if ( 1 === (int) $item['pinned'] ) {
			/* translators: %s: title. */
			$buttons['unpin'] = array( __( 'Unpin', 'tmu-sidecar' ), sprintf( __( 'Unpin "%s"', 'tmu-sidecar' ), $title ) );
		} else {
			/* translators: %s: title. */
			$buttons['pin'] = array( __( 'Pin', 'tmu-sidecar' ), sprintf( __( 'Pin "%s" at its place', 'tmu-sidecar' ), $title ) );
		}
		/* translators: %s: title. */
		$buttons['remove'] = array( __( 'Remove', 'tmu-sidecar' ), sprintf( __( 'Remove "%s" from the list', 'tmu-sidecar' ), $title ) );
		return $buttons;
	}

	/**
	 * A one-button POST form.
	 *
	 * @param array<string, mixed> $item  Item row.
	 * @param string               $do    What the button asks.
	 * @param string               $label Visible label.
	 * @param string               $aria  Label for screen readers (names the title).
	 * @param bool                 $focus Whether the button takes the focus when the page loads.
	 */
	private function button( array $item, string $do, string $label, string $aria, bool $focus ): void {
		printf( '<form method="post" action="%s" class="tmu-lists-inline-form">', esc_url( admin_url( 'admin-post.php' ) ) );
		printf(
			'<input type="hidden" name="action" value="%1$s" /><input type="hidden" name="list_id" value="%2$d" /><input type="hidden" name="item_id" value="%3$d" /><input type="hidden" name="do" value="%4$s" /><input type="hidden" name="position" value="%5$d" />',
			esc_attr( List_Items_Admin::ACTION ),
			(int) $this->list_id,
			(int) $item['id'],
			esc_attr( $do ),
			(int) $item['position']
		);
		wp_nonce_field( List_Items_Admin::ACTION );
		printf(
			'<button type="submit" class="button button-small tmu-item-%1$s" id="tmu-item-%2$s" aria-label="%3$s"%4$s>%5$s</button></form>',
			esc_attr( $do ),
			esc_attr( (int) $item['id'] . '-' . $do ),
			esc_attr( $aria ),
			$focus ? ' autofocus' : '',
			esc_html( $label )
		);
	}
}
