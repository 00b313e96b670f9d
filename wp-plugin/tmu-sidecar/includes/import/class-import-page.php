<?php
/**
 * Tools → Import from TMDb.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Browse TMDb's lists in a paged grid, tick titles, import them as one job.
 *
 * The page is a shell: assets/js/import.js talks to GET tmu/v1/tmdb/browse, POST tmu/v1/import
 * and GET tmu/v1/jobs/{id}. Every control is a labelled form control, so the screen works with the
 * keyboard and a screen reader; results and progress are announced through live regions.
 */
final class Import_Page {

	public const PAGE = 'tmu-import';

	/** Milliseconds between two polls of the import job. */
	private const POLL_INTERVAL = 1000;

	/**
	 * Settings.
	 *
	 * @var Settings
	 */
	private Settings $settings;

	/**
	 * Jobs table reader.
	 *
	 * @var Jobs_Repository
	 */
	private Jobs_Repository $jobs;

	/**
	 * Constructor.
	 *
	 * @param Settings        $settings Settings.
	 * @param Jobs_Repository $jobs     Jobs table reader.
	 */
	public function __construct( Settings $settings, Jobs_Repository $jobs ) {
		$this->settings = $settings;
		$this->jobs     = $jobs;
	}

	/**
	 * Adds Tools → Import from TMDb (admin_menu).
	 */
	public function add_page(): void {
		add_management_page(
			__( 'Import from TMDb', 'tmu-sidecar' ),
			__( 'Import from TMDb', 'tmu-sidecar' ),
			'edit_posts',
			self::PAGE,
			array( $this, 'render' )
		);
	}

	/**
	 * Script and styles of the page (admin_enqueue_scripts).
	 *
	 * @param string $hook_suffix Current admin page.
	 */
	public function enqueue_assets( $hook_suffix ): void {
		if ( get_plugin_page_hookname( self::PAGE, 'tools.php' ) !== $hook_suffix || ! current_user_can( 'edit_posts' ) ) {
			return;
		}
		wp_enqueue_style( 'tmu-sidecar-admin', plugins_url( 'assets/css/admin.css', PLUGIN_FILE ), array(), VERSION );
		wp_enqueue_style( 'tmu-sidecar-import', plugins_url( 'assets/css/import.css', PLUGIN_FILE ), array( 'tmu-sidecar-admin' ), VERSION );
		Scripts::register();
		wp_register_script( 'tmu-sidecar-import-card', plugins_url( 'assets/js/import-card.js', PLUGIN_FILE ), array( 'wp-i18n' ), VERSION, true );
		Scripts::translate( 'tmu-sidecar-import-card' );
		wp_register_script( 'tmu-sidecar-import-strings', plugins_url( 'assets/js/import-strings.js', PLUGIN_FILE ), array( 'wp-i18n' ), VERSION, true );
		Scripts::translate( 'tmu-sidecar-import-strings' );
		wp_enqueue_script( 'tmu-sidecar-import', plugins_url( 'assets/js/import.js', PLUGIN_FILE ), array( 'wp-api-fetch', 'wp-i18n', 'tmu-sidecar-import-card', 'tmu-sidecar-import-strings', Scripts::PROGRESS_PANEL, Scripts::ERRORS ), VERSION, true );
		Scripts::translate( 'tmu-sidecar-import' );
		$config = array(
			'namespace'    => '/' . REST_NAMESPACE,
			'pollInterval' => self::POLL_INTERVAL,
			'maxItems'     => Import_Rest::MAX_ITEMS,
			// Error codes are technical detail: shown to those who can fix the setup.
			'showDetails'  => Error_Presenter::is_admin(),
		);
		wp_add_inline_script( 'tmu-sidecar-import', 'window.tmuSidecarImport = ' . wp_json_encode( $config ) . ';', 'before' );
	}

	/**
	 * The page.
	 */
	public function render(): void {
		if ( ! current_user_can( 'edit_posts' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to import from TMDb.', 'tmu-sidecar' ), 403 );
		}
		// Administrators follow any import; others only their own (its log is theirs alone).
		$running = $this->jobs->newest_unfinished( 'import', current_user_can( 'manage_options' ) ? null : get_current_user_id() );
		?>
		<div class="wrap tmu-import" id="tmu-import"<?php echo null !== $running ? ' data-job-id="' . esc_attr( (string) $running ) . '"' : ''; ?>>
			<h1><?php esc_html_e( 'Import from TMDb', 'tmu-sidecar' ); ?></h1>
			<p><?php esc_html_e( 'Browse TMDb, tick the titles you want and import them in one go. Titles the site already has are marked "In library".', 'tmu-sidecar' ); ?></p>
			<?php $this->render_browse_form(); ?>
			<p id="tmu-import-results-status" class="tmu-import-results-status" role="status" aria-live="polite"></p>
			<ul id="tmu-import-unresolved" class="tmu-import-unresolved" hidden="hidden"></ul>
			<div class="tmu-import-toolbar">
				<button type="button" class="button" id="tmu-import-select-page" aria-pressed="false" disabled="disabled"><?php esc_html_e( 'Select this page', 'tmu-sidecar' ); ?></button>
				<span id="tmu-import-selected-count" class="tmu-import-selected-count" aria-live="polite"></span>
				<label class="tmu-import-hide-owned"><input type="checkbox" id="tmu-import-hide-owned" /> <?php esc_html_e( 'Hide titles already in the library', 'tmu-sidecar' ); ?></label>
			</div>
			<ul id="tmu-import-grid" class="tmu-import-grid" aria-label="<?php esc_attr_e( 'TMDb titles', 'tmu-sidecar' ); ?>" aria-busy="false"></ul>
			<nav class="tmu-import-pager" aria-label="<?php esc_attr_e( 'Result pages', 'tmu-sidecar' ); ?>">
				<button type="button" class="button" id="tmu-import-prev" disabled="disabled"><?php esc_html_e( 'Previous page', 'tmu-sidecar' ); ?></button>
				<span id="tmu-import-page-label" class="tmu-import-page-label"></span>
				<button type="button" class="button" id="tmu-import-next" disabled="disabled"><?php esc_html_e( 'Next page', 'tmu-sidecar' ); ?></button>
			</nav>
			<?php $this->render_import_form(); ?>
		</div>
		<?php
	}

	/**
	 * Source, type and filters.
	 */
	private function render_browse_form(): void {
		?>
		<form id="tmu-import-browse" class="tmu-import-browse" role="search" aria-label="<?php esc_attr_e( 'Browse TMDb', 'tmu-sidecar' ); ?>">
			<div class="tmu-import-row">
				<label for="tmu-import-type"><?php esc_html_e( 'Type', 'tmu-sidecar' ); ?></label>
				<select id="tmu-import-type" name="type">
					<option value="movie"><?php esc_html_e( 'Movies', 'tmu-sidecar' ); ?></option>
					<option value="tv"><?php esc_html_e( 'TV shows', 'tmu-sidecar' ); ?></option>
					<option value="drama"><?php esc_html_e( 'Dramas (TV shows kept as dramas)', 'tmu-sidecar' ); ?></option>
				</select>
				<label for="tmu-import-source"><?php esc_html_e( 'Source', 'tmu-sidecar' ); ?></label>
				<select id="tmu-import-source" name="source">
					<?php foreach ( $this->sources() as $value => $label ) : ?>
						<option value="<?php echo esc_attr( $value ); ?>"><?php echo esc_html( $label ); ?></option>
					<?php endforeach; ?>
				</select>
			</div>
			<div class="tmu-import-row" data-for="search">
				<label for="tmu-import-query"><?php esc_html_e( 'Title', 'tmu-sidecar' ); ?></label>
				<input type="search" id="tmu-import-query" name="query" maxlength="200" />
			</div>
			<div class="tmu-import-row" data-for="search">
				<label for="tmu-import-year"><?php esc_html_e( 'Year', 'tmu-sidecar' ); ?></label>
				<input type="number" id="tmu-import-year" name="year" min="1874" max="2100" class="small-text" />
			</div>
			<?php $this->render_discover_rows(); ?>
			<div class="tmu-import-row" data-for="keyword">
				<label for="tmu-import-keyword"><?php esc_html_e( 'Keyword', 'tmu-sidecar' ); ?></label>
				<input type="text" id="tmu-import-keyword" name="keyword" maxlength="255" class="regular-text" />
			</div>
			<div class="tmu-import-row" data-for="ids">
				<label for="tmu-import-ids"><?php esc_html_e( 'TMDb ids, TMDb URLs or IMDb ids (one per line)', 'tmu-sidecar' ); ?></label>
				<textarea id="tmu-import-ids" name="ids" rows="4" cols="60"></textarea>
			</div>
			<p><button type="submit" class="button button-secondary" id="tmu-import-browse-button"><?php esc_html_e( 'Browse', 'tmu-sidecar' ); ?></button></p>
		</form>
		<?php
	}

	/**
	 * The filter rows of Discover and Keyword: years, genre, language, country, votes and sort.
	 */
	private function render_discover_rows(): void {
		?>
			<div class="tmu-import-row" data-for="discover keyword">
				<label for="tmu-import-year-from"><?php esc_html_e( 'From year', 'tmu-sidecar' ); ?></label>
				<input type="number" id="tmu-import-year-from" name="year_from" min="1874" max="2100" class="small-text" />
				<label for="tmu-import-year-to"><?php esc_html_e( 'To year', 'tmu-sidecar' ); ?></label>
				<input type="number" id="tmu-import-year-to" name="year_to" min="1874" max="2100" class="small-text" />
				<label for="tmu-import-genre"><?php esc_html_e( 'Genre', 'tmu-sidecar' ); ?></label>
				<select id="tmu-import-genre" name="genre">
					<option value=""><?php esc_html_e( 'Any genre', 'tmu-sidecar' ); ?></option>
				</select>
			</div>
			<div class="tmu-import-row" data-for="discover keyword">
				<label for="tmu-import-language"><?php esc_html_e( 'Original language (e.g. en)', 'tmu-sidecar' ); ?></label>
				<input type="text" id="tmu-import-language" name="language" maxlength="2" pattern="[a-z]{2}" class="small-text" />
				<label for="tmu-import-region"><?php esc_html_e( 'Country of origin (e.g. US)', 'tmu-sidecar' ); ?></label>
				<input type="text" id="tmu-import-region" name="region" maxlength="2" pattern="[A-Z]{2}" class="small-text" />
				<label for="tmu-import-min-votes"><?php esc_html_e( 'Minimum votes', 'tmu-sidecar' ); ?></label>
				<input type="number" id="tmu-import-min-votes" name="min_votes" min="0" class="small-text" />
				<label for="tmu-import-sort"><?php esc_html_e( 'Sort', 'tmu-sidecar' ); ?></label>
				<select id="tmu-import-sort" name="sort">
					<?php foreach ( $this->sorts() as $value => $label ) : ?>
						<option value="<?php echo esc_attr( $value ); ?>"><?php echo esc_html( $label ); ?></option>
					<?php endforeach; ?>
				</select>
			</div>
		<?php
	}

	/**
	 * Where the titles come from.
	 *
	 * @return array<string, string>
	 */
	private function sources(): array {
		return array(
			'popular'       => __( 'Popular', 'tmu-sidecar' ),
			'top_rated'     => __( 'Top rated', 'tmu-sidecar' ),
			'trending_day'  => __( 'Trending today', 'tmu-sidecar' ),
			'trending_week' => __( 'Trending this week', 'tmu-sidecar' ),
			'now_playing'   => __( 'Now playing (movies)', 'tmu-sidecar' ),
			'upcoming'      => __( 'Upcoming (movies)', 'tmu-sidecar' ),
			'airing_today'  => __( 'Airing today (TV)', 'tmu-sidecar' ),
			'on_the_air'    => __( 'On the air (TV)', 'tmu-sidecar' ),
			'search'        => __( 'Search by title', 'tmu-sidecar' ),
			'discover'      => __( 'Discover with filters', 'tmu-sidecar' ),
			'keyword'       => __( 'Keyword', 'tmu-sidecar' ),
			'ids'           => __( 'Pasted ids or URLs', 'tmu-sidecar' ),
		);
	}

	/**
	 * Sort orders of Discover and Keyword.
	 *
	 * @return array<string, string>
	 */
	private function sorts(): array {
		return array(
			'popularity' => __( 'Most popular', 'tmu-sidecar' ),
			'rating'     => __( 'Best rated', 'tmu-sidecar' ),
			'votes'      => __( 'Most votes', 'tmu-sidecar' ),
			'newest'     => __( 'Newest', 'tmu-sidecar' ),
			'oldest'     => __( 'Oldest', 'tmu-sidecar' ),
		);
	}

	/**
	 * Status, what to sync, the Import button and the progress panel.
	 */
	private function render_import_form(): void {
		$can_publish = current_user_can( 'publish_posts' );
		?>
		<form id="tmu-import-form" class="tmu-import-form tmu-bulk-panel" aria-labelledby="tmu-import-form-title">
			<h2 id="tmu-import-form-title"><?php esc_html_e( 'Import the selected titles', 'tmu-sidecar' ); ?></h2>
			<fieldset class="tmu-bulk-fieldset">
				<legend><?php esc_html_e( 'New posts are', 'tmu-sidecar' ); ?></legend>
				<label><input type="radio" name="status" id="tmu-import-status-publish" value="publish" <?php checked( $can_publish ); ?> <?php disabled( ! $can_publish ); ?> /> <?php esc_html_e( 'Published', 'tmu-sidecar' ); ?></label>
				<label><input type="radio" name="status" id="tmu-import-status-draft" value="draft" <?php checked( ! $can_publish ); ?> /> <?php esc_html_e( 'Drafts', 'tmu-sidecar' ); ?></label>
			</fieldset>
			<fieldset class="tmu-bulk-fieldset">
				<legend><?php esc_html_e( 'With', 'tmu-sidecar' ); ?></legend>
				<?php Progress_Panel::render_option_checkboxes( $this->settings, 'tmu-import-option' ); ?>
				<label><input type="checkbox" id="tmu-import-resync" /> <?php esc_html_e( 'Sync again titles already in the library', 'tmu-sidecar' ); ?></label>
			</fieldset>
			<p class="tmu-bulk-actions">
				<button type="submit" class="button button-primary" id="tmu-import-start"><?php esc_html_e( 'Import', 'tmu-sidecar' ); ?></button>
				<span class="tmu-bulk-job" id="tmu-import-job"></span>
			</p>
			<?php Progress_Panel::render( 'tmu-import', __( 'Import progress', 'tmu-sidecar' ), false ); ?>
		</form>
		<?php
	}
}
