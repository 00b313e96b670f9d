<?php
/**
 * Tools → Sync activity: Retry, Cancel and Run now.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_Error;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Small POST forms (capability, then nonce) that ask the sidecar and come back with a notice.
 */
final class Activity_Actions {

	public const RETRY  = 'tmu_job_retry';
	public const CANCEL = 'tmu_job_cancel';
	public const RUN    = 'tmu_schedule_run';

	/** User transient holding the outcome for the next page view. */
	private const NOTICE = 'tmu_activity_notice_';

	/**
	 * Sidecar client.
	 *
	 * @var Sidecar_Client
	 */
	private Sidecar_Client $client;

	/**
	 * Jobs table reader.
	 *
	 * @var Jobs_Repository
	 */
	private Jobs_Repository $jobs;

	/**
	 * Constructor.
	 *
	 * @param Sidecar_Client  $client Sidecar client.
	 * @param Jobs_Repository $jobs   Jobs table reader.
	 */
	public function __construct( Sidecar_Client $client, Jobs_Repository $jobs ) {
		$this->client = $client;
		$this->jobs   = $jobs;
	}

	/**
	 * One action button in its own form.
	 *
	 * @param string $action Action (RETRY, CANCEL or RUN).
	 * @param string $field  Field name (job_id or schedule).
	 * @param string $value  Field value.
	 * @param string $label  Button text.
	 * @param string $aria   Accessible name naming the target.
	 */
	public static function button( string $action, string $field, string $value, string $label, string $aria ): void {
		printf( '<form method="post" action="%s" class="tmu-activity-action">', esc_url( admin_url( 'admin-post.php' ) ) );
		printf( '<input type="hidden" name="action" value="%1$s" /><input type="hidden" name="%2$s" value="%3$s" />', esc_attr( $action ), esc_attr( $field ), esc_attr( $value ) );
		wp_nonce_field( $action );
		printf( '<button type="submit" class="button button-small" data-action="%1$s" aria-label="%2$s">%3$s</button></form>', esc_attr( $action ), esc_attr( $aria ), esc_html( $label ) );
	}

	/**
	 * Retry on ended jobs that failed, Cancel on queued or running ones.
	 *
	 * @param array<string, mixed> $job Job.
	 */
	public static function render_job_actions( array $job ): void {
		/* translators: %d: job id. */
		$name = sprintf( __( 'job #%d', 'tmu-sidecar' ), (int) $job['id'] );
		if ( in_array( $job['status'], array( 'failed', 'partial', 'cancelled' ), true ) ) {
			/* translators: %s: "job #12". */
			$aria = sprintf( __( 'Retry %s', 'tmu-sidecar' ), $name );
			self::button( self::RETRY, 'job_id', (string) $job['id'], __( 'Retry', 'tmu-sidecar' ), $aria );
		} elseif ( in_array( $job['status'], array( 'queued', 'running' ), true ) ) {
			/* translators: %s: "job #12". */
			$aria = sprintf( __( 'Cancel %s', 'tmu-sidecar' ), $name );
			self::button( self::CANCEL, 'job_id', (string) $job['id'], __( 'Cancel', 'tmu-sidecar' ), $aria );
		}
	}

	/**
	 * How long a job ran ("1 min 5 s"); running jobs count until now; '—' before it starts.
	 *
	 * @param string|null $started  ISO start.
	 * @param string|null $finished ISO end.
	 */
	public static function duration( ?string $started, ?string $finished ): string {
		$from = null !== $started ? strtotime( $started ) : false;
		$to   = null !== $finished ? strtotime( $finished ) : time();
		if ( false === $from || false === $to ) {
			return '—';
		}
		$seconds = max( 0, $to - $from );
		if ( $seconds < 60 ) {
			/* translators: %d: seconds. */
			return sprintf( __( '%d s', 'tmu-sidecar' ), $seconds );
		}
		/* translators: 1: minutes, 2: seconds. */
		return sprintf( __( '%1$d min %2$d s', 'tmu-sidecar' ), intdiv( $seconds, 60 ), $seconds % 60 );
	}

	/**
	 * Retry: sends the job's request again (admin-post.php?action=tmu_job_retry).
	 */
	public function handle_retry(): void {
		$this->guard( self::RETRY );
		$job = $this->jobs->find( absint( $_POST['job_id'] ?? 0 ) ); // phpcs:ignore WordPress.Security.NonceVerification.Missing -- checked in guard().
		if ( is_wp_error( $job ) ) {
			$this->finish( $job, '' );
		}
		$event = self::retry_event( (string) $job['type'], $this->jobs->payload_of( (int) $job['id'] ) );
		if ( null === $event ) {
			/* translators: %s: job type. */
			$this->finish( new WP_Error( 'tmu_not_retryable', sprintf( __( 'A %s job cannot be retried from here.', 'tmu-sidecar' ), Job_Labels::type( (string) $job['type'] ) ) ), '' );
		}
		/* translators: 1: the retried job id, 2: the new job id. */
		$this->finish( $this->client->send_event( $event[0], $event[1] ), sprintf( __( 'Job #%1$d retried as job #%2$s.', 'tmu-sidecar' ), (int) $job['id'], '%d' ) );
	}

	/**
	 * Cancel a queued or running job (admin-post.php?action=tmu_job_cancel).
	 */
	public function handle_cancel(): void {
		$this->guard( self::CANCEL );
		$id     = absint( $_POST['job_id'] ?? 0 ); // phpcs:ignore WordPress.Security.NonceVerification.Missing -- checked in guard().
		$result = $this->client->request( 'POST', '/jobs/' . $id . '/cancel' );
		/* translators: %d: job id. */
		$this->finish( $result, sprintf( __( 'Job #%d cancelled.', 'tmu-sidecar' ), $id ) );
	}

	/**
	 * Run a schedule now (admin-post.php?action=tmu_schedule_run).
	 */
	public function handle_run(): void {
		$this->guard( self::RUN );
		$name = sanitize_key( wp_unslash( $_POST['schedule'] ?? '' ) ); // phpcs:ignore WordPress.Security.NonceVerification.Missing -- checked in guard().
		if ( ! in_array( $name, array( 'daily', 'weekly' ), true ) ) {
			$this->finish( new WP_Error( 'tmu_unknown_schedule', __( 'Unknown schedule.', 'tmu-sidecar' ) ), '' );
		}
		/* translators: 1: schedule name, 2: job id. */
		$this->finish( $this->client->send_event( 'schedule.run', array( 'name' => $name ) ), sprintf( __( 'The %1$s run was queued (job #%2$s).', 'tmu-sidecar' ), $name, '%d' ) );
	}

	/**
	 * Prints and forgets the outcome of the last action.
	 */
	public static function render_notice(): void {
		$key    = self::NOTICE . get_current_user_id();
		$notice = get_transient( $key );
		if ( ! is_array( $notice ) ) {
			return;
		}
		delete_transient( $key );
		if ( empty( $notice['ok'] ) ) {
			echo Error_Presenter::notice( (string) ( $notice['code'] ?? '' ), (string) $notice['message'], is_array( $notice['data'] ?? null ) ? $notice['data'] : array(), array( 'id' => 'tmu-activity-notice' ) ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped inside.
			return;
		}
		printf(
			'<div class="notice notice-success is-dismissible" id="tmu-activity-notice"><p>%s</p></div>',
			esc_html( (string) $notice['message'] )
		);
	}

	/**
	 * The webhook that starts a job like this one again, or null.
	 *
	 * @param string               $type    Job type.
	 * @param array<string, mixed> $payload Job payload.
	 * @return array{0:string, 1:array<string, mixed>}|null
	 */
	public static function retry_event( string $type, array $payload ): ?array {
		switch ( $type ) {
			case 'sync':
				return array( 'sync.requested', $payload );
			case 'bulk':
				return array( 'bulk.requested', $payload );
			case 'changes':
				return isset( $payload['schedule'] ) ? array( 'schedule.run', array( 'name' => 'daily' ) ) : array( 'changes.requested', $payload );
			case 'refresh':
				return array( 'schedule.run', array( 'name' => 'weekly' ) );
			case 'list.refresh':
			case 'discover':
				if ( isset( $payload['list_id'] ) && is_numeric( $payload['list_id'] ) ) {
					return array( 'list.refresh', array( 'list_id' => (int) $payload['list_id'] ) );
				}
				return isset( $payload['keyword'] ) ? array( 'discover.requested', $payload ) : null;
		}
		return null;
	}

	/**
	 * Capability first, then the nonce.
	 *
	 * @param string $action Nonce action.
	 */
	private function guard( string $action ): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage sync jobs.', 'tmu-sidecar' ), 403 );
		}
		check_admin_referer( $action );
	}

	/**
	 * Keeps the outcome and goes back to the activity page.
	 *
	 * @param array<string, mixed>|WP_Error $result  Sidecar answer.
	 * @param string                        $success Message (%d: the new job id).
	 */
	private function finish( $result, string $success ): void {
		if ( ! is_wp_error( $result ) && ! Sidecar_Client::is_success( $result ) ) {
			$result = $this->client->error_from_response( $result );
		}
		if ( is_wp_error( $result ) ) {
			$data   = $result->get_error_data();
			$notice = array(
				'ok'      => false,
				'code'    => (string) $result->get_error_code(),
				'message' => $result->get_error_message(),
				'data'    => is_array( $data ) ? $data : array(),
			);
		} else {
			$job_id = is_array( $result['body'] ) && isset( $result['body']['job_id'] ) ? (int) $result['body']['job_id'] : 0;
			$notice = array(
				'ok'      => true,
				'message' => str_replace( '%d', (string) $job_id, $success ),
			);
		}
		set_transient( self::NOTICE . get_current_user_id(), $notice, 5 * MINUTE_IN_SECONDS );
		wp_safe_redirect( Activity_Tables::url( array( 'view' => 'jobs' ) ) );
		exit;
	}
}
