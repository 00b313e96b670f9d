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
		wp_register_script( 'tmu-sidecar-import-card', plugins_url( 'assets/js/import-card.js', PLUGIN_FILE ), array( Scripts::FORMAT ), VERSION, true );
		wp_enqueue_script( 'tmu-sidecar-import', plugins_url( 'assets/js/import.js', PLUGIN_FILE ), array( 'wp-api-fetch', 'tmu-sidecar-import-card', Scripts::PROGRESS_PANEL ), VERSION, true );
		$config = array(
			'namespace'    => '/' . REST_NAMESPACE,
			'pollInterval' => self::POLL_INTERVAL,
			'maxItems'     => Import_Rest::MAX_ITEMS,
			'i18n'         => $this->script_strings(),
		);
		wp_add_inline_script( 'tmu-sidecar-import', 'window.tmuSidecarImport = ' . wp_json_encode( $config ) . ';', 'before' );
	}

	/**
	 * Strings the script shows, translated here.
	 *
	 * @return array<string, string>
	 */
	private function script_strings(): array {
		return array(
			'loading'        => __( 'Loading titles from TMDb…', 'tmu-sidecar' ),
			/* translators: 1: page number, 2: number of pages, 3: number of titles on the page. */
			'pageStatus'     => __( 'Page %1$s of %2$s: %3$s titles.', 'tmu-sidecar' ),
			'noResults'      => __( 'TMDb has no titles for this choice.', 'tmu-sidecar' ),
			/* translators: %s: error message. */
			'requestFailed'  => __( 'The request failed: %s', 'tmu-sidecar' ),
			'unknownError'   => __( 'unknown error', 'tmu-sidecar' ),
			'inLibrary'      => __( 'In library', 'tmu-sidecar' ),
			/* translators: %s: title. */
			'inLibraryLabel' => __( 'In library: open %s', 'tmu-sidecar' ),
			'inTrash'        => __( 'In trash', 'tmu-sidecar' ),
			'restore'        => __( 'Restore', 'tmu-sidecar' ),
			/* translators: %s: title. */
			'restoreLabel'   => __( 'Restore %s from the trash', 'tmu-sidecar' ),
			/* translators: %s: title. */
			'trashLegend'    => __( 'Importing %s, whose post is in the trash:', 'tmu-sidecar' ),
			'trashRestore'   => __( 'Restore the post and sync into it', 'tmu-sidecar' ),
			'trashNew'       => __( 'Import as a new post (the trashed one is deleted)', 'tmu-sidecar' ),
			/* translators: %s: titles, comma-separated. */
			'trashUndecided' => __( 'In the trash: choose to restore or to import as a new post for %s.', 'tmu-sidecar' ),
			'movie'          => __( 'Movie', 'tmu-sidecar' ),
			'tv'             => __( 'TV show', 'tmu-sidecar' ),
			'drama'          => __( 'Drama', 'tmu-sidecar' ),
			/* translators: %s: rating out of 10. */
			'rating'         => __( 'Rating %s / 10', 'tmu-sidecar' ),
			'noYear'         => __( 'year unknown', 'tmu-sidecar' ),
			/* translators: %s: number of selected titles. */
			'selected'       => __( '%s selected', 'tmu-sidecar' ),
			'selectPage'     => __( 'Select this page', 'tmu-sidecar' ),
			'unselectPage'   => __( 'Unselect this page', 'tmu-sidecar' ),
			'nothingPicked'  => __( 'Tick at least one title.', 'tmu-sidecar' ),
			/* translators: %s: maximum number of titles. */
			'tooMany'        => __( 'At most %s titles per import.', 'tmu-sidecar' ),
			/* translators: 1: input the user pasted, 2: why it was not found. */
			'unresolved'     => __( 'Not found: %1$s (%2$s)', 'tmu-sidecar' ),
			'requesting'     => __( 'Starting the import…', 'tmu-sidecar' ),
			'queued'         => __( 'Queued: waiting for the sidecar to start it…', 'tmu-sidecar' ),
			/* translators: 1: titles handled so far, 2: titles in total. */
			'running'        => __( 'Importing: %1$s of %2$s', 'tmu-sidecar' ),
			/* translators: 1: titles imported or already there, 2: titles that failed. */
			'succeeded'      => __( 'Done: %1$s imported or already in the library, %2$s failed.', 'tmu-sidecar' ),
			/* translators: 1: titles imported or already there, 2: titles that failed. */
			'partial'        => __( 'Done with errors: %1$s imported or already in the library, %2$s failed.', 'tmu-sidecar' ),
			/* translators: %s: why the job failed. */
			'failed'         => __( 'Failed: %s', 'tmu-sidecar' ),
			/* translators: 1: titles imported, 2: titles that failed. */
			'cancelled'      => __( 'Cancelled after %1$s imported, %2$s failed.', 'tmu-sidecar' ),
			/* translators: 1: titles done, 2: titles that failed, 3: titles in total. */
			'counts'         => __( '%1$s done · %2$s failed · %3$s total', 'tmu-sidecar' ),
			/* translators: %s: job id. */
			'job'            => __( 'Job #%s', 'tmu-sidecar' ),
			/* translators: 1: TMDb id. */
			'errorItem'      => __( 'TMDb %1$s', 'tmu-sidecar' ),
			'lostTrack'      => __( 'Lost track of the job: reload the page to see it again.', 'tmu-sidecar' ),
		) + $this->background_strings();
	}

	/**
	 * The progress panel's line about the titles completed in background jobs after their pages went live.
	 *
	 * @return array<string, string>
	 */
	private function background_strings(): array {
		return array(
			/* translators: 1: titles whose rest is done, 2: titles whose rest was handed to the background. */
			'background'     => __( 'Images and people: %1$s of %2$s titles done.', 'tmu-sidecar' ),
			/* translators: 1: pages made live, 2: titles whose rest is done, 3: titles whose rest was handed to the background. */
			'backgroundLive' => __( 'All %1$s pages are live. Images and people: %2$s of %3$s titles done.', 'tmu-sidecar' ),
			/* translators: 1: titles complete, 2: titles whose rest failed. */
			'backgroundDone' => __( 'Images and people: all done (%1$s titles complete, %2$s failed).', 'tmu-sidecar' ),
		);
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
			<div class="tmu-import-row" data-for="search discover keyword">
				<label for="tmu-import-year"><?php esc_html_e( 'Year', 'tmu-sidecar' ); ?></label>
				<input type="number" id="tmu-import-year" name="year" min="1874" max="2100" class="small-text" />
			</div>
			<div class="tmu-import-row" data-for="discover keyword">
				<label for="tmu-import-year-from"><?php esc_html_e( 'From year', 'tmu-sidecar' ); ?></label>
				<input type="number" id="tmu-import-year-from" name="year_from" min="1874" max="2100" class="small-text" />
				<label for="tmu-import-year-to"><?php esc_html_e( 'To year', 'tmu-sidecar' ); ?></label>
				<input type="number" id="tmu-import-year-to" name="year_to" min="1874" max="2100" class="small-text" />
				<label for="tmu-import-genre"><?php esc_html_e( 'Genre (name or TMDb id)', 'tmu-sidecar' ); ?></label>
				<input type="text" id="tmu-import-genre" name="genre" maxlength="60" class="regular-text" />
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
