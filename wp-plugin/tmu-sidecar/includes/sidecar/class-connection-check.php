<?php
/**
 * Test connection: asks the sidecar and names the part that fails.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Runs `connection.test` and turns the answer into one report whose headline and rows agree:
 * the headline names the same cause as the row of the failing part.
 *
 * The last report is cached for a minute (the site-wide notice reads it, never the sidecar on
 * every page load); a passing report is remembered for good (it ends the onboarding notice).
 */
final class Connection_Check {

	/** The last report, for at most CACHE_SECONDS. */
	public const TRANSIENT = 'tmu_sidecar_connection_report';

	/** Set once Test connection has passed; the onboarding notice stays until then. */
	public const PASSED_OPTION = 'tmu_sidecar_connection_passed';

	public const CACHE_SECONDS = 60;

	/** The parts, in the order they are checked and shown. */
	public const PARTS = array( 'sidecar', 'signature', 'tmdb', 'wordpress' );

	/**
	 * Settings.
	 *
	 * @var Settings
	 */
	private Settings $settings;

	/**
	 * Sidecar client.
	 *
	 * @var Sidecar_Client
	 */
	private Sidecar_Client $client;

	/**
	 * Constructor.
	 *
	 * @param Settings       $settings Settings.
	 * @param Sidecar_Client $client   Sidecar client.
	 */
	public function __construct( Settings $settings, Sidecar_Client $client ) {
		$this->settings = $settings;
		$this->client   = $client;
	}

	/**
	 * The cached report, or a fresh one when the cache is older than a minute.
	 *
	 * @return array<string, mixed>
	 */
	public function cached(): array {
		$report = get_transient( self::TRANSIENT );
		return is_array( $report ) ? $report : $this->run();
	}

	/**
	 * Asks the sidecar now; caches the report.
	 *
	 * @return array{ok:bool, failed:?string, message:string, checks:array<string,string>, causes:array<string,string>, sidecar_url:string}
	 */
	public function run(): array {
		$report = $this->ask();
		set_transient( self::TRANSIENT, $report, self::CACHE_SECONDS );
		if ( $report['ok'] ) {
			update_option( self::PASSED_OPTION, time(), false );
		}
		return $report;
	}

	/**
	 * Ends a cached "sidecar unreachable / signature rejected" report on the first 2xx answer to a
	 * signed route (tmu_sidecar_answered), so the site-wide notice does not outlive the outage.
	 * GET /health is left out: the sidecar answers it without checking the signature. A TMDb or
	 * WordPress failure stays: an answered request does not prove those fixed.
	 *
	 * @param string $path Path the sidecar answered.
	 */
	public function forget_failure( $path ): void {
		$report = get_transient( self::TRANSIENT );
		if ( '/health' === $path || ! is_array( $report ) || ! empty( $report['ok'] ) ) {
			return;
		}
		if ( ! in_array( $report['failed'] ?? '', array( 'sidecar', 'signature', 'configuration' ), true ) ) {
			return;
		}
		$checks              = is_array( $report['checks'] ?? null ) ? $report['checks'] : array_fill_keys( self::PARTS, 'unknown' );
		$checks['sidecar']   = 'ok';
		$checks['signature'] = 'ok';
		$fixed               = $this->report( null, __( 'The sidecar answers again.', 'tmu-sidecar' ), $checks, array(), (string) ( $report['sidecar_url'] ?? '' ) );
		set_transient( self::TRANSIENT, $fixed, self::CACHE_SECONDS );
	}

	/**
	 * Whether Test connection has ever passed on this site.
	 */
	public function has_passed(): bool {
		return (int) get_option( self::PASSED_OPTION, 0 ) > 0;
	}

	/**
	 * One round trip to the sidecar, read part by part.
	 *
	 * @return array<string, mixed>
	 */
	private function ask(): array {
		$url    = $this->settings->sidecar_url();
		$checks = array_fill_keys( self::PARTS, 'unknown' );
		$result = $this->client->send_event( 'connection.test', array() );

		if ( is_wp_error( $result ) ) {
			return $this->report_unreachable( $result, $checks, $url );
		}

		$checks['sidecar'] = 'ok';
		if ( 401 === $result['status'] ) {
			$checks['signature'] = 'failed';
			$message             = __( 'Signature rejected: the sidecar answered, but the webhook secret differs from the sidecar\'s TMU_WEBHOOK_SECRET (or the clocks differ by more than 5 minutes).', 'tmu-sidecar' );
			return $this->report( 'signature', $message, $checks, array( 'signature' => __( 'rejected', 'tmu-sidecar' ) ), $url );
		}
		if ( ! Sidecar_Client::is_success( $result ) ) {
			/* translators: %d: HTTP status. */
			$message = sprintf( __( 'The sidecar answered HTTP %d.', 'tmu-sidecar' ), $result['status'] );
			return $this->report( 'sidecar', $message, $checks, array(), $url );
		}

		$checks['signature'] = 'ok';
		$body                = is_array( $result['body'] ) ? $result['body'] : array();
		$failed              = null;
		$messages            = array();
		$causes              = array();
		foreach ( array( 'tmdb', 'wordpress' ) as $part ) {
			$check           = 'tmdb' === $part ? Connection_Answer::tmdb( $body ) : Connection_Answer::wordpress( $body );
			$checks[ $part ] = $check['state'];
			if ( '' !== $check['cause'] ) {
				$causes[ $part ] = $check['cause'];
			}
			if ( 'failed' === $check['state'] ) {
				$failed     = $failed ?? $part;
				$messages[] = $check['message'];
			}
		}
		if ( null !== $failed ) {
			return $this->report( $failed, implode( ' ', $messages ), $checks, $causes, $url );
		}
		if ( 'ok' === $checks['tmdb'] && 'ok' === $checks['wordpress'] ) {
			$message = __( 'Connection OK: sidecar reachable, signature accepted, TMDb key valid, WordPress credentials accepted.', 'tmu-sidecar' );
		} elseif ( 'ok' === $checks['tmdb'] ) {
			$message = __( 'Connection OK: sidecar reachable, signature accepted, TMDb key valid.', 'tmu-sidecar' );
		} else {
			$message = __( 'Sidecar reachable and signature accepted; the sidecar did not report on the TMDb key.', 'tmu-sidecar' );
		}
		return $this->report( null, $message, $checks, $causes, $url );
	}

	/**
	 * The report when the event did not reach the sidecar: a timeout (something accepted and never
	 * answered) reads differently from a refusal, because their fixes differ.
	 *
	 * @param \WP_Error            $result The client's error.
	 * @param array<string,string> $checks Check states so far.
	 * @param string               $url    The sidecar URL.
	 * @return array<string,mixed>
	 */
	private function report_unreachable( \WP_Error $result, array $checks, string $url ): array {
		if ( 'tmu_sidecar_unreachable' === $result->get_error_code() ) {
			$checks['sidecar'] = 'failed';
			if ( self::timed_out( $result ) ) {
				$message = sprintf(
					/* translators: 1: sidecar URL, 2: seconds waited. */
					__( 'No answer from the sidecar at %1$s in %2$d s. Something accepted the connection but did not answer in time. The likely cause: the sidecar calls WordPress back while it answers, and a WordPress served by a single PHP worker (php -S without PHP_CLI_SERVER_WORKERS) cannot answer that call while it waits for the sidecar. Give WordPress more than one PHP worker.', 'tmu-sidecar' ),
					$url,
					Sidecar_Client::TIMEOUT
				);
				return $this->report( 'sidecar', $message, $checks, array( 'sidecar' => __( 'no answer in time', 'tmu-sidecar' ) ), $url );
			}
			/* translators: %s: sidecar URL. */
			$message = sprintf( __( 'Sidecar unreachable: nothing answers at %s (the connection was refused or the host was not found).', 'tmu-sidecar' ), $url );
			return $this->report( 'sidecar', $message, $checks, array( 'sidecar' => __( 'unreachable', 'tmu-sidecar' ) ), $url );
		}
		return $this->report( 'configuration', $result->get_error_message(), $checks, array(), $url );
	}

	/**
	 * Whether the request waited its whole timeout (cURL error 28), as opposed to being refused.
	 *
	 * @param \WP_Error $error The client's unreachable error; its data carries the transport's reason.
	 */
	private static function timed_out( \WP_Error $error ): bool {
		$data   = $error->get_error_data();
		$reason = is_array( $data ) && isset( $data['reason'] ) ? (string) $data['reason'] : '';
		return 1 === preg_match( '/cURL error 28|timed out/i', $reason );
	}

	/**
	 * The report shape the REST route answers and the notices read.
	 *
	 * @param string|null           $failed  The part that failed: sidecar, signature, tmdb, wordpress or configuration.
	 * @param string                $message One-line summary naming the cause.
	 * @param array<string, string> $checks  State per part: ok, failed or unknown.
	 * @param array<string, string> $causes  Short cause per part, shown in its row.
	 * @param string                $url     Sidecar URL.
	 * @return array<string, mixed>
	 */
	private function report( ?string $failed, string $message, array $checks, array $causes, string $url ): array {
		if ( 'ok' === $checks['sidecar'] ) {
			$causes['sidecar'] = __( 'reachable', 'tmu-sidecar' );
		}
		if ( 'ok' === $checks['signature'] ) {
			$causes['signature'] = __( 'accepted', 'tmu-sidecar' );
		}
		return array(
			'ok'          => null === $failed,
			'failed'      => $failed,
			'message'     => $message,
			'checks'      => $checks,
			'causes'      => $causes,
			'sidecar_url' => $url,
			'checked_at'  => time(),
		);
	}
}
