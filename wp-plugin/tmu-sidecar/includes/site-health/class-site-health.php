<?php
/**
 * Tools → Site Health: the plugin's tests (asynchronous, over REST) and its Debug Info section.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Six tests: the sidecar answering, signatures accepted, versions matching, the sidecar's WordPress
 * credentials, the TMDb key and the age of the last daily run. They are asynchronous, so that the
 * Site Health screen never waits for the sidecar while it loads; Site Health runs them one after the
 * other, in this order, and only the first asks the sidecar for a fresh connection report.
 */
final class Site_Health {

	/** Test slug (REST route) => whether it asks for a fresh answer. */
	public const TESTS = array(
		'answering' => true,
		'signature' => false,
		'version'   => true,
		'wordpress' => false,
		'tmdb'      => false,
		'daily-run' => true,
	);

	public const DEBUG_SECTION = 'tmu-sidecar';

	/**
	 * What the sidecar answered.
	 *
	 * @var Site_Health_Facts
	 */
	private Site_Health_Facts $facts;

	/**
	 * Settings.
	 *
	 * @var Settings
	 */
	private Settings $settings;

	/**
	 * Constructor.
	 *
	 * @param Site_Health_Facts $facts    What the sidecar answered.
	 * @param Settings          $settings Settings.
	 */
	public function __construct( Site_Health_Facts $facts, Settings $settings ) {
		$this->facts    = $facts;
		$this->settings = $settings;
	}

	/**
	 * Adds the tests (site_status_tests).
	 *
	 * @param array<string, mixed> $tests Site Health tests.
	 * @return array<string, mixed>
	 */
	public function add_tests( $tests ): array {
		$tests          = is_array( $tests ) ? $tests : array();
		$tests['async'] = isset( $tests['async'] ) && is_array( $tests['async'] ) ? $tests['async'] : array();
		$labels         = $this->labels();
		foreach ( array_keys( self::TESTS ) as $slug ) {
			$tests['async'][ 'tmu_sidecar_' . str_replace( '-', '_', $slug ) ] = array(
				'label'     => $labels[ $slug ],
				'test'      => rest_url( REST_NAMESPACE . '/site-health/' . $slug ),
				'has_rest'  => true,
				'skip_cron' => true,
			);
		}
		return $tests;
	}

	/**
	 * Registers GET tmu/v1/site-health/{test} (rest_api_init).
	 */
	public function register_routes(): void {
		register_rest_route(
			REST_NAMESPACE,
			'/site-health/(?P<test>[a-z-]+)',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'run_test' ),
				'permission_callback' => array( $this, 'can_view' ),
				'args'                => array(
					'test' => array(
						'type'     => 'string',
						'enum'     => array_keys( self::TESTS ),
						'required' => true,
					),
				),
			)
		);
	}

	/**
	 * Permission: view_site_health_checks, as Site Health's own REST tests.
	 *
	 * @return true|WP_Error
	 */
	public function can_view() {
		if ( current_user_can( 'view_site_health_checks' ) ) {
			return true;
		}
		return new WP_Error(
			'rest_forbidden',
			__( 'Sorry, you are not allowed to do that.', 'tmu-sidecar' ),
			array( 'status' => rest_authorization_required_code() )
		);
	}

	/**
	 * GET tmu/v1/site-health/{test} → one Site Health result.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function run_test( WP_REST_Request $request ): WP_REST_Response {
		$slug  = (string) $request['test'];
		$fresh = self::TESTS[ $slug ];
		switch ( $slug ) {
			case 'version':
				$result = Site_Health_Results::version( VERSION, $this->facts->health( $fresh ) );
				break;
			case 'daily-run':
				$result = Site_Health_Results::daily_run( $this->facts->details( $fresh ), time() );
				break;
			default:
				$report = $this->facts->connection( $fresh );
				$result = call_user_func( array( Site_Health_Results::class, $slug ), $report );
		}
		return new WP_REST_Response( $result, 200 );
	}

	/**
	 * The Debug Info section (debug_information): what a support request needs, never a secret.
	 *
	 * @param array<string, mixed> $info Sections.
	 * @return array<string, mixed>
	 */
	public function debug_information( $info ): array {
		$info    = is_array( $info ) ? $info : array();
		$health  = $this->facts->health( false );
		$details = $this->facts->details( false );
		$none    = __( 'unknown: the sidecar did not answer', 'tmu-sidecar' );
		$fields  = array(
			'plugin_version'  => array(
				'label' => __( 'Plugin version', 'tmu-sidecar' ),
				'value' => VERSION,
			),
			'sidecar_url'     => array(
				'label' => __( 'Sidecar URL', 'tmu-sidecar' ),
				'value' => $this->settings->sidecar_url(),
			),
			'webhook_secret'  => array(
				'label'   => __( 'Webhook secret', 'tmu-sidecar' ),
				'value'   => '' === $this->settings->webhook_secret() ? __( 'not set', 'tmu-sidecar' ) : __( 'set', 'tmu-sidecar' ),
				'private' => true,
			),
			'sidecar_version' => array(
				'label' => __( 'Sidecar version', 'tmu-sidecar' ),
				'value' => $health['ok'] ? $health['version'] : $none,
			),
		);
		$fields += Site_Health_Debug::detail_fields( $details, $none );
		$info[ self::DEBUG_SECTION ] = array(
			'label'  => __( 'TMU Sidecar', 'tmu-sidecar' ),
			'fields' => $fields,
		);
		return $info;
	}

	/**
	 * Labels shown while a test runs.
	 *
	 * @return array<string, string>
	 */
	private function labels(): array {
		return array(
			'answering' => __( 'TMU sidecar answering', 'tmu-sidecar' ),
			'signature' => __( 'TMU sidecar signatures', 'tmu-sidecar' ),
			'version'   => __( 'TMU Sidecar plugin and sidecar versions', 'tmu-sidecar' ),
			'wordpress' => __( 'TMU sidecar WordPress credentials', 'tmu-sidecar' ),
			'tmdb'      => __( 'TMU sidecar TMDb key', 'tmu-sidecar' ),
			'daily-run' => __( 'TMU sidecar daily run', 'tmu-sidecar' ),
		);
	}
}
