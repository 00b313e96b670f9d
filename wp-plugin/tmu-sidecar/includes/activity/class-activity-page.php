<?php
/**
 * Tools → Sync activity: jobs, the sync log and the schedules.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * A read-only admin screen over the sidecar's tables. Filters are plain GET parameters
 * (sanitized and whitelisted); nothing here changes state, so there is no nonce.
 */
final class Activity_Page {

	public const PAGE = 'tmu-sync-activity';

	public const PER_PAGE = 20;

	/**
	 * Sidecar tables reader.
	 *
	 * @var Activity_Repository
	 */
	private Activity_Repository $activity;

	/**
	 * Jobs and log tables.
	 *
	 * @var Activity_Tables
	 */
	private Activity_Tables $tables;

	/**
	 * Renders schedule state.
	 *
	 * @var Activity_Schedules
	 */
	private Activity_Schedules $schedules;

	/**
	 * Constructor.
	 *
	 * @param Activity_Repository $activity  Sidecar tables reader.
	 * @param Activity_Tables     $tables    Jobs and log tables.
	 * @param Activity_Schedules  $schedules Schedule state view.
	 */
	public function __construct( Activity_Repository $activity, Activity_Tables $tables, Activity_Schedules $schedules ) {
		$this->activity  = $activity;
		$this->tables    = $tables;
		$this->schedules = $schedules;
	}

	/**
	 * Adds Tools → Sync activity (admin_menu).
	 */
	public function add_page(): void {
		add_management_page(
			__( 'Sync activity', 'tmu-sidecar' ),
			__( 'Sync activity', 'tmu-sidecar' ),
			'manage_options',
			self::PAGE,
			array( $this, 'render_page' )
		);
	}

	/**
	 * The page's style (admin_enqueue_scripts).
	 *
	 * @param string $hook_suffix Current admin page.
	 */
	public function enqueue_assets( $hook_suffix ): void {
		if ( get_plugin_page_hookname( self::PAGE, 'tools.php' ) === $hook_suffix ) {
			wp_enqueue_style( 'tmu-sidecar-admin', plugins_url( 'assets/css/admin.css', PLUGIN_FILE ), array(), VERSION );
		}
	}

	/**
	 * The page (tools.php?page=tmu-sync-activity).
	 */
	public function render_page(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to see the sync activity.', 'tmu-sidecar' ), 403 );
		}
		$filters = $this->filters();
		$missing = $this->activity->missing_tables();
		?>
		<div class="wrap tmu-activity">
			<h1><?php echo esc_html( get_admin_page_title() ); ?></h1>
			<?php Activity_Actions::render_notice(); ?>
			<?php if ( array() !== $missing ) : ?>
				<div class="notice notice-warning inline" id="tmu-activity-missing-tables">
					<p>
						<?php
						echo esc_html(
							sprintf(
								/* translators: %s: comma-separated table names. */
								__( 'The sidecar has not run its migrations against this database yet: %s missing. Start the sidecar once (or run "tmu-sidecar migrate") with DATABASE_URL pointing to this database and TABLE_PREFIX set to this site\'s prefix.', 'tmu-sidecar' ),
								implode( ', ', $missing )
							)
						);
						?>
					</p>
				</div>
			<?php endif; ?>

			<?php
			if ( ! in_array( $this->activity->table( Activity_Repository::STATE ), $missing, true ) ) {
				$this->schedules->render( $this->activity->schedule_state() );
			}
			?>

			<nav class="nav-tab-wrapper" aria-label="<?php esc_attr_e( 'Sync activity views', 'tmu-sidecar' ); ?>">
				<?php foreach ( array( 'jobs' => __( 'Jobs', 'tmu-sidecar' ), 'log' => __( 'Sync log', 'tmu-sidecar' ) ) as $view => $label ) : ?>
					<a href="<?php echo esc_url( Activity_Tables::url( array( 'view' => $view ) ) ); ?>" class="nav-tab<?php echo $view === $filters['view'] ? ' nav-tab-active' : ''; ?>" id="<?php echo esc_attr( 'tmu-activity-tab-' . $view ); ?>"><?php echo esc_html( $label ); ?></a>
				<?php endforeach; ?>
			</nav>
			<?php
			$table = 'log' === $filters['view'] ? Activity_Repository::LOG : Activity_Repository::JOBS;
			if ( ! in_array( $this->activity->table( $table ), $missing, true ) ) {
				if ( 'log' === $filters['view'] ) {
					$this->render_log( $filters );
				} else {
					$this->render_jobs( $filters );
				}
			}
			?>
		</div>
		<?php
	}

	/**
	 * Sanitized filters from the query string.
	 *
	 * @return array{view:string, status:string, type:string, action:string, job_id:int, from:string, to:string, paged:int}
	 */
	private function filters(): array {
		$get = static function ( string $key ): string {
			// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- read-only filters of a list screen.
			return isset( $_GET[ $key ] ) && is_string( $_GET[ $key ] ) ? sanitize_text_field( wp_unslash( $_GET[ $key ] ) ) : '';
		};
		$token  = static function ( string $value ): string {
			return 1 === preg_match( '/^[a-z0-9:_.-]{1,64}$/', $value ) ? $value : '';
		};
		$status = $get( 'status' );
		return array(
			'view'   => 'log' === $get( 'view' ) ? 'log' : 'jobs',
			'status' => in_array( $status, Jobs_Repository::STATUSES, true ) ? $status : '',
			'type'   => $token( $get( 'type' ) ),
			'action' => $token( $get( 'log_action' ) ),
			'job_id' => max( 0, absint( $get( 'job' ) ) ),
			'from'   => $this->date( $get( 'from' ) ),
			'to'     => $this->date( $get( 'to' ) ),
			'paged'  => max( 1, absint( $get( 'paged' ) ) ),
		);
	}

	/**
	 * A Y-m-d date, or ''.
	 *
	 * @param string $value Raw value.
	 */
	private function date( string $value ): string {
		if ( 1 !== preg_match( '/^(\d{4})-(\d{2})-(\d{2})$/', $value, $m ) || ! checkdate( (int) $m[2], (int) $m[3], (int) $m[1] ) ) {
			return '';
		}
		return $value;
	}

	/**
	 * The date range as UTC bounds for the DATETIME columns: [from 00:00, day after "to" 00:00) in the site's time zone.
	 *
	 * @param array<string, mixed> $filters Filters.
	 * @return array{from?:string, to?:string}
	 */
	private function utc_range( array $filters ): array {
		$range = array();
		$utc   = new \DateTimeZone( 'UTC' );
		if ( '' !== $filters['from'] ) {
			$range['from'] = ( new \DateTimeImmutable( $filters['from'] . ' 00:00:00', wp_timezone() ) )->setTimezone( $utc )->format( 'Y-m-d H:i:s' );
		}
		if ( '' !== $filters['to'] ) {
			$range['to'] = ( new \DateTimeImmutable( $filters['to'] . ' 00:00:00', wp_timezone() ) )->modify( '+1 day' )->setTimezone( $utc )->format( 'Y-m-d H:i:s' );
		}
		return $range;
	}

	/**
	 * Reads and renders the jobs view.
	 *
	 * @param array<string, mixed> $filters Filters.
	 */
	private function render_jobs( array $filters ): void {
		$result = $this->activity->jobs(
			array_merge(
				array(
					'status' => $filters['status'],
					'type'   => $filters['type'],
				),
				$this->utc_range( $filters )
			),
			$filters['paged'],
			self::PER_PAGE
		);
		$this->tables->render_jobs( $filters, $result, $this->activity->distinct( Activity_Repository::JOBS, 'type' ) );
	}

	/**
	 * Reads and renders the sync log view.
	 *
	 * @param array<string, mixed> $filters Filters.
	 */
	private function render_log( array $filters ): void {
		$result = $this->activity->log(
			array_merge(
				array(
					'action' => $filters['action'],
					'type'   => $filters['type'],
					'job_id' => $filters['job_id'],
				),
				$this->utc_range( $filters )
			),
			$filters['paged'],
			self::PER_PAGE
		);
		$this->tables->render_log(
			$filters,
			$result,
			$this->activity->distinct( Activity_Repository::LOG, 'action' ),
			$this->activity->distinct( Activity_Repository::LOG, 'type' )
		);
	}
}
