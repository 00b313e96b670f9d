<?php
/**
 * The TMDb meta box on movie, tv, drama and people.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_Post;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * TMDb id field, TMDb search, "Sync now" with live progress, last sync time and error.
 */
final class Meta_Box {

	public const ID           = 'tmu-sidecar-tmdb';
	public const NONCE_ACTION = 'tmu_sidecar_save_meta';
	public const NONCE_NAME   = 'tmu_sidecar_meta_nonce';
	public const FIELD        = 'tmu_tmdb_id';

	/**
	 * Settings.
	 *
	 * @var Settings
	 */
	private Settings $settings;

	/**
	 * Constructor.
	 *
	 * @param Settings $settings Settings.
	 */
	public function __construct( Settings $settings ) {
		$this->settings = $settings;
	}

	/**
	 * Adds the box on movie, tv, drama and people; drops the generic Custom Fields box of the TMU types (add_meta_boxes).
	 *
	 * @param string $post_type Current post type.
	 */
	public function add( $post_type ): void {
		if ( ! is_string( $post_type ) || ! in_array( $post_type, Content_Types::POST_TYPES, true ) ) {
			return;
		}
		// The TMU types support custom-fields only so that the REST API can write their meta;
		// the generic box would be empty (the plugin's keys are protected), as in the legacy plugin.
		remove_meta_box( 'postcustom', $post_type, 'normal' );
		if ( null === Content_Types::webhook_type( $post_type ) ) {
			return;
		}
		add_meta_box(
			self::ID,
			__( 'TMDb', 'tmu-sidecar' ),
			array( $this, 'render' ),
			$post_type,
			'side',
			'high'
		);
	}

	/**
	 * The box.
	 *
	 * @param WP_Post $post Post being edited.
	 */
	public function render( $post ): void {
		if ( ! $post instanceof WP_Post ) {
			return;
		}
		$type        = (string) Content_Types::webhook_type( $post->post_type );
		$tmdb_id     = (int) get_post_meta( $post->ID, 'tmdb_id', true );
		$sync_state  = Sync_State::of( $post->ID );
		$synced_at   = $sync_state['synced_at'];
		$last_error  = Error_Presenter::sentence( '', $sync_state['error'] );
		$defaults    = $this->settings->default_sync_options( $type );
		$poster_html = has_post_thumbnail( $post ) ? get_the_post_thumbnail( $post, 'thumbnail', array( 'class' => 'tmu-poster-image' ) ) : '';

		wp_nonce_field( self::NONCE_ACTION, self::NONCE_NAME );
		?>
		<div class="tmu-meta-box" id="tmu-meta-box" data-post-id="<?php echo esc_attr( (string) $post->ID ); ?>" data-type="<?php echo esc_attr( $type ); ?>">
			<p class="tmu-field">
				<label for="tmu-tmdb-id"><strong><?php esc_html_e( 'TMDb ID', 'tmu-sidecar' ); ?></strong></label><br />
				<input type="number" min="1" step="1" class="widefat" id="tmu-tmdb-id" name="<?php echo esc_attr( self::FIELD ); ?>" value="<?php echo esc_attr( $tmdb_id > 0 ? (string) $tmdb_id : '' ); ?>" />
			</p>

			<?php $this->render_search(); ?>

			<fieldset class="tmu-sync-options" id="tmu-sync-options">
				<legend><strong><?php esc_html_e( 'This sync', 'tmu-sidecar' ); ?></strong></legend>
				<?php
				$this->render_option( 'images', __( 'Images', 'tmu-sidecar' ), (bool) $defaults['images'] );
				$this->render_option( 'videos', __( 'Videos', 'tmu-sidecar' ), (bool) $defaults['videos'] );
				$this->render_option( 'credits', __( 'Credits', 'tmu-sidecar' ), (bool) $defaults['credits'] );
				if ( array_key_exists( 'seasons', $defaults ) ) {
					$this->render_option( 'seasons', __( 'Seasons and episodes', 'tmu-sidecar' ), 'all' === $defaults['seasons'] );
				}
				?>
			</fieldset>

			<p class="tmu-sync-actions">
				<button type="button" class="button button-primary" id="tmu-sync-now"><?php esc_html_e( 'Sync now', 'tmu-sidecar' ); ?></button>
				<span class="spinner" id="tmu-sync-spinner"></span>
			</p>
			<progress class="tmu-sync-progress" id="tmu-sync-progress" max="1" value="0" aria-label="<?php esc_attr_e( 'Sync progress', 'tmu-sidecar' ); ?>" hidden></progress>
			<p class="tmu-sync-status" id="tmu-sync-status" role="status" aria-live="polite"></p>

			<div class="tmu-poster" id="tmu-poster"><?php echo wp_kses_post( $poster_html ); ?></div>

			<p class="<?php echo esc_attr( '' === $sync_state['failed_at'] ? 'tmu-last-failed hidden' : 'tmu-last-failed' ); ?>" id="tmu-last-failed">
				<?php esc_html_e( 'Sync failed:', 'tmu-sidecar' ); ?>
				<span id="tmu-last-failed-at"><?php echo esc_html( $this->format_time( $sync_state['failed_at'] ) ); ?></span>
			</p>
			<p class="tmu-last-synced description">
				<span id="tmu-last-synced-label"><?php echo esc_html( '' === $sync_state['error'] ? __( 'Last synced:', 'tmu-sidecar' ) : __( 'Last successful sync:', 'tmu-sidecar' ) ); ?></span>
				<span id="tmu-last-synced"><?php echo esc_html( '' !== $synced_at ? $this->format_time( $synced_at ) : __( 'never', 'tmu-sidecar' ) ); ?></span>
			</p>
			<p class="<?php echo esc_attr( '' === $last_error ? 'tmu-last-error hidden' : 'tmu-last-error' ); ?>" id="tmu-last-error">
				<?php esc_html_e( 'Last error:', 'tmu-sidecar' ); ?>
				<span id="tmu-last-error-message"><?php echo esc_html( $last_error ); ?></span>
			</p>
			<?php $this->render_skipped_images( $post->ID ); ?>
		</div>
		<?php
	}

	/**
	 * The images this site refused at the last sync (tmu_skipped_images), if any.
	 *
	 * @param int $post_id Post ID.
	 */
	private function render_skipped_images( int $post_id ): void {
		$skipped = array_values( array_filter( explode( ' ', (string) get_post_meta( $post_id, 'tmu_skipped_images', true ) ) ) );
		if ( array() === $skipped ) {
			return;
		}
		$count = count( $skipped );
		?>
		<p class="tmu-skipped-images" id="tmu-skipped-images">
			<?php
			echo esc_html(
				sprintf(
					/* translators: %d: number of images. */
					_n( '%d image was refused by this site at the last sync (too big or no disk space); it is tried again at the next sync:', '%d images were refused by this site at the last sync (too big or no disk space); they are tried again at the next sync:', $count, 'tmu-sidecar' ),
					$count
				)
			);
			?>
			<code><?php echo esc_html( implode( ' ', $skipped ) ); ?></code>
		</p>
		<?php
	}

	/**
	 * The TMDb search field and its results list (filled by assets/js/meta-box-search.js).
	 */
	private function render_search(): void {
		?>
			<div class="tmu-search" id="tmu-search">
				<label for="tmu-search-input"><strong><?php esc_html_e( 'Search TMDb', 'tmu-sidecar' ); ?></strong></label>
				<div class="tmu-search-row">
					<input type="search" class="widefat" id="tmu-search-input" autocomplete="off" placeholder="<?php esc_attr_e( 'Title or name', 'tmu-sidecar' ); ?>" />
					<button type="button" class="button" id="tmu-search-button"><?php esc_html_e( 'Search', 'tmu-sidecar' ); ?></button>
				</div>
				<p class="tmu-search-status description" id="tmu-search-status" role="status" aria-live="polite"></p>
				<ul class="tmu-search-results" id="tmu-search-results"></ul>
			</div>
		<?php
	}

	/**
	 * Saves the TMDb id (save_post). Capability first, then the nonce.
	 *
	 * @param int|string   $post_id Post ID.
	 * @param WP_Post|null $post    Post.
	 */
	public function save( $post_id, $post = null ): void {
		if ( ! $post instanceof WP_Post || null === Content_Types::webhook_type( $post->post_type ) ) {
			return;
		}
		if ( ( defined( 'DOING_AUTOSAVE' ) && DOING_AUTOSAVE ) || wp_is_post_revision( $post ) || wp_is_post_autosave( $post ) ) {
			return;
		}
		if ( ! current_user_can( 'edit_post', $post->ID ) ) {
			return;
		}
		if ( ! isset( $_POST[ self::NONCE_NAME ] ) || ! wp_verify_nonce( sanitize_key( wp_unslash( $_POST[ self::NONCE_NAME ] ) ), self::NONCE_ACTION ) ) {
			return;
		}
		if ( ! isset( $_POST[ self::FIELD ] ) ) {
			return;
		}
		$value = absint( wp_unslash( $_POST[ self::FIELD ] ) );
		if ( $value > 0 ) {
			update_post_meta( $post->ID, 'tmdb_id', $value );
		} else {
			delete_post_meta( $post->ID, 'tmdb_id' );
		}
	}

	/**
	 * Loads the box's script and style on the editor of a synced type (admin_enqueue_scripts).
	 *
	 * @param string $hook_suffix Current admin page.
	 */
	public function enqueue_assets( $hook_suffix ): void {
		if ( ! in_array( $hook_suffix, array( 'post.php', 'post-new.php' ), true ) ) {
			return;
		}
		$screen = get_current_screen();
		if ( null === $screen || null === Content_Types::webhook_type( (string) $screen->post_type ) ) {
			return;
		}
		$post = get_post();
		if ( ! $post instanceof WP_Post ) {
			return;
		}
		$type = (string) Content_Types::webhook_type( $post->post_type );

		wp_enqueue_style( 'tmu-sidecar-admin', plugins_url( 'assets/css/admin.css', PLUGIN_FILE ), array(), VERSION );
		Scripts::register();
		wp_register_script( 'tmu-sidecar-meta-box-search', plugins_url( 'assets/js/meta-box-search.js', PLUGIN_FILE ), array( 'wp-api-fetch', 'wp-i18n' ), VERSION, true );
		Scripts::translate( 'tmu-sidecar-meta-box-search' );
		wp_register_script( 'tmu-sidecar-meta-box-editor', plugins_url( 'assets/js/meta-box-editor.js', PLUGIN_FILE ), array( 'wp-api-fetch', 'wp-date' ), VERSION, true );
		wp_enqueue_script( 'tmu-sidecar-meta-box', plugins_url( 'assets/js/meta-box.js', PLUGIN_FILE ), array( 'wp-api-fetch', 'wp-i18n', 'wp-date', 'tmu-sidecar-meta-box-search', 'tmu-sidecar-meta-box-editor', Scripts::ERRORS ), VERSION, true );
		Scripts::translate( 'tmu-sidecar-meta-box' );
		$config = array(
			'postId'       => $post->ID,
			'postType'     => $post->post_type,
			'type'         => $type,
			'searchType'   => 'drama' === $type ? 'tv' : $type,
			'namespace'    => '/' . REST_NAMESPACE,
			'pollInterval' => 1500,
			'pollTimeout'  => 15 * MINUTE_IN_SECONDS * 1000,
			'followJob'    => $this->recent_auto_sync_job( $post->ID ),
			'editUrl'      => get_edit_post_link( $post->ID, 'raw' ),
		);
		// The times the box prints on load, so those the script writes after a sync look the same.
		$config['dateTimeFormat'] = get_option( 'date_format' ) . ' ' . get_option( 'time_format' );
		$labels                   = get_post_type_object( $post->post_type );
		if ( null !== $labels ) {
			$config['addNewHeading'] = (string) $labels->labels->add_new_item;
			$config['editHeading']   = (string) $labels->labels->edit_item;
		}
		// Inline JSON keeps numbers as numbers (wp_localize_script() would turn them into strings).
		wp_add_inline_script( 'tmu-sidecar-meta-box', 'window.tmuSidecarMetaBox = ' . wp_json_encode( $config ) . ';', 'before' );
	}

	/**
	 * The job of an auto-sync queued in the last few minutes (the box follows it), or 0; another user's
	 * job is followed by administrators only, as GET tmu/v1/jobs/{id} shows it to them only.
	 *
	 * @param int $post_id Post ID.
	 */
	private function recent_auto_sync_job( int $post_id ): int {
		$outcome = get_post_meta( $post_id, Lifecycle::OUTCOME_META, true );
		if ( ! is_array( $outcome ) || 'queued' !== ( $outcome['status'] ?? '' ) ) {
			return 0;
		}
		if ( ! current_user_can( 'manage_options' ) && (int) ( $outcome['by'] ?? 0 ) !== get_current_user_id() ) {
			return 0;
		}
		return time() - (int) ( $outcome['at'] ?? 0 ) < 5 * MINUTE_IN_SECONDS ? (int) ( $outcome['job_id'] ?? 0 ) : 0;
	}

	/**
	 * One per-sync option checkbox (not submitted with the post form).
	 *
	 * @param string $key     Option name.
	 * @param string $label   Label.
	 * @param bool   $checked Default state.
	 */
	private function render_option( string $key, string $label, bool $checked ): void {
		printf(
			'<label class="tmu-sync-option"><input type="checkbox" id="tmu-sync-%1$s" data-option="%1$s" value="1" %2$s /> %3$s</label><br />',
			esc_attr( $key ),
			checked( $checked, true, false ),
			esc_html( $label )
		);
	}

	/**
	 * An ISO 8601 time in the site's date and time format.
	 *
	 * @param string $iso Stored time.
	 */
	private function format_time( string $iso ): string {
		$timestamp = strtotime( $iso );
		if ( false === $timestamp ) {
			return $iso;
		}
		$formatted = wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $timestamp );
		return is_string( $formatted ) ? $formatted : $iso;
	}
}
