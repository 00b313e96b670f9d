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
 * The filters, totals and page links around the jobs and log tables (Jobs_List_Table, Log_List_Table),
 * and the cell helpers they share; everything printed is escaped.
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
		<?php
		$this->render_total( $result['total'] );
		( new Jobs_List_Table( $result['rows'], $this->jobs, $this->lists ) )->display();
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
		<?php
		$this->render_total( $result['total'] );
		( new Log_List_Table( $result['rows'] ) )->display();
		$this->render_pagination( $result['total'], $filters['paged'] );
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
			$label = 'type' === $name ? Job_Labels::type( (string) $value ) : $value;
			echo '<option value="' . esc_attr( $value ) . '"' . selected( $current, $value, false ) . '>' . esc_html( $label ) . '</option>';
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
	 * "movie 550 → post title" with an edit link when the post exists (jobs and log tables).
	 *
	 * @param string|null $type    Content type.
	 * @param int|null    $tmdb_id TMDb id.
	 * @param int|null    $post_id Post id.
	 */
	public static function render_target( ?string $type, ?int $tmdb_id, ?int $post_id ): void {
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
