<?php
/**
 * The lists table of Tools → Curated lists.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * One row per curated list: title (edit link), shortcode, keyword, items, schedule, last refresh,
 * and the Refresh now and Delete buttons.
 */
final class Curated_Lists_Table extends Admin_List_Table {

	/**
	 * Curated lists (decodes a list's filters).
	 *
	 * @var Lists_Repository
	 */
	private Lists_Repository $lists;

	/**
	 * Constructor.
	 *
	 * @param array<int, array<string, mixed>> $rows  Lists with item_count.
	 * @param Lists_Repository                 $lists Curated lists.
	 */
	public function __construct( array $rows, Lists_Repository $lists ) {
		$this->lists = $lists;
		parent::__construct( 'tmu-lists-table', $rows, array( 'tmu-lists-table' ) );
	}

	/**
	 * Columns; the keys are the cells' classes.
	 *
	 * @return array<string, string>
	 */
	public function get_columns() {
		return array(
			'title'               => __( 'Title', 'tmu-sidecar' ),
			'shortcode'           => __( 'Shortcode', 'tmu-sidecar' ),
			'keyword'             => __( 'Keyword', 'tmu-sidecar' ),
			'tmu-lists-count'     => __( 'Items', 'tmu-sidecar' ),
			'tmu-lists-schedule'  => __( 'Schedule', 'tmu-sidecar' ),
			'tmu-lists-refreshed' => __( 'Last refresh', 'tmu-sidecar' ),
			'tmu-lists-actions'   => __( 'Actions', 'tmu-sidecar' ),
		);
	}

	/**
	 * Id and slug, for the tests and scripts that find a row.
	 *
	 * @param array<string, mixed> $item List row.
	 */
	protected function row_attributes( array $item ): string {
		return self::attributes(
			array(
				'data-list-id' => (string) (int) $item['id'],
				'data-slug'    => (string) $item['slug'],
			)
		);
	}

	/**
	 * One cell.
	 *
	 * @param array<string, mixed> $item        List row.
	 * @param string               $column_name Column key.
	 */
	protected function cell( array $item, string $column_name ): void {
		switch ( $column_name ) {
			case 'title':
				$edit_url = admin_url( 'tools.php?page=' . Lists_Admin::PAGE . '&edit=' . (int) $item['id'] );
				printf( '<a href="%1$s"><strong>%2$s</strong></a>', esc_url( $edit_url ), esc_html( (string) $item['title'] ) );
				/* translators: %s: list title. */
				$label = sprintf( __( 'Items of "%s"', 'tmu-sidecar' ), (string) $item['title'] );
				printf( '<div class="row-actions visible"><a class="tmu-lists-items-link" href="%1$s" aria-label="%2$s">%3$s</a></div>', esc_url( List_Items_Admin::url( (int) $item['id'] ) ), esc_attr( $label ), esc_html__( 'Items', 'tmu-sidecar' ) );
				break;
			case 'shortcode':
				// A slug in another script is stored percent-encoded; the shortcode takes it as letters too.
				// A long slug scrolls inside its own focusable region (keyboard users scroll it with the arrows).
				printf(
					'<div class="tmu-shortcode-scroll" tabindex="0" role="region" aria-label="%3$s"><code>[%1$s slug="%2$s"]</code></div>',
					esc_html( Lists_Shortcode::TAG ),
					esc_html( rawurldecode( (string) $item['slug'] ) ),
					/* translators: %s: list title. */
					esc_attr( sprintf( __( 'Shortcode of "%s"', 'tmu-sidecar' ), (string) $item['title'] ) )
				);
				break;
			case 'keyword':
				$meta = $this->lists->decode_filters( $item );
				printf( '%1$s <span class="tmu-lists-type">(%2$s)</span>', esc_html( $meta['keyword'] ), esc_html( 'tv' === $meta['type'] ? __( 'TV', 'tmu-sidecar' ) : __( 'movies', 'tmu-sidecar' ) ) );
				break;
			case 'tmu-lists-count':
				printf( '%1$d / %2$d', (int) $item['item_count'], (int) $item['item_limit'] );
				break;
			case 'tmu-lists-schedule':
				$label = List_Form::schedule_label( (string) $item['refresh_cron'] );
				echo '' !== $label ? esc_html( $label ) : '<code>' . esc_html( (string) $item['refresh_cron'] ) . '</code> <span class="description">' . esc_html__( '(custom)', 'tmu-sidecar' ) . '</span>';
				break;
			case 'tmu-lists-refreshed':
				$this->refreshed_cell( $item );
				break;
			case 'tmu-lists-actions':
				$this->render_action( 'tmu_list_refresh', (int) $item['id'], __( 'Refresh now', 'tmu-sidecar' ), 'button-secondary', '' );
				/* translators: %s: list title. */
				$question = sprintf( __( 'Delete the list "%s"? Pages using its shortcode will show nothing.', 'tmu-sidecar' ), (string) $item['title'] );
				$this->render_action( 'tmu_list_delete', (int) $item['id'], __( 'Delete', 'tmu-sidecar' ), 'button-link-delete', $question );
				break;
		}
	}

	/**
	 * "5 mins ago" or "never", and the last refresh error.
	 *
	 * @param array<string, mixed> $item List row.
	 */
	private function refreshed_cell( array $item ): void {
		$refreshed = Lists_Repository::utc_time( $item['last_refreshed_at'] ?? null );
		echo esc_html(
			$refreshed
				/* translators: %s: time since the last refresh, e.g. "5 mins". */
				? sprintf( __( '%s ago', 'tmu-sidecar' ), human_time_diff( $refreshed ) )
				: __( 'never', 'tmu-sidecar' )
		);
		if ( '' !== (string) ( $item['last_error'] ?? '' ) ) {
			echo '<br /><span class="tmu-lists-error">' . esc_html( (string) $item['last_error'] ) . '</span>';
		}
	}

	/**
	 * A one-button POST form to admin-post.php.
	 *
	 * @param string $action  Action and nonce name.
	 * @param int    $list_id List id.
	 * @param string $label   Button label.
	 * @param string $class   Button class.
	 * @param string $confirm Confirmation question ('' for none).
	 */
	private function render_action( string $action, int $list_id, string $label, string $class, string $confirm ): void {
		printf( '<form method="post" action="%s" class="tmu-lists-inline-form"%s>', esc_url( admin_url( 'admin-post.php' ) ), '' !== $confirm ? ' onsubmit="return window.confirm(' . esc_attr( (string) wp_json_encode( $confirm ) ) . ');"' : '' );
		printf( '<input type="hidden" name="action" value="%1$s" /><input type="hidden" name="list_id" value="%2$d" />', esc_attr( $action ), $list_id );
		wp_nonce_field( $action );
		printf( '<button type="submit" class="button %1$s">%2$s</button></form>', esc_attr( $class ), esc_html( $label ) );
	}
}
