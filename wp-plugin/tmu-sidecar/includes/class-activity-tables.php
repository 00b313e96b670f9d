<?php
/**
 * The jobs and log tables of Tools → Sync activity.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Renders filtered, paginated jobs and log entries; everything printed is escaped.
 */
final class Activity_Tables {

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
	 * @param Jobs_Repository       $jobs  Job row normalizer.
	 * @param Lists_Repository|null $lists Curated lists.
	 */
	public function __construct( Jobs_Repository $jobs, ?Lists_Repository $lists = null ) {
		$this->jobs  = $jobs;
		$this->lists = $lists;
	}

	/**
	 * The jobs view.
	 *
	 * @param array<string, mixed>                                    $filters Filters.
	 * @param array{rows: array<int, array<string, mixed>>, total: int} $result  One page of jobs.
	 * @param string[]                                                $types   Job types for the filter.
	 */
	public function render_jobs( array $filters, array $result, array $types ): void {
		?>
		<form method="get" class="tmu-activity-filters" id="tmu-activity-filters">
			<input type="hidden" name="page" value="<?php echo esc_attr( Activity_Page::PAGE ); ?>" />
			<input type="hidden" name="view" value="jobs" />
			<?php
			$this->render_select( 'status', __( 'Status', 'tmu-sidecar' ), Jobs_Repository::STATUSES, $filters['status'] );
			$this->render_select( 'type', __( 'Type', 'tmu-sidecar' ), $types, $filters['type'] );
			$this->render_date_range( $filters );
			?>
		</form>
		<?php $this->render_total( $result['total'] ); ?>
		<table class="wp-list-table widefat fixed striped tmu-activity-table" id="tmu-activity-jobs">
			<thead>
				<tr>
					<th scope="col" class="column-id"><?php esc_html_e( 'Job', 'tmu-sidecar' ); ?></th>
					<th scope="col"><?php esc_html_e( 'Type', 'tmu-sidecar' ); ?></th>
					<th scope="col"><?php esc_html_e( 'Status', 'tmu-sidecar' ); ?></th>
					<th scope="col"><?php esc_html_e( 'Target', 'tmu-sidecar' ); ?></th>
					<th scope="col"><?php esc_html_e( 'Progress', 'tmu-sidecar' ); ?></th>
					<th scope="col"><?php esc_html_e( 'Created', 'tmu-sidecar' ); ?></th>
					<th scope="col"><?php esc_html_e( 'Finished', 'tmu-sidecar' ); ?></th>
					<th scope="col" class="column-duration"><?php esc_html_e( 'Duration', 'tmu-sidecar' ); ?></th>
					<th scope="col" class="column-message"><?php esc_html_e( 'Result', 'tmu-sidecar' ); ?></th>
					<th scope="col" class="column-actions"><?php esc_html_e( 'Actions', 'tmu-sidecar' ); ?></th>
				</tr>
			</thead>
			<tbody>
				<?php if ( array() === $result['rows'] ) : ?>
					<tr class="no-items"><td colspan="10"><?php esc_html_e( 'No jobs match.', 'tmu-sidecar' ); ?></td></tr>
				<?php endif; ?>
				<?php foreach ( $result['rows'] as $row ) : ?>
					<?php
					$job     = $this->jobs->to_response( $row );
					$message = null !== $job['error'] ? $job['error'] : (string) ( end( $job['log'] ) ? end( $job['log'] ) : '' );
					?>
					<tr data-job-id="<?php echo esc_attr( (string) $job['id'] ); ?>" data-status="<?php echo esc_attr( $job['status'] ); ?>" data-type="<?php echo esc_attr( $job['type'] ); ?>">
						<td class="column-id"><a href="<?php echo esc_url( self::url( array( 'view' => 'log', 'job' => $job['id'] ) ) ); ?>" title="<?php esc_attr_e( 'Show this job\'s log entries', 'tmu-sidecar' ); ?>">#<?php echo esc_html( (string) $job['id'] ); ?></a></td>
						<td><?php echo esc_html( $job['type'] ); ?></td>
						<td><span class="<?php echo esc_attr( 'tmu-badge tmu-badge-' . $job['status'] ); ?>"><?php echo esc_html( $job['status'] ); ?></span><?php echo $job['attempts'] > 1 ? ' <span class="tmu-attempts">' . esc_html( sprintf( /* translators: %d: attempts. */ _n( '%d attempt', '%d attempts', $job['attempts'], 'tmu-sidecar' ), $job['attempts'] ) ) . '</span>' : ''; ?></td>
						<td>
							<?php
							if ( null !== $job['target']['tmdb_id'] || null !== $job['target']['post_id'] ) {
								$this->render_target( $job['target']['type'], $job['target']['tmdb_id'], $job['target']['post_id'] );
							} elseif ( '' !== $this->list_target( $row ) ) {
								echo esc_html( $this->list_target( $row ) );
							} else {
								echo esc_html( $this->scope( $row ) );
							}
							?>
						</td>
						<td class="tmu-job-progress"><?php echo esc_html( sprintf( /* translators: 1: synced, 2: failed, 3: total. */ __( '%1$d synced, %2$d failed of %3$d', 'tmu-sidecar' ), $job['progress']['done'], $job['progress']['failed'], $job['progress']['total'] ) ); ?></td>
						<td><?php self::print_time( $job['created_at'] ); ?></td>
						<td><?php self::print_time( $job['finished_at'] ); ?></td>
						<td class="column-duration"><?php echo esc_html( Activity_Actions::duration( $job['started_at'], $job['finished_at'] ) ); ?></td>
						<td class="column-message<?php echo null !== $job['error'] ? ' tmu-is-error' : ''; ?>"><?php echo esc_html( $message ); ?></td>
						<td class="column-actions"><?php Activity_Actions::render_job_actions( $job ); ?></td>
					</tr>
				<?php endforeach; ?>
			</tbody>
		</table>
		<?php
		$this->render_pagination( $result['total'], $filters['paged'] );
	}

	/**
	 * The sync log view.
	 *
	 * @param array<string, mixed>                                    $filters Filters.
	 * @param array{rows: array<int, array<string, mixed>>, total: int} $result  One page of log entries.
	 * @param string[]                                                $actions Actions for the filter.
	 * @param string[]                                                $types   Types for the filter.
	 */
	public function render_log( array $filters, array $result, array $actions, array $types ): void {
		?>
		<form method="get" class="tmu-activity-filters" id="tmu-activity-filters">
			<input type="hidden" name="page" value="<?php echo esc_attr( Activity_Page::PAGE ); ?>" />
			<input type="hidden" name="view" value="log" />
			<?php
			$this->render_select( 'log_action', __( 'Action', 'tmu-sidecar' ), $actions, $filters['action'] );
			$this->render_select( 'type', __( 'Type', 'tmu-sidecar' ), $types, $filters['type'] );
			?>
			<label for="tmu-activity-job"><?php esc_html_e( 'Job', 'tmu-sidecar' ); ?></label>
			<input type="number" min="1" class="small-text" id="tmu-activity-job" name="job" value="<?php echo $filters['job_id'] > 0 ? esc_attr( (string) $filters['job_id'] ) : ''; ?>" />
			<?php $this->render_date_range( $filters ); ?>
		</form>
		<?php $this->render_total( $result['total'] ); ?>
		<table class="wp-list-table widefat fixed striped tmu-activity-table" id="tmu-activity-log">
			<thead>
				<tr>
					<th scope="col"><?php esc_html_e( 'When', 'tmu-sidecar' ); ?></th>
					<th scope="col" class="column-id"><?php esc_html_e( 'Job', 'tmu-sidecar' ); ?></th>
					<th scope="col"><?php esc_html_e( 'Action', 'tmu-sidecar' ); ?></th>
					<th scope="col"><?php esc_html_e( 'What', 'tmu-sidecar' ); ?></th>
					<th scope="col" class="column-message"><?php esc_html_e( 'Message', 'tmu-sidecar' ); ?></th>
				</tr>
			</thead>
			<tbody>
				<?php if ( array() === $result['rows'] ) : ?>
					<tr class="no-items"><td colspan="5"><?php esc_html_e( 'No log entries match.', 'tmu-sidecar' ); ?></td></tr>
				<?php endif; ?>
				<?php foreach ( $result['rows'] as $row ) : ?>
					<?php
					$action  = (string) ( $row['action'] ?? '' );
					$job_id  = isset( $row['job_id'] ) && is_numeric( $row['job_id'] ) ? (int) $row['job_id'] : null;
					$tmdb_id = isset( $row['tmdb_id'] ) && is_numeric( $row['tmdb_id'] ) ? (int) $row['tmdb_id'] : null;
					$post_id = isset( $row['post_id'] ) && is_numeric( $row['post_id'] ) ? (int) $row['post_id'] : null;
					?>
					<tr data-log-id="<?php echo esc_attr( (string) $row['id'] ); ?>" data-action="<?php echo esc_attr( $action ); ?>" data-type="<?php echo esc_attr( (string) ( $row['type'] ?? '' ) ); ?>" data-job-id="<?php echo esc_attr( null !== $job_id ? (string) $job_id : '' ); ?>">
						<td><?php self::print_time( self::iso( $row['at'] ?? null ) ); ?></td>
						<td class="column-id">
							<?php if ( null !== $job_id ) : ?>
								<a href="<?php echo esc_url( self::url( array( 'view' => 'log', 'job' => $job_id ) ) ); ?>">#<?php echo esc_html( (string) $job_id ); ?></a>
							<?php else : ?>
								&ndash;
							<?php endif; ?>
						</td>
						<td><span class="<?php echo esc_attr( 'tmu-badge tmu-badge-' . sanitize_html_class( $action ) ); ?>"><?php echo esc_html( $action ); ?></span></td>
						<td><?php $this->render_target( (string) ( $row['type'] ?? '' ), $tmdb_id, $post_id ); ?></td>
						<td class="column-message<?php echo 'failed' === $action ? ' tmu-is-error' : ''; ?>"><?php echo esc_html( (string) ( $row['message'] ?? '' ) ); ?></td>
					</tr>
				<?php endforeach; ?>
			</tbody>
		</table>
		<?php
		$this->render_pagination( $result['total'], $filters['paged'] );
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

	/**
	 * A filter drop-down; the current value stays selectable even when no row has it any more.
	 *
	 * @param string   $name    Query parameter.
	 * @param string   $label   Label.
	 * @param string[] $values  Choices.
	 * @param string   $current Selected value.
	 */
	private function render_select( string $name, string $label, array $values, string $current ): void {
		if ( '' !== $current && ! in_array( $current, $values, true ) ) {
			$values[] = $current;
		}
		$id = 'tmu-activity-' . str_replace( '_', '-', $name );
		echo '<label for="' . esc_attr( $id ) . '">' . esc_html( $label ) . '</label> ';
		echo '<select id="' . esc_attr( $id ) . '" name="' . esc_attr( $name ) . '">';
		echo '<option value="">' . esc_html__( 'All', 'tmu-sidecar' ) . '</option>';
		foreach ( $values as $value ) {
			echo '<option value="' . esc_attr( $value ) . '"' . selected( $current, $value, false ) . '>' . esc_html( $value ) . '</option>';
		}
		echo '</select> ';
	}

	/**
	 * From/to date inputs, the Filter button and a reset link.
	 *
	 * @param array<string, mixed> $filters Filters.
	 */
	private function render_date_range( array $filters ): void {
		?>
		<label for="tmu-activity-from"><?php esc_html_e( 'From', 'tmu-sidecar' ); ?></label>
		<input type="date" id="tmu-activity-from" name="from" value="<?php echo esc_attr( $filters['from'] ); ?>" />
		<label for="tmu-activity-to"><?php esc_html_e( 'To', 'tmu-sidecar' ); ?></label>
		<input type="date" id="tmu-activity-to" name="to" value="<?php echo esc_attr( $filters['to'] ); ?>" />
		<?php submit_button( __( 'Filter', 'tmu-sidecar' ), 'secondary', '', false, array( 'id' => 'tmu-activity-filter' ) ); ?>
		<a href="<?php echo esc_url( self::url( array( 'view' => $filters['view'] ) ) ); ?>" class="tmu-activity-reset"><?php esc_html_e( 'Reset', 'tmu-sidecar' ); ?></a>
		<?php
	}

	/**
	 * "N items".
	 *
	 * @param int $total Rows matching the filters.
	 */
	private function render_total( int $total ): void {
		/* translators: %s: number of rows. */
		echo '<p class="tmu-activity-total" id="tmu-activity-total" data-total="' . esc_attr( (string) $total ) . '">' . esc_html( sprintf( _n( '%s item', '%s items', $total, 'tmu-sidecar' ), number_format_i18n( $total ) ) ) . '</p>';
	}

	/**
	 * Page links, keeping the filters.
	 *
	 * @param int $total Rows matching the filters.
	 * @param int $paged Current page.
	 */
	private function render_pagination( int $total, int $paged ): void {
		$pages = (int) ceil( $total / Activity_Page::PER_PAGE );
		if ( $pages < 2 ) {
			return;
		}
		$links = paginate_links(
			array(
				'base'    => add_query_arg( 'paged', '%#%' ),
				'format'  => '',
				'current' => min( $paged, $pages ),
				'total'   => $pages,
			)
		);
		if ( is_string( $links ) ) {
			echo '<div class="tablenav bottom"><div class="tablenav-pages tmu-activity-pages">' . wp_kses_post( $links ) . '</div></div>';
		}
	}

	/**
	 * "movie 550 → post title" with an edit link when the post exists.
	 *
	 * @param string|null $type    Content type.
	 * @param int|null    $tmdb_id TMDb id.
	 * @param int|null    $post_id Post id.
	 */
	private function render_target( ?string $type, ?int $tmdb_id, ?int $post_id ): void {
		$parts = array_filter( array( (string) $type, null !== $tmdb_id ? (string) $tmdb_id : '' ), 'strlen' );
		echo esc_html( implode( ' ', $parts ) );
		if ( null === $post_id ) {
			return;
		}
		$post = get_post( $post_id );
		$link = $post ? get_edit_post_link( $post, 'raw' ) : null;
		echo array() !== $parts ? ' &rarr; ' : '';
		if ( $post && is_string( $link ) && '' !== $link ) {
			echo '<a href="' . esc_url( $link ) . '">' . esc_html( '' !== $post->post_title ? $post->post_title : sprintf( /* translators: %d: post id. */ __( 'post %d', 'tmu-sidecar' ), $post_id ) ) . '</a>';
		} else {
			/* translators: %d: post id. */
			echo esc_html( sprintf( __( 'post %d', 'tmu-sidecar' ), $post_id ) );
		}
	}

	/**
	 * A <time> in the site's format with "x ago" as its title (also used by the schedules table).
	 *
	 * @param string|null $iso ISO 8601 time, or null for a dash.
	 */
	public static function print_time( ?string $iso ): void {
		$timestamp = null !== $iso ? strtotime( $iso ) : false;
		if ( false === $timestamp ) {
			echo '&ndash;';
			return;
		}
		$diff = $timestamp <= time()
			/* translators: %s: time span, e.g. "5 mins". */
			? sprintf( __( '%s ago', 'tmu-sidecar' ), human_time_diff( $timestamp ) )
			/* translators: %s: time span, e.g. "5 mins". */
			: sprintf( __( 'in %s', 'tmu-sidecar' ), human_time_diff( $timestamp ) );
		printf(
			'<time datetime="%1$s" title="%2$s">%3$s</time>',
			esc_attr( gmdate( 'c', $timestamp ) ),
			esc_attr( $diff ),
			esc_html( wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $timestamp ) )
		);
	}

	/**
	 * ISO 8601 (UTC) for a DATETIME column stored in UTC, or a Unix time in (milli)seconds.
	 *
	 * @param mixed $value Column value.
	 */
	public static function iso( $value ): ?string {
		if ( null === $value || '' === $value || ( is_string( $value ) && str_starts_with( $value, '0000-00-00' ) ) ) {
			return null;
		}
		if ( is_numeric( $value ) ) {
			$seconds = (float) $value;
			return gmdate( 'c', (int) ( $seconds > 100000000000 ? $seconds / 1000 : $seconds ) );
		}
		try {
			return ( new \DateTimeImmutable( (string) $value, new \DateTimeZone( 'UTC' ) ) )->format( 'c' );
		} catch ( \Exception $e ) {
			return null;
		}
	}

	/**
	 * This page's URL with query arguments.
	 *
	 * @param array<string, scalar> $args Query arguments.
	 */
	public static function url( array $args ): string {
		return add_query_arg( array_merge( array( 'page' => Activity_Page::PAGE ), $args ), admin_url( 'tools.php' ) );
	}
}
