<?php
/**
 * Tools → Curated lists: create, edit, delete and refresh keyword lists.
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
 * The screen reads the lists straight from the sidecar's tables; every change goes to the sidecar as
 * a signed event (`discover.requested {list: {...}}`, `list.refresh`, `list.deleted`), so the sidecar
 * stays the only writer of its tables and validates keywords, schedules and filters in one place.
 */
final class Lists_Admin {

	public const PAGE = 'tmu-curated-lists';

	/**
	 * Lists table reader.
	 *
	 * @var Lists_Repository
	 */
	private Lists_Repository $lists;

	/**
	 * Sidecar client.
	 *
	 * @var Sidecar_Client
	 */
	private Sidecar_Client $client;

	/**
	 * A list's items screen.
	 *
	 * @var List_Items_Admin
	 */
	private List_Items_Admin $items;

	/**
	 * Constructor.
	 *
	 * @param Lists_Repository $lists  Lists table reader.
	 * @param Sidecar_Client   $client Sidecar client.
	 * @param List_Items_Admin $items  A list's items screen.
	 */
	public function __construct( Lists_Repository $lists, Sidecar_Client $client, List_Items_Admin $items ) {
		$this->lists  = $lists;
		$this->client = $client;
		$this->items  = $items;
	}

	/**
	 * Adds Tools → Curated lists (admin_menu).
	 */
	public function add_page(): void {
		add_management_page( __( 'Curated lists', 'tmu-sidecar' ), __( 'Curated lists', 'tmu-sidecar' ), 'manage_options', self::PAGE, array( $this, 'render_page' ) );
	}

	/**
	 * The page's styles (admin_enqueue_scripts).
	 *
	 * @param string $hook_suffix Current admin page.
	 */
	public function enqueue_assets( $hook_suffix ): void {
		if ( get_plugin_page_hookname( self::PAGE, 'tools.php' ) === $hook_suffix ) {
			wp_enqueue_style( 'tmu-sidecar-lists-admin', plugins_url( 'assets/css/lists-admin.css', PLUGIN_FILE ), array(), VERSION );
		}
	}

	/**
	 * The page (tools.php?page=tmu-curated-lists[&edit=ID]).
	 */
	public function render_page(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage curated lists.', 'tmu-sidecar' ), 403 );
		}
		$ready = $this->lists->tables_exist();
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- read-only: which list to show in the form.
		$edit = $ready && isset( $_GET['edit'] ) ? $this->lists->find( absint( $_GET['edit'] ) ) : null;
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- read-only: which list's items to show.
		$items = $ready && isset( $_GET['items'] ) ? $this->lists->find( absint( $_GET['items'] ) ) : null;
		echo '<div class="wrap tmu-lists-admin"><h1>' . esc_html( get_admin_page_title() ) . '</h1>';
		$this->render_notice();
		if ( ! $ready ) {
			echo '<div class="notice notice-warning inline"><p>' . esc_html__( 'The sidecar has not created the curated list tables in this database yet: start it once against this database.', 'tmu-sidecar' ) . '</p></div></div>';
			return;
		}
		if ( null !== $items ) {
			$this->items->render( $items );
			echo '</div>';
			return;
		}
		echo '<p>' . esc_html__( 'A curated list is the titles TMDb tags with a keyword, synced into this site and refreshed on a schedule. Put one on a page with its shortcode; the page reads it from the database, so it stays fast when TMDb or the sidecar is away.', 'tmu-sidecar' ) . '</p>';
		$this->render_table( $this->lists->all() );
		$this->render_form( $edit );
		echo '</div>';
	}

	/**
	 * Create or edit (admin-post.php?action=tmu_list_save).
	 */
	public function handle_save(): void {
		$this->guard( 'tmu_list_save' );
		// phpcs:ignore WordPress.Security.NonceVerification.Missing -- checked in guard().
		$payload = List_Form::payload( wp_unslash( $_POST ) );
		if ( is_wp_error( $payload ) ) {
			$this->finish( $payload, '' );
		}
		$result = $this->client->send_event( 'discover.requested', $payload );
		/* translators: %d: job id. */
		$this->finish( $result, __( 'List saved; the sidecar is filling it (job %d).', 'tmu-sidecar' ) );
	}

	/**
	 * Refresh now (admin-post.php?action=tmu_list_refresh).
	 */
	public function handle_refresh(): void {
		$this->guard( 'tmu_list_refresh' );
		// phpcs:ignore WordPress.Security.NonceVerification.Missing -- checked in guard().
		$result = $this->client->send_event( 'list.refresh', array( 'list_id' => absint( $_POST['list_id'] ?? 0 ) ) );
		/* translators: %d: job id. */
		$this->finish( $result, __( 'Refresh queued (job %d).', 'tmu-sidecar' ) );
	}

	/**
	 * Delete (admin-post.php?action=tmu_list_delete).
	 */
	public function handle_delete(): void {
		$this->guard( 'tmu_list_delete' );
		// phpcs:ignore WordPress.Security.NonceVerification.Missing -- checked in guard().
		$result = $this->client->send_event( 'list.deleted', array( 'list_id' => absint( $_POST['list_id'] ?? 0 ) ) );
		$this->finish( $result, __( 'List deleted.', 'tmu-sidecar' ) );
	}

	/**
	 * Capability first, then the nonce.
	 *
	 * @param string $action Nonce action.
	 */
	private function guard( string $action ): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage curated lists.', 'tmu-sidecar' ), 403 );
		}
		check_admin_referer( $action );
	}

	/**
	 * Keeps the outcome for the next page view and goes back to the screen.
	 *
	 * @param array<string, mixed>|WP_Error $result  Sidecar answer.
	 * @param string                        $success Message (may hold %d for the job id).
	 */
	private function finish( $result, string $success ): void {
		if ( ! is_wp_error( $result ) && ! Sidecar_Client::is_success( $result ) ) {
			$result = $this->client->error_from_response( $result );
		}
		$notice = is_wp_error( $result )
			? array( 'type' => 'error', 'message' => $result->get_error_message() )
			: array( 'type' => 'success', 'message' => sprintf( $success, (int) ( $result['body']['job_id'] ?? 0 ) ) );
		set_transient( 'tmu_lists_notice_' . get_current_user_id(), $notice, MINUTE_IN_SECONDS );
		wp_safe_redirect( admin_url( 'tools.php?page=' . self::PAGE ) );
		exit;
	}

	/**
	 * The last action's outcome, once.
	 */
	private function render_notice(): void {
		$key    = 'tmu_lists_notice_' . get_current_user_id();
		$notice = get_transient( $key );
		if ( ! is_array( $notice ) ) {
			return;
		}
		delete_transient( $key );
		$class = 'error' === $notice['type'] ? 'notice-error' : 'notice-success';
		printf( '<div class="notice %1$s is-dismissible" id="tmu-lists-notice" role="status"><p>%2$s</p></div>', esc_attr( $class ), esc_html( (string) $notice['message'] ) );
	}

	/**
	 * The lists: title, shortcode, keyword, items, schedule, last refresh, actions.
	 *
	 * @param array<int, array<string, mixed>> $rows Lists with item_count.
	 */
	private function render_table( array $rows ): void {
		echo '<h2>' . esc_html__( 'Lists', 'tmu-sidecar' ) . '</h2>';
		if ( array() === $rows ) {
			echo '<p id="tmu-lists-empty">' . esc_html__( 'No lists yet: add one below.', 'tmu-sidecar' ) . '</p>';
			return;
		}
		( new Curated_Lists_Table( $rows, $this->lists ) )->display();
	}

	/**
	 * Add / edit form.
	 *
	 * @param array<string, mixed>|null $list List being edited.
	 */
	private function render_form( ?array $list ): void {
		$meta    = null !== $list ? $this->lists->decode_filters( $list ) : array( 'type' => 'movie', 'keyword' => '', 'filters' => array() );
		$filters = $meta['filters'];
		$value   = static fn( string $key, string $default = '' ): string => isset( $filters[ $key ] ) && is_scalar( $filters[ $key ] ) ? (string) $filters[ $key ] : $default;
		echo '<h2 id="tmu-lists-form-title">' . esc_html( null !== $list ? __( 'Edit list', 'tmu-sidecar' ) : __( 'Add a list', 'tmu-sidecar' ) ) . '</h2>';
		printf( '<form method="post" action="%s" id="tmu-lists-form" aria-labelledby="tmu-lists-form-title">', esc_url( admin_url( 'admin-post.php' ) ) );
		echo '<input type="hidden" name="action" value="tmu_list_save" />';
		printf( '<input type="hidden" name="list_id" value="%d" />', null !== $list ? (int) $list['id'] : 0 );
		wp_nonce_field( 'tmu_list_save' );
		echo '<table class="form-table" role="presentation"><tbody>';
		$this->row( 'keyword', __( 'Keyword', 'tmu-sidecar' ), sprintf( '<input type="text" class="regular-text" id="tmu-list-keyword" name="keyword" value="%s" required aria-describedby="tmu-list-keyword-help" />', esc_attr( $meta['keyword'] ) ), __( 'A TMDb keyword such as "time travel". Join several with "," (titles with all of them) or "|" (any of them).', 'tmu-sidecar' ) );
		$type = sprintf( '<select id="tmu-list-type" name="type"><option value="movie"%1$s>%2$s</option><option value="tv"%3$s>%4$s</option></select>', selected( $meta['type'], 'movie', false ), esc_html__( 'Movies', 'tmu-sidecar' ), selected( $meta['type'], 'tv', false ), esc_html__( 'TV shows', 'tmu-sidecar' ) );
		$this->row( 'type', __( 'Type', 'tmu-sidecar' ), $type );
		$this->row( 'title', __( 'Title', 'tmu-sidecar' ), sprintf( '<input type="text" class="regular-text" id="tmu-list-title" name="title" value="%s" maxlength="200" />', esc_attr( (string) ( $list['title'] ?? '' ) ) ), __( 'Empty: "<Keyword> spotlight".', 'tmu-sidecar' ) );
		$this->row( 'description', __( 'Description', 'tmu-sidecar' ), sprintf( '<textarea class="large-text" rows="3" id="tmu-list-description" name="description" maxlength="2000">%s</textarea>', esc_textarea( (string) ( $list['description'] ?? '' ) ) ) );
		$this->row( 'status', __( 'New titles', 'tmu-sidecar' ), List_Form::status_select( (string) ( $list['post_status'] ?? 'draft' ), $meta['type'] ), __( 'Titles the list adds to the site are created as drafts unless you choose Published (for people who may publish). Titles already on the site keep their status.', 'tmu-sidecar' ) );
		$this->row( 'limit', __( 'Number of titles', 'tmu-sidecar' ), sprintf( '<input type="number" class="small-text" id="tmu-list-limit" name="limit" min="1" max="100" value="%d" />', (int) ( $list['item_limit'] ?? 20 ) ) );
		$cron    = null !== $list ? (string) $list['refresh_cron'] : List_Form::SCHEDULE_PRESETS['daily'];
		$preset  = '' === $cron ? 'manual' : (string) ( array_search( $cron, List_Form::SCHEDULE_PRESETS, true ) ?: 'custom' );
		$choices = '';
		foreach ( array(
			'daily'  => List_Form::schedule_label( List_Form::SCHEDULE_PRESETS['daily'] ),
			'weekly' => List_Form::schedule_label( List_Form::SCHEDULE_PRESETS['weekly'] ),
			'manual' => List_Form::schedule_label( '' ),
			'custom' => __( 'Custom (cron)', 'tmu-sidecar' ),
		) as $key => $label ) {
			$choices .= sprintf( '<option value="%1$s"%2$s>%3$s</option>', esc_attr( $key ), selected( $preset, $key, false ), esc_html( $label ) );
		}
		$this->row( 'refresh_preset', __( 'Refresh schedule', 'tmu-sidecar' ), '<select id="tmu-list-refresh_preset" name="refresh_preset">' . $choices . '</select>', __( 'Times are in the sidecar\'s CRON_TZ. Manual: only when you click Refresh now.', 'tmu-sidecar' ) );
		$this->row( 'refresh_cron', __( 'Custom cron', 'tmu-sidecar' ), sprintf( '<input type="text" class="regular-text code" id="tmu-list-refresh_cron" name="refresh_cron" value="%s" />', esc_attr( 'custom' === $preset ? $cron : '' ) ), __( 'Only for "Custom": minute hour day month weekday, e.g. "30 4 * * 6" for Saturdays at 04:30.', 'tmu-sidecar' ) );
		$this->row( 'original_language', __( 'Original language', 'tmu-sidecar' ), sprintf( '<input type="text" class="small-text" id="tmu-list-original_language" name="original_language" value="%s" pattern="[a-z]{2}" />', esc_attr( $value( 'original_language' ) ) ), __( 'ISO 639-1, e.g. "ko"; empty for any.', 'tmu-sidecar' ) );
		$this->row( 'region', __( 'Country', 'tmu-sidecar' ), sprintf( '<input type="text" class="small-text" id="tmu-list-region" name="region" value="%s" pattern="[A-Za-z]{2}" />', esc_attr( $value( 'region' ) ) ), __( 'ISO 3166-1, e.g. "US": release country for movies, origin country for TV.', 'tmu-sidecar' ) );
		$dates = sprintf( '<input type="date" id="tmu-list-release_from" name="release_from" value="%1$s" aria-label="%2$s" /> – <input type="date" id="tmu-list-release_to" name="release_to" value="%3$s" aria-label="%4$s" />', esc_attr( $value( 'release_from' ) ), esc_attr__( 'Released from', 'tmu-sidecar' ), esc_attr( $value( 'release_to' ) ), esc_attr__( 'Released until', 'tmu-sidecar' ) );
		$this->row( 'release_from', __( 'Released between', 'tmu-sidecar' ), $dates );
		$this->row( 'min_vote_count', __( 'Minimum votes', 'tmu-sidecar' ), sprintf( '<input type="number" class="small-text" id="tmu-list-min_vote_count" name="min_vote_count" min="0" value="%s" />', esc_attr( $value( 'min_vote_count' ) ) ) );
		$options = '';
		foreach ( List_Form::SORT_ORDERS as $order ) {
			$options .= sprintf( '<option value="%1$s"%2$s>%3$s</option>', esc_attr( $order ), selected( $value( 'sort_by', 'popularity.desc' ), $order, false ), esc_html( List_Form::sort_label( $order ) ) );
		}
		$this->row( 'sort_by', __( 'Order', 'tmu-sidecar' ), '<select id="tmu-list-sort_by" name="sort_by">' . $options . '</select>' );
		$adult = sprintf( '<label><input type="checkbox" id="tmu-list-include_adult" name="include_adult" value="1"%1$s /> %2$s</label>', checked( ! empty( $filters['include_adult'] ), true, false ), esc_html__( 'Include adult titles (only when the sidecar runs with ALLOW_ADULT=true)', 'tmu-sidecar' ) );
		$this->row( 'include_adult', __( 'Adult titles', 'tmu-sidecar' ), $adult );
		echo '</tbody></table>';
		submit_button( null !== $list ? __( 'Save and refresh', 'tmu-sidecar' ) : __( 'Add list', 'tmu-sidecar' ) );
		echo '</form>';
	}

	/**
	 * One form-table row; `$field` is HTML built with escaped values.
	 *
	 * @param string $key   Field key.
	 * @param string $label Label.
	 * @param string $field Field HTML.
	 * @param string $help  Help text.
	 */
	private function row( string $key, string $label, string $field, string $help = '' ): void {
		printf( '<tr><th scope="row"><label for="%1$s">%2$s</label></th><td>', esc_attr( 'tmu-list-' . $key ), esc_html( $label ) );
		echo $field; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- built from escaped parts above.
		if ( '' !== $help ) {
			printf( '<p class="description" id="%1$s">%2$s</p>', esc_attr( 'tmu-list-' . $key . '-help' ), esc_html( $help ) );
		}
		echo '</td></tr>';
	}
}
