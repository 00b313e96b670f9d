<?php
/**
 * Activation, translations, auto-sync on save and deleted posts.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_Error;
use WP_Post;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Plugin lifecycle and the fire-and-forget events sent from WordPress hooks.
 */
final class Lifecycle {

	/** Seconds during which the same post and TMDb id are not auto-synced twice. */
	private const AUTO_SYNC_DEBOUNCE = 30;

	/** Post meta holding the last auto-sync's outcome: {status: queued|failed, job_id?, code?, message?, tmdb_id, at}. */
	public const OUTCOME_META = '_tmu_autosync';

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
	 * Content model.
	 *
	 * @var Content_Types
	 */
	private Content_Types $content_types;

	/**
	 * Constructor.
	 *
	 * @param Settings       $settings      Settings.
	 * @param Sidecar_Client $client        Sidecar client.
	 * @param Content_Types  $content_types Content model.
	 */
	public function __construct( Settings $settings, Sidecar_Client $client, Content_Types $content_types ) {
		$this->settings      = $settings;
		$this->client        = $client;
		$this->content_types = $content_types;
	}

	/**
	 * Activation: a random webhook secret when none is configured, and rewrite rules for the new types.
	 */
	public function activate(): void {
		$this->settings->ensure_secret();
		$this->content_types->register_post_types();
		$this->content_types->register_taxonomies();
		flush_rewrite_rules();
	}

	/**
	 * Deactivation: drop the rewrite rules of the post types. Settings and content stay.
	 */
	public function deactivate(): void {
		flush_rewrite_rules();
	}

	/**
	 * Loads translations (init).
	 */
	public function load_textdomain(): void {
		load_plugin_textdomain( TEXT_DOMAIN, false, dirname( plugin_basename( PLUGIN_FILE ) ) . '/languages' );
	}

	/**
	 * Auto-sync on save_post (classic editor and code paths).
	 *
	 * @param int|string   $post_id Post ID.
	 * @param WP_Post|null $post    Post.
	 */
	public function auto_sync_on_save( $post_id, $post = null ): void {
		if ( $post instanceof WP_Post ) {
			$this->maybe_auto_sync( $post );
		}
	}

	/**
	 * Auto-sync after a REST save (meta is written by then).
	 *
	 * @param WP_Post|mixed $post Post.
	 */
	public function auto_sync_after_rest_insert( $post ): void {
		if ( $post instanceof WP_Post ) {
			$this->maybe_auto_sync( $post );
		}
	}

	/**
	 * Sends `sync.requested` when auto-sync is on and the post has a TMDb id, and records the outcome.
	 *
	 * Skipped for autosaves, revisions, drafts being created, and writes made with an application
	 * password (that is how the sidecar itself writes posts: syncing those would loop).
	 *
	 * @param WP_Post $post Post.
	 */
	private function maybe_auto_sync( WP_Post $post ): void {
		$type = Content_Types::webhook_type( $post->post_type );
		if ( null === $type || ! $this->settings->is_on( 'auto_sync' ) ) {
			return;
		}
		if ( ( defined( 'DOING_AUTOSAVE' ) && DOING_AUTOSAVE ) || wp_is_post_revision( $post ) || wp_is_post_autosave( $post ) ) {
			return;
		}
		if ( ! in_array( $post->post_status, array( 'publish', 'future', 'draft', 'pending', 'private' ), true ) ) {
			return;
		}
		if ( wp_doing_cron() || null !== rest_get_authenticated_app_password() ) {
			return;
		}
		if ( ! (bool) apply_filters( 'tmu_sidecar_auto_sync', true, $post ) ) {
			return;
		}
		$tmdb_id = (int) get_post_meta( $post->ID, 'tmdb_id', true );
		if ( $tmdb_id < 1 ) {
			return;
		}
		$lock = self::debounce_key( $post->ID, $tmdb_id );
		if ( false !== get_transient( $lock ) ) {
			return;
		}
		set_transient( $lock, 1, self::AUTO_SYNC_DEBOUNCE );

		// Waits for the answer (bounded): the sidecar only queues the job, and its outcome must be shown.
		$result = $this->client->request_sync( $type, $tmdb_id, $post->ID, $this->settings->default_sync_options( $type ), array( 'timeout' => Sidecar_Client::ASYNC_TIMEOUT ) );
		$this->record_outcome( $post->ID, $tmdb_id, $result );
	}

	/**
	 * Stores what an auto-sync got (shown after the save and in the TMDb box). A failure frees the
	 * debounce at once: the next save, after the fix, tries again.
	 *
	 * @param int                                          $post_id Post ID.
	 * @param int                                          $tmdb_id TMDb id.
	 * @param array{status:int, body:mixed, raw:string}|WP_Error $result  Sidecar answer (a refusal is a WP_Error).
	 */
	private function record_outcome( int $post_id, int $tmdb_id, $result ): void {
		$job_id = ! is_wp_error( $result ) && is_array( $result['body'] ) && isset( $result['body']['job_id'] ) ? (int) $result['body']['job_id'] : 0;
		if ( is_wp_error( $result ) || $job_id < 1 ) {
			delete_transient( self::debounce_key( $post_id, $tmdb_id ) );
			$outcome = array(
				'status'  => 'failed',
				'code'    => is_wp_error( $result ) ? $result->get_error_code() : 'tmu_sidecar_bad_response',
				'message' => is_wp_error( $result ) ? $result->get_error_message() : __( 'The sidecar accepted the request but did not return a job id.', 'tmu-sidecar' ),
			);
			update_post_meta( $post_id, 'tmu_last_error', $outcome['message'] );
		} else {
			$outcome = array(
				'status' => 'queued',
				'job_id' => $job_id,
			);
		}
		$outcome['tmdb_id'] = $tmdb_id;
		$outcome['at']      = time();
		// Whose job it is: the TMDb box follows it only for that user and administrators.
		$outcome['by']      = get_current_user_id();
		update_post_meta( $post_id, self::OUTCOME_META, $outcome );
		$user = get_current_user_id();
		if ( $user > 0 ) {
			set_transient( self::notice_key( $user, $post_id ), 1, 5 * MINUTE_IN_SECONDS );
		}
	}

	/**
	 * "Sync now" queued a sync: a save right after it (e.g. Publish) does not queue it again.
	 *
	 * @param int $post_id Post ID.
	 * @param int $tmdb_id TMDb id.
	 */
	public function on_sync_queued( $post_id, $tmdb_id ): void {
		set_transient( self::debounce_key( (int) $post_id, (int) $tmdb_id ), 1, self::AUTO_SYNC_DEBOUNCE );
	}

	/**
	 * The debounce transient of one post and TMDb id (another TMDb id is another key: never dropped).
	 *
	 * @param int $post_id Post ID.
	 * @param int $tmdb_id TMDb id.
	 */
	public static function debounce_key( int $post_id, int $tmdb_id ): string {
		return 'tmu_autosync_' . $post_id . '_' . $tmdb_id;
	}

	/**
	 * Set by a save that auto-synced: the next editor page shows the outcome once.
	 *
	 * @param int $user_id User ID.
	 * @param int $post_id Post ID.
	 */
	public static function notice_key( int $user_id, int $post_id ): string {
		return 'tmu_autosync_notice_' . $user_id . '_' . $post_id;
	}

	/**
	 * Tells the sidecar a TMU post is about to be deleted (before_delete_post), fire-and-forget.
	 *
	 * @param int|string   $post_id Post ID.
	 * @param WP_Post|null $post    Post.
	 */
	public function on_before_delete_post( $post_id, $post = null ): void {
		if ( ! $post instanceof WP_Post ) {
			$post = get_post( (int) $post_id );
		}
		if ( ! $post instanceof WP_Post || ! in_array( $post->post_type, Content_Types::POST_TYPES, true ) ) {
			return;
		}
		if ( 'auto-draft' === $post->post_status ) {
			return;
		}
		$type = Content_Types::webhook_type( $post->post_type ) ?? $post->post_type;
		$this->client->send_event_async(
			'post.deleted',
			array(
				'post_id' => $post->ID,
				'type'    => $type,
			)
		);
	}
}
