<?php
/**
 * The schedules table of Tools → Sync activity.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * One row per `schedule.<name>` state record: last run, result, counts, next run, message.
 * Field names are read generically, so a field the sidecar adds later does not break the page.
 */
final class Schedules_List_Table extends Admin_List_Table {

	/** Alternative field names, first match wins. */
	private const FIELDS = array(
		'last_run'    => array( 'last_run', 'last_run_at', 'started_at', 'last_started_at' ),
		'finished_at' => array( 'finished_at', 'last_finished_at' ),
		'next_run'    => array( 'next_run', 'next_run_at' ),
		'result'      => array( 'result', 'status', 'last_result', 'last_status' ),
		'message'     => array( 'message', 'error', 'last_message' ),
	);

	/**
	 * Constructor.
	 *
	 * @param array<int, array{key:string, value:mixed, updated_at:?string}> $rows schedule.* state rows.
	 */
	public function __construct( array $rows ) {
		$items = array();
		foreach ( $rows as $row ) {
			$items[] = array(
				'name'   => substr( $row['key'], strlen( 'schedule.' ) ),
				'record' => is_array( $row['value'] ) ? $row['value'] : array( 'message' => (string) $row['value'] ),
			);
		}
		parent::__construct( 'tmu-activity-schedules', $items, array( 'fixed', 'tmu-activity-table' ) );
	}

	/**
	 * Columns.
	 *
	 * @return array<string, string>
	 */
	public function get_columns() {
		return array(
			'schedule' => __( 'Schedule', 'tmu-sidecar' ),
			'last_run' => __( 'Last run', 'tmu-sidecar' ),
			'result'   => __( 'Result', 'tmu-sidecar' ),
			'counts'   => __( 'Counts', 'tmu-sidecar' ),
			'next_run' => __( 'Next run', 'tmu-sidecar' ),
			'message'  => __( 'Message', 'tmu-sidecar' ),
		);
	}

	/**
	 * Name and result, for the tests and scripts that find a row.
	 *
	 * @param array<string, mixed> $item {name, record}.
	 */
	protected function row_attributes( array $item ): string {
		return self::attributes(
			array(
				'data-schedule' => (string) $item['name'],
				'data-result'   => (string) $this->field( $item['record'], 'result' ),
			)
		);
	}

	/**
	 * One cell.
	 *
	 * @param array<string, mixed> $item        {name, record}.
	 * @param string               $column_name Column key.
	 */
	protected function cell( array $item, string $column_name ): void {
		$name   = (string) $item['name'];
		$record = (array) $item['record'];
		switch ( $column_name ) {
			case 'schedule':
				$this->schedule_cell( $name, $record );
				break;
			case 'last_run':
			case 'next_run':
				Activity_Tables::print_time( Activity_Tables::iso( $this->field( $record, $column_name ) ) );
				break;
			case 'result':
				$this->result_cell( $record );
				break;
			case 'counts':
				echo esc_html( $this->counts( $record ) );
				break;
			case 'message':
				$this->message_cell( $record );
				break;
		}
	}

	/**
	 * Label, cron expression and, for daily and weekly, the Run now button.
	 *
	 * @param string               $name   Schedule name (daily, weekly, ...).
	 * @param array<string, mixed> $record Decoded state.
	 */
	private function schedule_cell( string $name, array $record ): void {
		$cron = isset( $record['cron'] ) && is_scalar( $record['cron'] ) ? (string) $record['cron'] : '';
		$zone = isset( $record['timezone'] ) && is_scalar( $record['timezone'] ) ? (string) $record['timezone'] : '';
		echo '<strong>' . esc_html( $this->label( $name ) ) . '</strong>';
		if ( '' !== $cron ) {
			echo '<br /><code>' . esc_html( trim( $cron . ' ' . $zone ) ) . '</code>';
		}
		if ( in_array( $name, array( 'daily', 'weekly' ), true ) ) {
			/* translators: %s: schedule label, e.g. "Weekly full sync". */
			$aria = sprintf( __( 'Run the %s now', 'tmu-sidecar' ), $this->label( $name ) );
			Activity_Actions::button( Activity_Actions::RUN, 'schedule', $name, __( 'Run now', 'tmu-sidecar' ), $aria );
		}
	}

	/**
	 * The result badge (or "Never run"), the job link and when it finished.
	 *
	 * @param array<string, mixed> $record Decoded state.
	 */
	private function result_cell( array $record ): void {
		$result = $this->field( $record, 'result' );
		$job_id = isset( $record['job_id'] ) && is_numeric( $record['job_id'] ) ? (int) $record['job_id'] : null;
		if ( null !== $result && '' !== $result ) {
			echo '<span class="' . esc_attr( 'tmu-badge tmu-badge-' . sanitize_html_class( $result ) ) . '">' . esc_html( $result ) . '</span>';
		} else {
			esc_html_e( 'Never run', 'tmu-sidecar' );
		}
		if ( null !== $job_id ) {
			printf( ' <a href="%1$s">#%2$s</a>', esc_url( Activity_Tables::url( array( 'view' => 'log', 'job' => $job_id ) ) ), esc_html( (string) $job_id ) );
		}
		$finished = $this->field( $record, 'finished_at' );
		if ( null !== $finished ) {
			echo '<br />' . esc_html__( 'finished', 'tmu-sidecar' ) . ' ';
			Activity_Tables::print_time( Activity_Tables::iso( $finished ) );
		}
	}

	/**
	 * The message, and when and why the last run was skipped.
	 *
	 * @param array<string, mixed> $record Decoded state.
	 */
	private function message_cell( array $record ): void {
		echo esc_html( (string) $this->field( $record, 'message' ) );
		if ( ! isset( $record['last_skipped_at'] ) || ! is_string( $record['last_skipped_at'] ) ) {
			return;
		}
		echo '<br /><span class="tmu-schedule-skipped">' . esc_html__( 'Last skipped', 'tmu-sidecar' ) . ' ';
		Activity_Tables::print_time( Activity_Tables::iso( $record['last_skipped_at'] ) );
		echo isset( $record['last_skipped_reason'] ) && is_scalar( $record['last_skipped_reason'] ) ? esc_html( ': ' . (string) $record['last_skipped_reason'] ) : '';
		echo '</span>';
	}

	/**
	 * The first present alternative of a field, as a string.
	 *
	 * @param array<string, mixed> $record Decoded state.
	 * @param string               $field  Key of FIELDS.
	 */
	private function field( array $record, string $field ): ?string {
		foreach ( self::FIELDS[ $field ] as $key ) {
			if ( isset( $record[ $key ] ) && is_scalar( $record[ $key ] ) && '' !== (string) $record[ $key ] ) {
				return (string) $record[ $key ];
			}
		}
		return null;
	}

	/**
	 * "12 synced, 1 failed of 13", from done/failed/total or a counts object.
	 *
	 * @param array<string, mixed> $record Decoded state.
	 */
	private function counts( array $record ): string {
		$counts = isset( $record['counts'] ) && is_array( $record['counts'] ) ? $record['counts'] : $record;
		if ( isset( $counts['done'] ) || isset( $counts['total'] ) ) {
			return sprintf(
				/* translators: 1: synced, 2: failed, 3: total. */
				__( '%1$d synced, %2$d failed of %3$d', 'tmu-sidecar' ),
				(int) ( $counts['done'] ?? 0 ),
				(int) ( $counts['failed'] ?? 0 ),
				(int) ( $counts['total'] ?? 0 )
			);
		}
		if ( isset( $record['counts'] ) && is_array( $record['counts'] ) ) {
			$parts = array();
			foreach ( $record['counts'] as $key => $value ) {
				if ( is_scalar( $value ) ) {
					$parts[] = $key . ': ' . $value;
				}
			}
			return implode( ', ', $parts );
		}
		return '–';
	}

	/**
	 * A readable schedule name.
	 *
	 * @param string $name Schedule name.
	 */
	private function label( string $name ): string {
		if ( 'daily' === $name ) {
			return __( 'Daily incremental sync', 'tmu-sidecar' );
		}
		if ( 'weekly' === $name ) {
			return __( 'Weekly full sync', 'tmu-sidecar' );
		}
		return $name;
	}
}
