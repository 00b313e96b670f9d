<?php
/**
 * The Site Health results of the plugin's tests, built from what the sidecar answered.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * One result per test, in the shape Site Health expects: label, status (good, recommended,
 * critical), badge, description, actions, test. Everything the sidecar sent is escaped here.
 */
final class Site_Health_Results {

	/** A daily run that ended longer ago than this is late. */
	public const DAILY_RUN_MAX_AGE = 2 * DAY_IN_SECONDS;

	/**
	 * The sidecar answers at its URL.
	 *
	 * @param array<string, mixed> $report Connection report.
	 * @return array<string, mixed>
	 */
	public static function answering( array $report ): array {
		$test  = 'tmu_sidecar_answering';
		$state = self::state( $report, 'sidecar' );
		if ( 'ok' === $state ) {
			/* translators: %s: sidecar URL. */
			return self::result( $test, 'good', __( 'The TMU sidecar answers', 'tmu-sidecar' ), sprintf( __( 'The sidecar answers at %s.', 'tmu-sidecar' ), self::url( $report ) ) );
		}
		return self::result( $test, 'critical', __( 'The TMU sidecar does not answer', 'tmu-sidecar' ), self::message( $report ), self::settings_action() );
	}

	/**
	 * The sidecar accepts the plugin's signatures (same webhook secret, clocks in step).
	 *
	 * @param array<string, mixed> $report Connection report.
	 * @return array<string, mixed>
	 */
	public static function signature( array $report ): array {
		$test  = 'tmu_sidecar_signature';
		$state = self::state( $report, 'signature' );
		if ( 'ok' === $state ) {
			return self::result( $test, 'good', __( 'The TMU sidecar accepts this site\'s signatures', 'tmu-sidecar' ), __( 'WordPress and the sidecar share the webhook secret.', 'tmu-sidecar' ) );
		}
		if ( 'failed' === $state ) {
			return self::result( $test, 'critical', __( 'The TMU sidecar rejects this site\'s signatures', 'tmu-sidecar' ), self::message( $report ), self::settings_action() );
		}
		return self::unchecked( $test, __( 'Signatures could not be checked', 'tmu-sidecar' ), $report );
	}

	/**
	 * The sidecar's own WordPress user (WP_USERNAME, WP_APP_PASSWORD) is accepted by this site.
	 *
	 * @param array<string, mixed> $report Connection report.
	 * @return array<string, mixed>
	 */
	public static function wordpress( array $report ): array {
		$test  = 'tmu_sidecar_wordpress';
		$state = self::state( $report, 'wordpress' );
		if ( 'ok' === $state ) {
			return self::result( $test, 'good', __( 'This site accepts the TMU sidecar\'s credentials', 'tmu-sidecar' ), __( 'The sidecar signs in to this site with its application password and has the capabilities it needs.', 'tmu-sidecar' ) );
		}
		if ( 'failed' === $state ) {
			$description = self::cause( $report, 'wordpress' ) . ' ' . __( 'Check WP_URL, WP_USERNAME and WP_APP_PASSWORD in the sidecar\'s environment: the application password is created on the user\'s profile screen, and the user needs to be able to edit others\' posts and upload files.', 'tmu-sidecar' );
			return self::result( $test, 'critical', __( 'The TMU sidecar cannot sign in to this site', 'tmu-sidecar' ), $description );
		}
		return self::unchecked( $test, __( 'The TMU sidecar\'s WordPress credentials could not be checked', 'tmu-sidecar' ), $report );
	}

	/**
	 * TMDb accepts the sidecar's API key.
	 *
	 * @param array<string, mixed> $report Connection report.
	 * @return array<string, mixed>
	 */
	public static function tmdb( array $report ): array {
		$test  = 'tmu_sidecar_tmdb';
		$state = self::state( $report, 'tmdb' );
		if ( 'ok' === $state ) {
			return self::result( $test, 'good', __( 'TMDb accepts the TMU sidecar\'s API key', 'tmu-sidecar' ), __( 'The sidecar reaches TMDb and its API key is valid.', 'tmu-sidecar' ) );
		}
		if ( 'failed' === $state ) {
			$description = self::cause( $report, 'tmdb' ) . ' ' . __( 'Set a valid TMDb API key on Settings → TMU Sidecar or in the sidecar\'s TMDB_API_KEY.', 'tmu-sidecar' );
			return self::result( $test, 'critical', __( 'The TMU sidecar cannot use TMDb', 'tmu-sidecar' ), $description, self::settings_action() );
		}
		return self::unchecked( $test, __( 'The TMDb key could not be checked', 'tmu-sidecar' ), $report );
	}

	/**
	 * The plugin and the sidecar are the same release.
	 *
	 * @param string                                     $plugin_version This plugin's version.
	 * @param array{ok:bool, version:string, message:string} $health    The /health answer.
	 * @return array<string, mixed>
	 */
	public static function version( string $plugin_version, array $health ): array {
		$test = 'tmu_sidecar_version';
		if ( ! $health['ok'] ) {
			return self::result( $test, 'recommended', __( 'The TMU sidecar\'s version could not be read', 'tmu-sidecar' ), $health['message'] );
		}
		if ( self::versions_match( $plugin_version, $health['version'] ) ) {
			/* translators: %s: version number. */
			return self::result( $test, 'good', __( 'The TMU Sidecar plugin and the sidecar are the same version', 'tmu-sidecar' ), sprintf( __( 'Both are version %s.', 'tmu-sidecar' ), $plugin_version ) );
		}
		$description = sprintf(
			/* translators: 1: plugin version, 2: sidecar version. */
			__( 'The plugin is version %1$s and the sidecar is version %2$s. Update the older one: they speak a protocol that changes between versions.', 'tmu-sidecar' ),
			$plugin_version,
			$health['version']
		);
		return self::result( $test, 'critical', __( 'The TMU Sidecar plugin and the sidecar are different versions', 'tmu-sidecar' ), $description );
	}

	/**
	 * The daily incremental sync ran recently.
	 *
	 * @param array<string, mixed>|null $details The sidecar's /health/details answer, or null.
	 * @param int                       $now     Unix time.
	 * @return array<string, mixed>
	 */
	public static function daily_run( ?array $details, int $now ): array {
		$test  = 'tmu_sidecar_daily_run';
		$label = __( 'The TMU sidecar\'s daily run is late', 'tmu-sidecar' );
		if ( null === $details ) {
			return self::result( $test, 'recommended', __( 'The TMU sidecar\'s daily run could not be checked', 'tmu-sidecar' ), __( 'The sidecar did not answer its signed /health/details request.', 'tmu-sidecar' ) );
		}
		$run = isset( $details['last_daily_run'] ) && is_array( $details['last_daily_run'] ) ? $details['last_daily_run'] : null;
		$at  = null !== $run && isset( $run['finished_at'] ) ? strtotime( (string) $run['finished_at'] ) : false;
		if ( false === $at ) {
			return self::result( $test, 'recommended', $label, __( 'No daily run has ended yet: the sidecar\'s `serve` runs it on CRON_DAILY (03:00 by default), or start one from Tools → Sync activity.', 'tmu-sidecar' ), self::activity_action() );
		}
		/* translators: %s: how long ago, e.g. "3 hours". */
		$ago    = sprintf( __( 'The last daily run ended %s ago', 'tmu-sidecar' ), human_time_diff( $at, $now ) );
		$status = isset( $run['status'] ) ? (string) $run['status'] : '';
		if ( 'failed' === $status ) {
			return self::result( $test, 'recommended', __( 'The TMU sidecar\'s last daily run failed', 'tmu-sidecar' ), $ago . '. ' . __( 'Its error is listed on Tools → Sync activity.', 'tmu-sidecar' ), self::activity_action() );
		}
		if ( $now - $at > self::DAILY_RUN_MAX_AGE ) {
			return self::result( $test, 'recommended', $label, $ago . '. ' . __( 'Is `serve` running, and is CRON_DAILY what you meant?', 'tmu-sidecar' ), self::activity_action() );
		}
		return self::result( $test, 'good', __( 'The TMU sidecar\'s daily run is on time', 'tmu-sidecar' ), $ago . '.' );
	}

	/**
	 * Same release: major and minor agree (a patch release keeps the protocol).
	 *
	 * @param string $plugin  Plugin version.
	 * @param string $sidecar Sidecar version.
	 */
	public static function versions_match( string $plugin, string $sidecar ): bool {
		$minor = static function ( string $version ): string {
			return implode( '.', array_slice( explode( '.', preg_replace( '/[-+].*$/', '', $version ) ?? '' ), 0, 2 ) );
		};
		return '' !== $sidecar && $minor( $plugin ) === $minor( $sidecar );
	}

	/**
	 * A part that was not checked because an earlier one failed.
	 *
	 * @param string               $test   Test name.
	 * @param string               $label  Label.
	 * @param array<string, mixed> $report Connection report.
	 * @return array<string, mixed>
	 */
	private static function unchecked( string $test, string $label, array $report ): array {
		/* translators: %s: why the connection test stopped. */
		return self::result( $test, 'recommended', $label, sprintf( __( 'Not checked: %s', 'tmu-sidecar' ), self::message( $report ) ), self::settings_action() );
	}

	/**
	 * The state of one part: ok, failed or unknown.
	 *
	 * @param array<string, mixed> $report Connection report.
	 * @param string               $part   Part name.
	 */
	private static function state( array $report, string $part ): string {
		return isset( $report['checks'][ $part ] ) ? (string) $report['checks'][ $part ] : 'unknown';
	}

	/**
	 * The report's headline.
	 *
	 * @param array<string, mixed> $report Connection report.
	 */
	private static function message( array $report ): string {
		return isset( $report['message'] ) ? (string) $report['message'] : '';
	}

	/**
	 * The short cause of one part, as a sentence.
	 *
	 * @param array<string, mixed> $report Connection report.
	 * @param string               $part   Part name.
	 */
	private static function cause( array $report, string $part ): string {
		$cause = isset( $report['causes'][ $part ] ) ? (string) $report['causes'][ $part ] : '';
		/* translators: %s: short cause, e.g. "credentials refused". */
		return '' === $cause ? '' : sprintf( __( 'The sidecar reports: %s.', 'tmu-sidecar' ), $cause );
	}

	/**
	 * The sidecar URL of a report.
	 *
	 * @param array<string, mixed> $report Connection report.
	 */
	private static function url( array $report ): string {
		return isset( $report['sidecar_url'] ) ? (string) $report['sidecar_url'] : '';
	}

	/**
	 * A link to Settings → TMU Sidecar.
	 */
	private static function settings_action(): string {
		return sprintf( '<p><a href="%s">%s</a></p>', esc_url( admin_url( 'options-general.php?page=' . Settings_Page::PAGE ) ), esc_html__( 'Open Settings → TMU Sidecar and run Test connection', 'tmu-sidecar' ) );
	}

	/**
	 * A link to Tools → Sync activity.
	 */
	private static function activity_action(): string {
		return sprintf( '<p><a href="%s">%s</a></p>', esc_url( admin_url( 'tools.php?page=' . Activity_Page::PAGE ) ), esc_html__( 'Open Tools → Sync activity', 'tmu-sidecar' ) );
	}

	/**
	 * One result; the description is plain text, escaped here.
	 *
	 * @param string $test        Test name.
	 * @param string $status      good, recommended or critical.
	 * @param string $label       Label.
	 * @param string $description Plain-text description.
	 * @param string $actions     Actions markup (already escaped).
	 * @return array<string, mixed>
	 */
	private static function result( string $test, string $status, string $label, string $description, string $actions = '' ): array {
		return array(
			'label'       => $label,
			'status'      => $status,
			'badge'       => array(
				'label' => __( 'TMU Sidecar', 'tmu-sidecar' ),
				'color' => 'good' === $status ? 'blue' : ( 'critical' === $status ? 'red' : 'orange' ),
			),
			'description' => '<p>' . esc_html( $description ) . '</p>',
			'actions'     => $actions,
			'test'        => $test,
		);
	}
}
