/**
 * Tools → Import from TMDb: the page's words (import.js and the cards read them).
 *
 * window.tmuSidecarImportStrings = { key: translated string }.
 */
( function ( wp ) {
	'use strict';

	if ( ! wp || ! wp.i18n ) {
		return;
	}

	var __ = wp.i18n.__;
	window.tmuSidecarImportStrings = {
		loading: __( 'Loading titles from TMDb…', 'tmu-sidecar' ),
		/* translators: 1: page number, 2: number of pages, 3: number of titles on every page. */
		pageStatus: __( 'Page %1$s of %2$s (%3$s titles)', 'tmu-sidecar' ),
		/* translators: %s: number of titles of this page that are hidden. */
		ownedHidden: __( '%s already in the library, hidden.', 'tmu-sidecar' ),
		anyGenre: __( 'Any genre', 'tmu-sidecar' ),
		noResults: __( 'TMDb has no titles for this choice.', 'tmu-sidecar' ),
		browseFailed: __( 'The titles could not be loaded.', 'tmu-sidecar' ),
		startFailed: __( 'The import could not be started.', 'tmu-sidecar' ),
		unknownError: __( 'unknown error', 'tmu-sidecar' ),
		inLibrary: __( 'In library', 'tmu-sidecar' ),
		inLibraryAsTv: __( 'In library (kept as a TV show)', 'tmu-sidecar' ),
		inLibraryAsDrama: __( 'In library (kept as a drama)', 'tmu-sidecar' ),
		/* translators: %s: title. */
		inLibraryAsTvLabel: __( 'In library as a TV show: open %s', 'tmu-sidecar' ),
		/* translators: %s: title. */
		inLibraryAsDramaLabel: __( 'In library as a drama: open %s', 'tmu-sidecar' ),
		importOne: __( 'Import', 'tmu-sidecar' ),
		/* translators: %s: title. */
		importOneLabel: __( 'Import %s', 'tmu-sidecar' ),
		/* translators: %s: title. */
		inLibraryLabel: __( 'In library: open %s', 'tmu-sidecar' ),
		inTrash: __( 'In trash', 'tmu-sidecar' ),
		restore: __( 'Restore', 'tmu-sidecar' ),
		/* translators: %s: title. */
		restoreLabel: __( 'Restore %s from the trash', 'tmu-sidecar' ),
		/* translators: %s: title. */
		trashLegend: __( 'Importing %s, whose post is in the trash:', 'tmu-sidecar' ),
		trashRestore: __( 'Restore the post and sync into it', 'tmu-sidecar' ),
		trashNew: __( 'Import as a new post (the trashed one is deleted)', 'tmu-sidecar' ),
		/* translators: %s: titles, comma-separated. */
		trashUndecided: __( 'In the trash: choose to restore or to import as a new post for %s.', 'tmu-sidecar' ),
		movie: __( 'Movie', 'tmu-sidecar' ),
		tv: __( 'TV show', 'tmu-sidecar' ),
		drama: __( 'Drama', 'tmu-sidecar' ),
		/* translators: %s: rating out of 10. */
		rating: __( 'Rating %s / 10', 'tmu-sidecar' ),
		noYear: __( 'year unknown', 'tmu-sidecar' ),
		selectPage: __( 'Select this page', 'tmu-sidecar' ),
		unselectPage: __( 'Unselect this page', 'tmu-sidecar' ),
		nothingPicked: __( 'Tick at least one title.', 'tmu-sidecar' ),
		/* translators: %s: maximum number of titles. */
		tooMany: __( 'At most %s titles per import.', 'tmu-sidecar' ),
		notValidId: __( 'Not a valid TMDb id', 'tmu-sidecar' ),
		notFound: __( 'Not found on TMDb', 'tmu-sidecar' ),
		notImported: __( 'Not imported', 'tmu-sidecar' ),
		/* translators: %s: error code. */
		code: __( 'Code: %s', 'tmu-sidecar' ),
		requesting: __( 'Starting the import…', 'tmu-sidecar' ),
		queued: __( 'Queued: waiting for the sidecar to start it…', 'tmu-sidecar' ),
		/* translators: 1: titles handled so far, 2: titles in total. */
		running: __( 'Importing: %1$s of %2$s', 'tmu-sidecar' ),
		/* translators: 1: titles imported or already there, 2: titles that failed. */
		succeeded: __( 'Done: %1$s imported or already in the library, %2$s failed.', 'tmu-sidecar' ),
		/* translators: 1: titles imported or already there, 2: titles that failed. */
		partial: __( 'Done with errors: %1$s imported or already in the library, %2$s failed.', 'tmu-sidecar' ),
		/* translators: %s: why the job failed. */
		failed: __( 'Failed: %s', 'tmu-sidecar' ),
		/* translators: 1: titles imported, 2: titles that failed. */
		cancelled: __( 'Cancelled after %1$s imported, %2$s failed.', 'tmu-sidecar' ),
		/* translators: 1: titles done, 2: titles that failed, 3: titles in total. */
		counts: __( '%1$s done · %2$s failed · %3$s total', 'tmu-sidecar' ),
		/* translators: %s: job id. */
		job: __( 'Job #%s', 'tmu-sidecar' ),
		/* translators: 1: TMDb id. */
		errorItem: __( 'TMDb %1$s', 'tmu-sidecar' ),
		lostTrack: __( 'Lost track of the job: reload the page to see it again.', 'tmu-sidecar' ),
		/* translators: 1: titles whose rest is done, 2: titles whose rest was handed to the background. */
		background: __( 'Images and people: %1$s of %2$s titles done.', 'tmu-sidecar' ),
		/* translators: 1: pages made live, 2: titles whose rest is done, 3: titles whose rest was handed to the background. */
		backgroundLive: __( 'All %1$s pages are live. Images and people: %2$s of %3$s titles done.', 'tmu-sidecar' ),
		/* translators: 1: titles complete, 2: titles whose rest failed. */
		backgroundDone: __( 'Images and people: all done (%1$s titles complete, %2$s failed).', 'tmu-sidecar' ),
	};
} )( window.wp );
