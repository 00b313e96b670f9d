<?php
/**
 * The schedules section of Tools → Sync activity.
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
 * The schedules themselves are a Schedules_List_Table.
 */
final class Activity_Schedules {

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
			<?php
			( new Schedules_List_Table( $schedules ) )->display();
			?>
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
	 * "movie" from "changes.movie.last_success".
	 *
	 * @param string $key State key.
	 */
	private function changes_label( string $key ): string {
		$parts = explode( '.', $key );
		return $parts[1] ?? $key;
	}
}
