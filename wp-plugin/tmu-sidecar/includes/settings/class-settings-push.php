<?php
/**
 * Pushes the settings to the sidecar when they change.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Sends `settings.updated` after the option is added or updated; a failure is a notice, never a failed save.
 */
final class Settings_Push {

	/** Seconds to wait for the sidecar when pushing settings. */
	private const PUSH_TIMEOUT = 5;

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
	 * The option was created: push it to the sidecar.
	 *
	 * @param string $option Option name.
	 * @param mixed  $value  New value.
	 */
	public function on_option_added( $option, $value ): void {
		if ( $this->is_settings_form_submission() || $this->settings->sidecar_payload( is_array( $value ) ? $value : array() ) !== $this->settings->sidecar_payload( $this->settings->defaults() ) ) {
			$this->push();
		}
	}

	/**
	 * The option changed: push it to the sidecar when what the sidecar sees changed (or on a form save).
	 *
	 * @param mixed $old_value Old value.
	 * @param mixed $value     New value.
	 */
	public function on_option_updated( $old_value, $value ): void {
		$before = $this->settings->sidecar_payload( is_array( $old_value ) ? $old_value : array() );
		$after  = $this->settings->sidecar_payload( is_array( $value ) ? $value : array() );
		if ( $before !== $after || $this->is_settings_form_submission() ) {
			$this->push();
		}
	}

	/**
	 * Sends `settings.updated`; a failure becomes an admin notice, it never blocks saving.
	 */
	private function push(): void {
		$result = $this->client->request(
			'POST',
			Sidecar_Client::WEBHOOK_PATH,
			array(),
			Sidecar_Client::event_body( 'settings.updated', $this->settings->sidecar_payload() ),
			array( 'timeout' => self::PUSH_TIMEOUT )
		);
		if ( ! is_wp_error( $result ) && Sidecar_Client::is_success( $result ) ) {
			// The sidecar says how it writes list columns: the edit boxes write the same bytes.
			Column_Codec::remember_format( is_array( $result['body'] ?? null ) ? ( $result['body']['column_format'] ?? null ) : null );
			return;
		}
		$error = is_wp_error( $result ) ? $result : $this->client->error_from_response( $result );
		if ( ! function_exists( 'add_settings_error' ) ) {
			return;
		}
		if ( array() === get_settings_errors() ) {
			add_settings_error( 'general', 'settings_updated', __( 'Settings saved.', 'tmu-sidecar' ), 'success' );
		}
		add_settings_error(
			Settings::OPTION,
			'tmu_sidecar_push_failed',
			/* translators: %s: why the sidecar was not updated. */
			sprintf( __( 'The settings were saved, but the sidecar was not updated: %s', 'tmu-sidecar' ), $error->get_error_message() ),
			'warning'
		);
	}

	/**
	 * Whether this request is options.php saving this page (options.php has checked the nonce and capability).
	 */
	private function is_settings_form_submission(): bool {
		// phpcs:ignore WordPress.Security.NonceVerification.Missing -- options.php verified the nonce before updating the option.
		return isset( $_POST['option_page'] ) && Settings::GROUP === sanitize_key( wp_unslash( $_POST['option_page'] ) );
	}
}
