<?php
/**
 * The base of the plugin's admin tables (Sync activity, Curated lists).
 *
 * Loaded only when a table is drawn: WP_List_Table is an admin-only class.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

if ( ! class_exists( 'WP_List_Table' ) ) {
	require_once ABSPATH . 'wp-admin/includes/class-wp-list-table.php';
}

/**
 * A WP_List_Table over rows the page has already read (filtered and paged by the page itself).
 *
 * Core draws the column headers, the cells (with data-colname and the primary column's toggle for
 * small screens) and the empty row; a subclass names its columns, its row's data attributes and
 * each cell. The table keeps an id of its own, and the page prints its own filters and page links.
 */
abstract class Admin_List_Table extends \WP_List_Table {

	/**
	 * The table's id attribute.
	 *
	 * @var string
	 */
	private string $table_id;

	/**
	 * Extra classes of the table element.
	 *
	 * @var string[]
	 */
	private array $classes;

	/**
	 * Constructor.
	 *
	 * @param string                           $table_id Id attribute (also the screen and plural name).
	 * @param array<int, array<string, mixed>> $rows     The rows to show.
	 * @param string[]                         $classes  Extra classes of the table element.
	 */
	public function __construct( string $table_id, array $rows, array $classes ) {
		parent::__construct(
			array(
				'plural'   => $table_id,
				'singular' => '',
				'ajax'     => false,
				'screen'   => $table_id,
			)
		);
		$this->table_id        = $table_id;
		$this->classes         = $classes;
		$this->items           = $rows;
		$columns               = $this->get_columns();
		$this->_column_headers = array( $columns, array(), array(), (string) array_key_first( $columns ) );
	}

	/**
	 * The attributes of a row's <tr>, escaped (data-* first: the tests and scripts read them).
	 *
	 * @param array<string, mixed> $item Row.
	 */
	abstract protected function row_attributes( array $item ): string;

	/**
	 * Prints one cell's content, escaped.
	 *
	 * @param array<string, mixed> $item        Row.
	 * @param string               $column_name Column key.
	 */
	abstract protected function cell( array $item, string $column_name ): void;

	/**
	 * Rows come from the constructor.
	 */
	public function prepare_items() {
		// Nothing to read: the page passes one filtered page of rows.
	}

	/**
	 * The table: headers, rows or the empty row. No bulk actions, so no top navigation.
	 */
	public function display() {
		?>
		<table id="<?php echo esc_attr( $this->table_id ); ?>" class="<?php echo esc_attr( implode( ' ', $this->get_table_classes() ) ); ?>">
			<thead>
				<tr><?php $this->print_column_headers(); ?></tr>
			</thead>
			<tbody>
				<?php $this->display_rows_or_placeholder(); ?>
			</tbody>
		</table>
		<?php
	}

	/**
	 * Classes of the table element.
	 *
	 * @return string[]
	 */
	protected function get_table_classes() {
		return array_merge( array( 'wp-list-table', 'widefat', 'striped' ), $this->classes );
	}

	/**
	 * One row, with its data attributes.
	 *
	 * @param array<string, mixed> $item Row.
	 */
	public function single_row( $item ) {
		echo '<tr ' . $this->row_attributes( (array) $item ) . '>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- row_attributes() escapes each value.
		$this->single_row_columns( $item );
		echo '</tr>';
	}

	/**
	 * Every cell goes through cell().
	 *
	 * @param array<string, mixed> $item        Row.
	 * @param string               $column_name Column key.
	 */
	protected function column_default( $item, $column_name ) {
		ob_start();
		$this->cell( (array) $item, (string) $column_name );
		return (string) ob_get_clean();
	}

	/**
	 * Data attributes from name => value pairs, escaped.
	 *
	 * @param array<string, string> $attributes Attribute => value.
	 */
	protected static function attributes( array $attributes ): string {
		$out = array();
		foreach ( $attributes as $name => $value ) {
			$out[] = sanitize_key( $name ) . '="' . esc_attr( $value ) . '"';
		}
		return implode( ' ', $out );
	}
}
