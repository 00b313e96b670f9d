<?php
/**
 * The jobs table of Tools → Sync activity.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * One row per job: id, type, status, target, progress, times, result and the Retry / Cancel buttons.
 */
final class Jobs_List_Table extends Admin_List_Table {

	/**
	 * Job row normalizer.
	 *
	 * @var Jobs_Repository
	 */
	private Jobs_Repository $jobs;

	/**
	 * Curated lists (names the list of list jobs).
	 *
	 * @var Lists_Repository|null
	 */
	private ?Lists_Repository $lists;

	/**
	 * Constructor.
	 *
	 * @param array<int, array<string, mixed>> $rows  Job rows of one page.
	 * @param Jobs_Repository                  $jobs  Job row normalizer.
	 * @param Lists_Repository|null            $lists Curated lists.
	 */
	public function __construct( array $rows, Jobs_Repository $jobs, ?Lists_Repository $lists ) {
		$this->jobs  = $jobs;
		$this->lists = $lists;
		parent::__construct( 'tmu-activity-jobs', $rows, array( 'fixed', 'tmu-activity-table' ) );
	}

	/**
	 * Columns.
	 *
	 * @return array<string, string>
	 */
	public function get_columns() {
		return array(
			'id'       => __( 'Job', 'tmu-sidecar' ),
			'type'     => __( 'Type', 'tmu-sidecar' ),
			'status'   => __( 'Status', 'tmu-sidecar' ),
			'target'   => __( 'Target', 'tmu-sidecar' ),
			'progress' => __( 'Progress', 'tmu-sidecar' ),
			'created'  => __( 'Created', 'tmu-sidecar' ),
			'finished' => __( 'Finished', 'tmu-sidecar' ),
			'duration' => __( 'Duration', 'tmu-sidecar' ),
			'message'  => __( 'Result', 'tmu-sidecar' ),
			'actions'  => __( 'Actions', 'tmu-sidecar' ),
		);
	}

	/**
	 * The empty table.
	 */
	public function no_items() {
		esc_html_e( 'No jobs match.', 'tmu-sidecar' );
	}

	/**
	 * Id, status and type, for the tests and scripts that find a row.
	 *
	 * @param array<string, mixed> $item Job row.
	 */
	protected function row_attributes( array $item ): string {
		$job = $this->jobs->to_response( $item );
		return self::attributes(
			array(
				'data-job-id' => (string) $job['id'],
				'data-status' => (string) $job['status'],
				'data-type'   => (string) $job['type'],
			)
		);
	}

	/**
	 * One cell.
	 *
	 * @param array<string, mixed> $item        Job row.
	 * @param string               $column_name Column key.
	 */
	protected function cell( array $item, string $column_name ): void {
		$job = $this->jobs->to_response( $item );
		switch ( $column_name ) {
			case 'id':
				printf(
					'<a href="%1$s" title="%2$s">#%3$s</a>',
					esc_url( Activity_Tables::url( array( 'view' => 'log', 'job' => $job['id'] ) ) ),
					esc_attr__( 'Show this job\'s log entries', 'tmu-sidecar' ),
					esc_html( (string) $job['id'] )
				);
				break;
			case 'type':
				echo esc_html( Job_Labels::type( (string) $job['type'] ) );
				break;
			case 'status':
				$this->status_cell( $job );
				break;
			case 'target':
				$this->target_cell( $item, $job );
				break;
			case 'progress':
				/* translators: 1: synced, 2: failed, 3: total. */
				echo esc_html( sprintf( __( '%1$d synced, %2$d failed of %3$d', 'tmu-sidecar' ), $job['progress']['done'], $job['progress']['failed'], $job['progress']['total'] ) );
				break;
			case 'created':
			case 'finished':
				Activity_Tables::print_time( $job[ $column_name . '_at' ] );
				break;
			case 'duration':
				echo esc_html( Activity_Actions::duration( $job['started_at'], $job['finished_at'] ) );
				break;
			case 'message':
				$this->message_cell( $job );
				break;
			case 'actions':
				Activity_Actions::render_job_actions( $job );
				break;
		}
	}

	/**
	 * The status badge, and the attempts when there was more than one.
	 *
	 * @param array<string, mixed> $job Job.
	 */
	private function status_cell( array $job ): void {
		echo '<span class="' . esc_attr( 'tmu-badge tmu-badge-' . $job['status'] ) . '">' . esc_html( $job['status'] ) . '</span>';
		if ( $job['attempts'] > 1 ) {
			/* translators: %d: attempts. */
			echo ' <span class="tmu-attempts">' . esc_html( sprintf( _n( '%d attempt', '%d attempts', $job['attempts'], 'tmu-sidecar' ), $job['attempts'] ) ) . '</span>';
		}
	}

	/**
	 * What the job is about: a title, a curated list or keyword, or the scope of a many-item job.
	 *
	 * @param array<string, mixed> $row Job row.
	 * @param array<string, mixed> $job Job.
	 */
	private function target_cell( array $row, array $job ): void {
		if ( null !== $job['target']['tmdb_id'] || null !== $job['target']['post_id'] ) {
			Activity_Tables::render_target( $job['target']['type'], $job['target']['tmdb_id'], $job['target']['post_id'] );
			return;
		}
		$list = $this->list_target( $row );
		echo esc_html( '' !== $list ? $list : $this->scope( $row ) );
	}

	/**
	 * The error, or else the last log line; an error is shown as one.
	 *
	 * @param array<string, mixed> $job Job.
	 */
	private function message_cell( array $job ): void {
		if ( null !== $job['error'] ) {
			echo '<span class="tmu-is-error">' . esc_html( $job['error'] ) . '</span>';
			return;
		}
		$last = end( $job['log'] );
		echo esc_html( (string) ( $last ? $last : '' ) );
	}

	/**
	 * The curated list a list job is about: "list “Time travel spotlight” (time-travel-spotlight-3)".
	 *
	 * @param array<string, mixed> $row Job row.
	 */
	private function list_target( array $row ): string {
		$payload = isset( $row['payload'] ) && is_string( $row['payload'] ) ? json_decode( $row['payload'], true ) : null;
		if ( ! is_array( $payload ) || ! isset( $payload['list_id'] ) || ! is_numeric( $payload['list_id'] ) ) {
			return is_array( $payload ) && isset( $payload['keyword'] ) && is_scalar( $payload['keyword'] )
				/* translators: %s: TMDb keyword. */
				? sprintf( __( 'keyword “%s”', 'tmu-sidecar' ), (string) $payload['keyword'] )
				: '';
		}
		$list = null !== $this->lists ? $this->lists->find( (int) $payload['list_id'] ) : null;
		if ( null === $list ) {
			/* translators: %d: list id. */
			return sprintf( __( 'list %d', 'tmu-sidecar' ), (int) $payload['list_id'] );
		}
		/* translators: 1: list title, 2: list slug. */
		return sprintf( __( 'list “%1$s” (%2$s)', 'tmu-sidecar' ), (string) $list['title'], (string) $list['slug'] );
	}

	/**
	 * What a many-item job covers, from its payload: "movie, tv", "schedule daily", "since 2024-05-01".
	 *
	 * @param array<string, mixed> $row Job row.
	 */
	private function scope( array $row ): string {
		$payload = isset( $row['payload'] ) && is_string( $row['payload'] ) ? json_decode( $row['payload'], true ) : null;
		if ( ! is_array( $payload ) ) {
			return '';
		}
		$parts = array();
		if ( isset( $payload['types'] ) && is_array( $payload['types'] ) ) {
			$parts[] = implode( ', ', array_map( 'strval', array_filter( $payload['types'], 'is_scalar' ) ) );
		}
		if ( isset( $payload['schedule'] ) && is_scalar( $payload['schedule'] ) ) {
			/* translators: %s: schedule name. */
			$parts[] = sprintf( __( 'schedule %s', 'tmu-sidecar' ), (string) $payload['schedule'] );
		}
		if ( isset( $payload['since'] ) && is_scalar( $payload['since'] ) ) {
			/* translators: %s: date. */
			$parts[] = sprintf( __( 'since %s', 'tmu-sidecar' ), (string) $payload['since'] );
		}
		if ( isset( $payload['limit'] ) && is_numeric( $payload['limit'] ) ) {
			/* translators: %d: item limit. */
			$parts[] = sprintf( __( 'at most %d', 'tmu-sidecar' ), (int) $payload['limit'] );
		}
		return implode( ' · ', $parts );
	}
}
