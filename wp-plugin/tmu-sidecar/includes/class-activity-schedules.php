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
 * Shows what the sidecar records in tmu_sync_state: `schedule.<name>` (a JSON object per
 * schedule: cron, last_run, result, done/failed/total, finished_at, next_run, message, ...)
 * and `changes.<kind>.last_success` (how far the daily run has read TMDb's changes lists).
 * Field names are read generically, so a field the sidecar adds later does not break the page.
 */
final class Activity_Schedules {

	/** Alternative field names, first match wins. */
	private const FIELDS = array(
		'last_run'    => array( 'last_run', 'last_run_at', 'started_at', 'last_started_at' ),
		'finished_at' => array( 'finished_at', 'last_finished_at' ),
		'next_run'    => array( 'next_run', 'next_run_at' ),
		'result'      => array( 'result', 'status', 'last_result', 'last_status' ),
		'message'     => array( 'message', 'error', 'last_message' ),
	);

	/**
	 * Renders the section.
	 *
	 * @param array<int, array{key:string, value:mixed, updated_at:?string}> $rows State rows (schedule.* and changes.*).
	 */
	public function render( array $rows ): void {
		$schedules = array();
		$changes   = array();
		foreach ( $rows as $row ) {
			if ( str_starts_with( $row['key'], 'schedule.' ) ) {
				$schedules[] = $row;
			} elseif ( 1 === preg_match( '/^changes\.[a-z_]+\.last_success$/', $row['key'] ) ) {
				$changes[] = $row;
			}
		}
		?>
		<h2><?php esc_html_e( 'Schedules', 'tmu-sidecar' ); ?></h2>
		<?php if ( array() === $schedules ) : ?>
			<p id="tmu-activity-no-schedules"><?php esc_html_e( 'No scheduled run recorded yet: the sidecar records its daily and weekly schedules when "tmu-sidecar serve" starts.', 'tmu-sidecar' ); ?></p>
		<?php else : ?>
			<table class="wp-list-table widefat fixed striped tmu-activity-table" id="tmu-activity-schedules">
				<thead>
					<tr>
						<th scope="col"><?php esc_html_e( 'Schedule', 'tmu-sidecar' ); ?></th>
						<th scope="col"><?php esc_html_e( 'Last run', 'tmu-sidecar' ); ?></th>
						<th scope="col"><?php esc_html_e( 'Result', 'tmu-sidecar' ); ?></th>
						<th scope="col"><?php esc_html_e( 'Counts', 'tmu-sidecar' ); ?></th>
						<th scope="col"><?php esc_html_e( 'Next run', 'tmu-sidecar' ); ?></th>
						<th scope="col" class="column-message"><?php esc_html_e( 'Message', 'tmu-sidecar' ); ?></th>
					</tr>
				</thead>
				<tbody>
					<?php
					foreach ( $schedules as $row ) {
						$this->render_schedule( substr( $row['key'], strlen( 'schedule.' ) ), is_array( $row['value'] ) ? $row['value'] : array( 'message' => (string) $row['value'] ) );
					}
					?>
				</tbody>
			</table>
		<?php endif; ?>
		<?php if ( array() !== $changes ) : ?>
			<p class="tmu-activity-changes" id="tmu-activity-changes">
				<?php esc_html_e( 'TMDb changes lists read up to:', 'tmu-sidecar' ); ?>
				<?php foreach ( $changes as $index => $row ) : ?>
					<?php echo 0 === $index ? '' : ' &middot; '; ?>
					<span data-key="<?php echo esc_attr( $row['key'] ); ?>"><?php echo esc_html( $this->changes_label( $row['key'] ) ); ?>
					<?php Activity_Tables::print_time( is_string( $row['value'] ) ? Activity_Tables::iso( $row['value'] ) : Activity_Tables::iso( $row['updated_at'] ) ); ?></span>
				<?php endforeach; ?>
			</p>
		<?php endif; ?>
		<?php
	}

	/**
	 * One schedule row.
	 *
	 * @param string               $name   Schedule name (daily, weekly, ...).
	 * @param array<string, mixed> $record Decoded state.
	 */
	private function render_schedule( string $name, array $record ): void {
		$result  = $this->field( $record, 'result' );
		$message = $this->field( $record, 'message' );
		$cron    = isset( $record['cron'] ) && is_scalar( $record['cron'] ) ? (string) $record['cron'] : '';
		$zone    = isset( $record['timezone'] ) && is_scalar( $record['timezone'] ) ? (string) $record['timezone'] : '';
		$job_id  = isset( $record['job_id'] ) && is_numeric( $record['job_id'] ) ? (int) $record['job_id'] : null;
		?>
		<tr data-schedule="<?php echo esc_attr( $name ); ?>" data-result="<?php echo esc_attr( (string) $result ); ?>">
			<td>
				<strong><?php echo esc_html( $this->label( $name ) ); ?></strong>
				<?php if ( '' !== $cron ) : ?>
					<br /><code><?php echo esc_html( trim( $cron . ' ' . $zone ) ); ?></code>
				<?php endif; ?>
				<?php
				if ( in_array( $name, array( 'daily', 'weekly' ), true ) ) {
					/* translators: %s: schedule label, e.g. "Weekly full sync". */
					$aria = sprintf( __( 'Run the %s now', 'tmu-sidecar' ), $this->label( $name ) );
					Activity_Actions::button( Activity_Actions::RUN, 'schedule', $name, __( 'Run now', 'tmu-sidecar' ), $aria );
				}
				?>
			</td>
			<td><?php Activity_Tables::print_time( Activity_Tables::iso( $this->field( $record, 'last_run' ) ) ); ?></td>
			<td>
				<?php if ( null !== $result && '' !== $result ) : ?>
					<span class="<?php echo esc_attr( 'tmu-badge tmu-badge-' . sanitize_html_class( (string) $result ) ); ?>"><?php echo esc_html( (string) $result ); ?></span>
				<?php else : ?>
					<?php esc_html_e( 'Never run', 'tmu-sidecar' ); ?>
				<?php endif; ?>
				<?php if ( null !== $job_id ) : ?>
					<a href="<?php echo esc_url( Activity_Tables::url( array( 'view' => 'log', 'job' => $job_id ) ) ); ?>">#<?php echo esc_html( (string) $job_id ); ?></a>
				<?php endif; ?>
				<?php if ( null !== $this->field( $record, 'finished_at' ) ) : ?>
					<br /><?php esc_html_e( 'finished', 'tmu-sidecar' ); ?> <?php Activity_Tables::print_time( Activity_Tables::iso( $this->field( $record, 'finished_at' ) ) ); ?>
				<?php endif; ?>
			</td>
			<td class="tmu-schedule-counts"><?php echo esc_html( $this->counts( $record ) ); ?></td>
			<td><?php Activity_Tables::print_time( Activity_Tables::iso( $this->field( $record, 'next_run' ) ) ); ?></td>
			<td class="column-message">
				<?php echo esc_html( (string) $message ); ?>
				<?php if ( isset( $record['last_skipped_at'] ) && is_string( $record['last_skipped_at'] ) ) : ?>
					<br /><span class="tmu-schedule-skipped">
						<?php esc_html_e( 'Last skipped', 'tmu-sidecar' ); ?> <?php Activity_Tables::print_time( Activity_Tables::iso( $record['last_skipped_at'] ) ); ?>
						<?php echo isset( $record['last_skipped_reason'] ) && is_scalar( $record['last_skipped_reason'] ) ? esc_html( ': ' . (string) $record['last_skipped_reason'] ) : ''; ?>
					</span>
				<?php endif; ?>
			</td>
		</tr>
		<?php
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

	/**
	 * "movie" from "changes.movie.last_success".
	 *
	 * @param string $key State key.
	 */
	private function changes_label( string $key ): string {
		$parts = explode( '.', $key );
		return $parts[1] ?? $key;
	}
}
