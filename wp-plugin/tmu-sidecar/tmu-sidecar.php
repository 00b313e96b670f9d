<?php
/**
 * Plugin Name:       TMU Sidecar
 * Plugin URI:        https://github.com/tmu-sidecar/tmu-sidecar
 * Description:       Registers the TMU post types, taxonomies and meta, and hands all TMDb sync work to the TMU sidecar over signed webhooks.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      8.1
 * Author:            TMU Sidecar contributors
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       tmu-sidecar
 * Domain Path:       /languages
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

const VERSION        = '0.1.0';
const PLUGIN_FILE    = __FILE__;
const TEXT_DOMAIN    = 'tmu-sidecar';
const REST_NAMESPACE = 'tmu/v1';

// Classes load on first use: includes/autoload.php maps TMU\Sidecar\Foo_Bar to includes/<concern>/class-foo-bar.php.
require_once __DIR__ . '/includes/autoload.php';

/**
 * Builds the plugin's objects and registers every hook the plugin uses.
 *
 * No class registers hooks on its own: this function and the register_*_hooks() steps it calls,
 * all in this file, are the one place to read to know what the plugin does and when.
 */
function bootstrap(): void {
	$settings      = new Settings();
	$client        = new Sidecar_Client( $settings );
	$content_types = new Content_Types();
	$jobs          = new Jobs_Repository();
	$sync_rest     = new Sync_Rest( $settings, $client );
	$connection    = new Connection_Check( $settings, $client );
	$curated       = new Lists_Repository();
	$lifecycle     = new Lifecycle( $settings, $client, $content_types );
	$create_keys   = new Create_Keys();

	// Activation and deactivation.
	register_activation_hook( PLUGIN_FILE, array( $lifecycle, 'activate' ) );
	register_deactivation_hook( PLUGIN_FILE, array( $lifecycle, 'deactivate' ) );
	register_activation_hook( PLUGIN_FILE, array( $create_keys, 'install' ) );
	// A TMDb key an earlier version stored in plain text is sealed on the next admin page load.
	add_action( 'admin_init', array( $settings, 'seal_stored_key' ) );
	// One rule for who reads what in a tmu/v1 error; a stale failure report ends on the first answer.
	add_filter( 'rest_request_after_callbacks', array( Error_Presenter::class, 'filter_rest_response' ), 10, 3 );
	add_action( 'tmu_sidecar_answered', array( $connection, 'forget_failure' ) );

	register_status_hooks( new Title_Status( new Title_Links(), new Slug_Rule() ) );
	register_content_hooks( $content_types, new Content_Meta(), new Content_Rest_Query(), new Slug_Rule(), new Term_Logos(), $lifecycle );
	register_rest_hooks( $sync_rest, new Jobs_Rest( $client, $jobs ), new Search_Rest( $client ), new Resolve_Rest( $create_keys, new Host_Limits() ), new Connection_Rest( $connection ), new Upload_Dir() );
	register_create_hooks( new Idempotent_Creates( $create_keys, new Key_Locks() ), new Create_Key_Sync( $create_keys ), $create_keys );
	$hotlinks = new Hotlink_Images();
	register_media_hooks( new Media_Batch_Rest( $create_keys, new Key_Locks(), new Media_Batch_Files( new Upload_Dir() ), $hotlinks ), $hotlinks );
	register_settings_hooks( new Settings_Page( $settings, new Settings_Fields( $settings, new Key_Source( $client ) ) ), new Settings_Push( $settings, $client ), new Bulk_Panel( $settings, $jobs ) );
	register_editor_hooks( new Meta_Box( $settings ), new Tmdb_Data_Box(), $lifecycle, new Admin_Notices( $connection ), new Help_Tabs() );
	$fields_store = new Fields_Store();
	register_field_hooks( new Fields_Box( $fields_store, new Repeatable_Fields(), new Title_Children() ), new Fields_Save( $fields_store ), new Fields_Rest( $fields_store ) );
	register_activity_hooks( new Activity_Page( new Activity_Repository(), new Activity_Tables( $jobs, $curated ), new Activity_Schedules() ), new Activity_Actions( $client, $jobs ) );
	register_list_screen_hooks( new List_Columns(), new List_Tables( $settings, $client ), new Episode_Lists() );
	$list_items = new List_Items_Admin( $curated, $client );
	register_curated_list_hooks( new Lists_Rest( $curated ), new Lists_Shortcode( $curated ), new Lists_Admin( $curated, $client, $list_items ), $list_items );
	$health_facts = new Site_Health_Facts( $client, $connection );
	register_site_health_hooks( new Site_Health( $health_facts, $settings ), new Site_Health_Notice( $health_facts ) );
	register_import_hooks( new Import_Rest( $settings, $client, $sync_rest ), new Import_Page( $settings, $jobs ) );
	register_rest_data_hooks( new Rest_Tmu_Field() );
	register_block_hooks( new Blocks( new Block_Title_Views(), new Block_Media_Views() ), new Templates() );
}

/**
 * Translations, post types, taxonomies and meta; finding objects by TMDb id over REST; the slug rule.
 *
 * @param Content_Types      $content_types Post types and taxonomies.
 * @param Content_Meta       $content_meta  Post, attachment and term meta.
 * @param Content_Rest_Query $rest_query    `?tmdb_id=`, `?tmu_key=`, `?tmdb_file_path=`.
 * @param Slug_Rule          $slug_rule     "{ID}-{title}" slugs.
 * @param Term_Logos         $term_logos    Network and channel logos.
 * @param Lifecycle          $lifecycle     Text domain.
 */
function register_content_hooks( Content_Types $content_types, Content_Meta $content_meta, Content_Rest_Query $rest_query, Slug_Rule $slug_rule, Term_Logos $term_logos, Lifecycle $lifecycle ): void {
	add_action( 'init', array( $lifecycle, 'load_textdomain' ), 0 );
	add_action( 'init', array( $content_types, 'register_post_types' ) );
	add_action( 'after_setup_theme', array( $content_types, 'add_thumbnail_support' ), 20 );
	add_action( 'init', array( $content_types, 'register_taxonomies' ) );
	add_action( 'init', array( $content_meta, 'register_meta' ), 20 );
	add_action( 'init', array( $term_logos, 'register' ), 20 );
	add_filter( 'is_protected_meta', array( $content_meta, 'protect_meta' ), 10, 3 );
	add_filter( 'use_block_editor_for_post_type', array( $content_types, 'use_block_editor' ), 10, 2 );

	// REST: find posts, attachments and terms by their TMDb id or file path.
	foreach ( Content_Types::META_POST_TYPES as $post_type ) {
		add_filter( "rest_{$post_type}_collection_params", array( $rest_query, 'add_tmdb_id_collection_param' ) );
		add_filter( "rest_{$post_type}_collection_params", array( $rest_query, 'add_key_collection_param' ) );
		add_filter( "rest_{$post_type}_query", array( $rest_query, 'filter_rest_post_query' ), 10, 2 );
	}
	add_filter( 'rest_attachment_collection_params', array( $rest_query, 'add_file_path_collection_param' ) );
	add_filter( 'rest_attachment_query', array( $rest_query, 'filter_rest_attachment_query' ), 10, 2 );
	foreach ( Content_Types::TAXONOMIES as $taxonomy ) {
		add_filter( "rest_{$taxonomy}_collection_params", array( $rest_query, 'add_tmdb_id_collection_param' ) );
		add_filter( "rest_{$taxonomy}_query", array( $rest_query, 'filter_rest_term_query' ), 10, 2 );
	}

	// Slug rule: "{ID}-{title}" and "{parent ID}-{title}". The REST hook runs after meta is written.
	add_action( 'save_post', array( $slug_rule, 'apply_slug_rule_on_save' ), 20, 2 );
	foreach ( Content_Types::POST_TYPES as $post_type ) {
		add_action( "rest_after_insert_{$post_type}", array( $slug_rule, 'apply_slug_rule_after_rest_insert' ), 10, 1 );
	}
}

/**
 * Drafts stay drafts: a title's seasons, episodes, videos and people follow its status.
 *
 * @param Title_Status $title_status Follows a movie's, series' or drama's status changes.
 */
function register_status_hooks( Title_Status $title_status ): void {
	add_action( 'transition_post_status', array( $title_status, 'on_transition' ), 10, 3 );
}

/**
 * The plugin's REST routes (tmu/v1), except the curated lists' and the import's.
 *
 * @param Sync_Rest       $sync_rest  POST /sync, /bulk.
 * @param Jobs_Rest       $jobs_rest  GET /jobs/{id}, POST /jobs/{id}/cancel.
 * @param Search_Rest     $search     GET /search.
 * @param Resolve_Rest    $resolve    The sidecar's batch look-ups.
 * @param Connection_Rest $connection POST /test-connection.
 * @param Upload_Dir      $upload_dir The month's uploads folder, safe under parallel uploads; no empty file left by a failed upload.
 */
function register_rest_hooks( Sync_Rest $sync_rest, Jobs_Rest $jobs_rest, Search_Rest $search, Resolve_Rest $resolve, Connection_Rest $connection, Upload_Dir $upload_dir ): void {
	add_action( 'rest_api_init', array( $sync_rest, 'register_routes' ) );
	add_action( 'rest_api_init', array( $jobs_rest, 'register_routes' ) );
	add_action( 'rest_api_init', array( $search, 'register_routes' ) );
	add_action( 'rest_api_init', array( $resolve, 'register_routes' ) );
	add_filter( 'rest_get_max_batch_size', array( $resolve, 'max_batch_size' ) );
	add_action( 'rest_api_init', array( $connection, 'register_routes' ) );
	add_filter( 'wp_handle_sideload_prefilter', array( $upload_dir, 'prepare_folder' ) );
	add_filter( 'wp_handle_upload_prefilter', array( $upload_dir, 'prepare_folder' ) );
	add_filter( 'rest_request_after_callbacks', array( $upload_dir, 'remove_empty_leftovers' ), 10, 3 );
}

/**
 * Creates that carry their key (tmdb_id, tmu_key, tmdb_file_path) make one object however often they are sent.
 *
 * @param Idempotent_Creates $creates  Runs a keyed create under its key's lock; answers an existing object instead.
 * @param Create_Key_Sync    $key_sync Keeps the key table in step with the key meta.
 * @param Create_Keys        $keys     The key table.
 */
function register_create_hooks( Idempotent_Creates $creates, Create_Key_Sync $key_sync, Create_Keys $keys ): void {
	// Also runs for every item of a /batch/v1 request; returns at once for any other request.
	add_filter( 'rest_pre_dispatch', array( $creates, 'pre_dispatch' ), 10, 3 );
	// The key row is written from the insert itself, before REST writes the meta.
	add_action( 'transition_post_status', array( $creates, 'on_post_inserted' ), PHP_INT_MIN, 3 );
	add_action( 'add_attachment', array( $creates, 'on_attachment_inserted' ), PHP_INT_MIN, 1 );
	add_action( 'deleted_post', array( $keys, 'forget' ), 10, 1 );
	// Keys written outside REST (editor, WP-CLI, importers) and changed TMDb ids reach the table too.
	add_action( 'added_post_meta', array( $key_sync, 'on_meta_written' ), 10, 4 );
	add_action( 'updated_post_meta', array( $key_sync, 'on_meta_written' ), 10, 4 );
	add_action( 'deleted_post_meta', array( $key_sync, 'on_meta_deleted' ), 10, 3 );
	add_action( 'untrashed_post', array( $key_sync, 'on_untrashed' ), 10, 1 );
}

/**
 * Images the sidecar sized itself (POST tmu/v1/media), and hot-linked images rendered with the CDN's URLs.
 *
 * @param Media_Batch_Rest $media    POST tmu/v1/media.
 * @param Hotlink_Images   $hotlinks URLs, sizes and srcset of attachments without a file.
 */
function register_media_hooks( Media_Batch_Rest $media, Hotlink_Images $hotlinks ): void {
	add_action( 'rest_api_init', array( $media, 'register_routes' ) );
	add_filter( 'image_downsize', array( $hotlinks, 'downsize' ), 10, 3 );
	add_filter( 'wp_get_attachment_url', array( $hotlinks, 'attachment_url' ), 10, 2 );
	add_filter( 'wp_calculate_image_srcset', array( $hotlinks, 'srcset' ), 10, 5 );
}

/**
 * Settings → TMU Sidecar: the form, pushing a save to the sidecar, the Bulk sync panel.
 *
 * @param Settings_Page $settings_page The page.
 * @param Settings_Push $push          Tells the sidecar about a save.
 * @param Bulk_Panel    $bulk_panel    The Bulk sync panel.
 */
function register_settings_hooks( Settings_Page $settings_page, Settings_Push $push, Bulk_Panel $bulk_panel ): void {
	add_action( 'admin_init', array( $settings_page, 'register_settings' ) );
	add_action( 'admin_menu', array( $settings_page, 'add_page' ) );
	add_action( 'admin_enqueue_scripts', array( $settings_page, 'enqueue_assets' ) );
	add_action( 'add_option_' . Settings::OPTION, array( $push, 'on_option_added' ), 10, 2 );
	add_action( 'update_option_' . Settings::OPTION, array( $push, 'on_option_updated' ), 10, 2 );
	add_filter( 'plugin_action_links_' . plugin_basename( PLUGIN_FILE ), array( $settings_page, 'action_links' ) );

	// Bulk sync panel on the settings page.
	add_action( 'tmu_sidecar_settings_page_after', array( $bulk_panel, 'render' ) );
	add_action( 'admin_enqueue_scripts', array( $bulk_panel, 'enqueue_assets' ) );
}

/**
 * The editor screens: the TMDb boxes, auto-sync on save, deletions, notices and help tabs.
 *
 * @param Meta_Box      $meta_box      The TMDb box.
 * @param Tmdb_Data_Box $tmdb_data_box The read-only TMDb data box.
 * @param Lifecycle     $lifecycle     Auto-sync and deletions.
 * @param Admin_Notices $notices       Auto-sync outcome, onboarding, the sidecar's health.
 * @param Help_Tabs     $help_tabs     Help tabs.
 */
function register_editor_hooks( Meta_Box $meta_box, Tmdb_Data_Box $tmdb_data_box, Lifecycle $lifecycle, Admin_Notices $notices, Help_Tabs $help_tabs ): void {
	// Meta box on movie, tv, drama and people.
	add_action( 'add_meta_boxes', array( $meta_box, 'add' ), 10, 1 );
	add_action( 'add_meta_boxes', array( $tmdb_data_box, 'add' ), 10, 1 );
	add_action( 'rest_api_init', array( $tmdb_data_box, 'register_routes' ) );
	add_action( 'save_post', array( $meta_box, 'save' ), 10, 2 );
	add_action( 'admin_enqueue_scripts', array( $meta_box, 'enqueue_assets' ) );

	// Auto-sync on save, and telling the sidecar about deleted posts.
	add_action( 'save_post', array( $lifecycle, 'auto_sync_on_save' ), 30, 2 );
	foreach ( Content_Types::SYNCED_POST_TYPES as $post_type ) {
		add_action( "rest_after_insert_{$post_type}", array( $lifecycle, 'auto_sync_after_rest_insert' ), 20, 1 );
	}
	add_action( 'before_delete_post', array( $lifecycle, 'on_before_delete_post' ), 10, 2 );
	// "Sync now" counts as the auto-sync of a save right after it (e.g. Publish).
	add_action( 'tmu_sidecar_sync_queued', array( $lifecycle, 'on_sync_queued' ), 10, 2 );

	// Notices: an auto-sync's outcome, onboarding, the sidecar's health (administrators).
	add_action( 'admin_notices', array( $notices, 'render' ) );
	add_action( 'wp_ajax_' . Admin_Notices::DISMISS_ACTION, array( $notices, 'dismiss' ) );
	add_action( 'current_screen', array( $help_tabs, 'add' ) );
}

/**
 * Tools → Sync activity.
 *
 * @param Activity_Page    $activity_page The page.
 * @param Activity_Actions $activity_acts Retry, cancel and run-now.
 */
function register_activity_hooks( Activity_Page $activity_page, Activity_Actions $activity_acts ): void {
	add_action( 'admin_menu', array( $activity_page, 'add_page' ) );
	add_action( 'admin_enqueue_scripts', array( $activity_page, 'enqueue_assets' ) );
	add_action( 'admin_post_' . Activity_Actions::RETRY, array( $activity_acts, 'handle_retry' ) );
	add_action( 'admin_post_' . Activity_Actions::CANCEL, array( $activity_acts, 'handle_cancel' ) );
	add_action( 'admin_post_' . Activity_Actions::RUN, array( $activity_acts, 'handle_run' ) );
}

/**
 * The post list screens: "Last synced", TMDb id and year columns, filters, "Sync from TMDb", seasons and episodes.
 *
 * @param List_Columns  $list_columns  "Last synced".
 * @param List_Tables   $list_tables   TMDb id, year, sync-state filter, row and bulk actions.
 * @param Episode_Lists $episode_lists Series and season columns and filters.
 */
function register_list_screen_hooks( List_Columns $list_columns, List_Tables $list_tables, Episode_Lists $episode_lists ): void {
	foreach ( array_keys( Content_Types::SYNCED_POST_TYPES ) as $post_type ) {
		add_filter( "manage_{$post_type}_posts_columns", array( $list_columns, 'add_column' ) );
		add_action( "manage_{$post_type}_posts_custom_column", array( $list_columns, 'render_cell' ), 10, 2 );
	}
	add_action( 'admin_enqueue_scripts', array( $list_columns, 'enqueue_assets' ) );

	foreach ( array_keys( Content_Types::SYNCED_POST_TYPES ) as $post_type ) {
		add_filter( "manage_{$post_type}_posts_columns", array( $list_tables, 'add_columns' ) );
		add_action( "manage_{$post_type}_posts_custom_column", array( $list_tables, 'render_cell' ), 10, 2 );
		add_filter( "manage_edit-{$post_type}_sortable_columns", array( $list_tables, 'sortable_columns' ) );
		add_filter( "bulk_actions-edit-{$post_type}", array( $list_tables, 'bulk_actions' ) );
		add_filter( "handle_bulk_actions-edit-{$post_type}", array( $list_tables, 'handle_bulk' ), 10, 3 );
	}
	add_action( 'restrict_manage_posts', array( $list_tables, 'render_filter' ) );
	add_action( 'pre_get_posts', array( $list_tables, 'filter_query' ) );
	add_filter( 'posts_where', array( $list_tables, 'never_synced_where' ), 10, 2 );
	add_filter( 'post_row_actions', array( $list_tables, 'row_actions' ), 10, 2 );
	add_action( 'admin_post_' . List_Tables::ROW_ACTION, array( $list_tables, 'handle_row_action' ) );
	add_action( 'admin_notices', array( $list_tables, 'render_notice' ) );

	// Seasons and episodes: series and season columns and filters, numeric order.
	foreach ( array( 'season', 'episode', 'drama-episode' ) as $post_type ) {
		add_filter( "manage_{$post_type}_posts_columns", array( $episode_lists, 'add_columns' ) );
		add_action( "manage_{$post_type}_posts_custom_column", array( $episode_lists, 'render_cell' ), 10, 2 );
	}
	add_action( 'restrict_manage_posts', array( $episode_lists, 'render_filters' ) );
	add_filter( 'posts_clauses', array( $episode_lists, 'clauses' ), 10, 2 );

	// Videos: the title each belongs to.
	$video_lists = new Video_List_Columns();
	add_filter( 'manage_video_posts_columns', array( $video_lists, 'add_columns' ) );
	add_action( 'manage_video_posts_custom_column', array( $video_lists, 'render_cell' ), 10, 2 );
}

/**
 * Curated lists: public cacheable routes, the [tmu_list] shortcode, Tools → Curated lists.
 *
 * @param Lists_Rest       $lists_rest  Public routes.
 * @param Lists_Shortcode  $lists_code  [tmu_list].
 * @param Lists_Admin      $lists_admin Tools → Curated lists.
 * @param List_Items_Admin $list_items  A list's items: pin, remove, restore, move.
 */
function register_curated_list_hooks( Lists_Rest $lists_rest, Lists_Shortcode $lists_code, Lists_Admin $lists_admin, List_Items_Admin $list_items ): void {
	add_action( 'rest_api_init', array( $lists_rest, 'register_routes' ) );
	add_filter( 'rest_pre_serve_request', array( $lists_rest, 'serve_not_modified' ), 10, 3 );
	add_action( 'init', array( $lists_code, 'register' ) );
	add_action( 'admin_menu', array( $lists_admin, 'add_page' ) );
	add_action( 'admin_enqueue_scripts', array( $lists_admin, 'enqueue_assets' ) );
	add_action( 'admin_post_tmu_list_save', array( $lists_admin, 'handle_save' ) );
	add_action( 'admin_post_tmu_list_refresh', array( $lists_admin, 'handle_refresh' ) );
	add_action( 'admin_post_tmu_list_delete', array( $lists_admin, 'handle_delete' ) );
	add_action( 'admin_post_' . List_Items_Admin::ACTION, array( $list_items, 'handle' ) );
}

/**
 * Tools → Site Health: the sidecar's tests and Debug Info section; the version-mismatch notice.
 *
 * @param Site_Health        $site_health Tests (over REST) and Debug Info.
 * @param Site_Health_Notice $notice      Plugin and sidecar versions differ.
 */
function register_site_health_hooks( Site_Health $site_health, Site_Health_Notice $notice ): void {
	add_filter( 'site_status_tests', array( $site_health, 'add_tests' ) );
	add_filter( 'debug_information', array( $site_health, 'debug_information' ) );
	add_action( 'rest_api_init', array( $site_health, 'register_routes' ) );
	add_action( 'admin_notices', array( $notice, 'render' ) );
}

/**
 * Tools → Import from TMDb: browse TMDb's lists, import many titles as one job.
 *
 * @param Import_Rest $import_rest Browse and import routes.
 * @param Import_Page $import_page The page.
 */
function register_import_hooks( Import_Rest $import_rest, Import_Page $import_page ): void {
	add_action( 'rest_api_init', array( $import_rest, 'register_routes' ) );
	add_action( 'admin_menu', array( $import_page, 'add_page' ) );
	add_action( 'admin_enqueue_scripts', array( $import_page, 'enqueue_assets' ) );
}

/**
 * The `tmu` REST field of every TMU post type, each collection loaded at once.
 *
 * @param Rest_Tmu_Field $field The field.
 */
function register_rest_data_hooks( Rest_Tmu_Field $field ): void {
	add_action( 'rest_api_init', array( $field, 'register' ) );
	foreach ( Content_Types::POST_TYPES as $post_type ) {
		add_filter( "rest_{$post_type}_query", array( $field, 'watch_query' ), 20 );
	}
	add_filter( 'the_posts', array( $field, 'remember_posts' ), 10, 2 );
	// Shapes are kept for the request; a changed post drops them.
	add_action( 'clean_post_cache', array( Title_Data::class, 'forget' ) );
}

/**
 * Blocks that show a title's synced data in any theme, and single templates for themes without their own.
 *
 * @param Blocks    $blocks    The blocks.
 * @param Templates $templates Block templates (block themes) and the content fallback (classic themes).
 */
function register_block_hooks( Blocks $blocks, Templates $templates ): void {
	add_action( 'init', array( $blocks, 'register' ) );
	add_filter( 'get_block_templates', array( $templates, 'add_block_templates' ), 10, 3 );
	add_filter( 'get_block_file_template', array( $templates, 'block_file_template' ), 10, 3 );
	add_filter( 'the_content', array( $templates, 'append_to_content' ), 20 );
}

/**
 * The "TMU fields" box: every editable tmu_* column, saved before a save's auto-sync, and its
 * "Use TMDb's value" / "Revert all" route.
 *
 * @param Fields_Box  $box  The box.
 * @param Fields_Save $save Its save.
 * @param Fields_Rest $rest POST tmu/v1/fields/{id}/tmdb.
 */
function register_field_hooks( Fields_Box $box, Fields_Save $save, Fields_Rest $rest ): void {
	add_action( 'add_meta_boxes', array( $box, 'add' ), 10, 1 );
	add_action( 'admin_enqueue_scripts', array( $box, 'enqueue_assets' ) );
	// Before the auto-sync of a save (priority 30): the sync must see the edit as an edit.
	add_action( 'save_post', array( $save, 'save' ), 5, 2 );
	add_filter( 'redirect_post_location', array( $save, 'redirect_location' ), 10, 2 );
	add_filter( 'removable_query_args', array( Fields_Save::class, 'removable_query_args' ) );
	add_action( 'rest_api_init', array( $rest, 'register_routes' ) );
}

bootstrap();
