<?php
/**
 * The sync log table of Tools → Sync activity.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * One row per log entry: when, job, action, what and message.
 */
final class Log_List_Table extends Admin_List_Table {

	/**
	 * Constructor.
	 *
	 * @param array<int, array<string, mixed>> $rows Log rows of one page.
	 */
	public function __construct( array $rows ) {
		parent::__construct( 'tmu-activity-log', $rows, array( 'fixed', 'tmu-activity-table' ) );
	}

	/**
	 * Columns.
	 *
	 * @return array<string, string>
	 */
	public function get_columns() {
		return array(
			'when'    => __( 'When', 'tmu-sidecar' ),
			'id'      => __( 'Job', 'tmu-sidecar' ),
			'action'  => __( 'Action', 'tmu-sidecar' ),
			'what'    => __( 'What', 'tmu-sidecar' ),
			'message' => __( 'Message', 'tmu-sidecar' ),
		);
	}

	/**
	 * The empty table.
	 */
	public function no_items() {
		esc_html_e( 'No log entries match.', 'tmu-sidecar' );
	}

	/**
	 * Log id, action, type and job, for the tests and scripts that find a row.
	 *
	 * @param array<string, mixed> $item Log row.
	 */
	protected function row_attributes( array $item ): string {
		$job_id = self::int_or_null( $item, 'job_id' );
		return self::attributes(
			array(
				'data-log-id' => (string) $item['id'],
				'data-action' => (string) ( $item['action'] ?? '' ),
				'data-type'   => (string) ( $item['type'] ?? '' ),
				'data-job-id' => null !== $job_id ? (string) $job_id : '',
			)
		);
	}

	/**
	 * One cell.
	 *
	 * @param array<string, mixed> $item        Log row.
	 * @param string               $column_name Column key.
	 */
	protected function cell( array $item, string $column_name ): void {
		$action = (string) ( $item['action'] ?? '' );
		switch ( $column_name ) {
			case 'when':
				Activity_Tables::print_time( Activity_Tables::iso( $item['at'] ?? null ) );
				break;
			case 'id':
				$job_id = self::int_or_null( $item, 'job_id' );
				if ( null === $job_id ) {
					echo '&ndash;';
					break;
				}
				printf( '<a href="%1$s">#%2$s</a>', esc_url( Activity_Tables::url( array( 'view' => 'log', 'job' => $job_id ) ) ), esc_html( (string) $job_id ) );
				break;
			case 'action':
				echo '<span class="' . esc_attr( 'tmu-badge tmu-badge-' . sanitize_html_class( $action ) ) . '">' . esc_html( $action ) . '</span>';
				break;
			case 'what':
				Activity_Tables::render_target( (string) ( $item['type'] ?? '' ), self::int_or_null( $item, 'tmdb_id' ), self::int_or_null( $item, 'post_id' ) );
				break;
			case 'message':
				$message = (string) ( $item['message'] ?? '' );
				if ( 'failed' === $action ) {
					echo '<span class="tmu-is-error">' . esc_html( $message ) . '</span>';
				} else {
					echo esc_html( $message );
				}
				break;
		}
	}

	/**
	 * A numeric column as an int, or null.
	 *
	 * @param array<string, mixed> $item Row.
	 * @param string               $key  Column.
	 */
	private static function int_or_null( array $item, string $key ): ?int {
		return isset( $item[ $key ] ) && is_numeric( $item[ $key ] ) ? (int) $item[ $key ] : null;
	}
}
