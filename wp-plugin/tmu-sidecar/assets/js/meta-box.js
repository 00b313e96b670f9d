/**
 * TMDb meta box: "Sync now" with live job progress (the search is meta-box-search.js, what a
 * finished sync changes on the screen is meta-box-editor.js).
 *
 * Talks only to the plugin's tmu/v1 routes through wp.apiFetch (cookie + wp_rest nonce).
 */
( function ( wp, config, search, editorSide ) {
	'use strict';

	if ( ! wp || ! wp.apiFetch || ! wp.i18n || ! config || ! search || ! editorSide ) {
		return;
	}

	var apiFetch = wp.apiFetch;
	var __ = wp.i18n.__;
	var i18n = {
		searching: __( 'Searching TMDb…', 'tmu-sidecar' ),
		noResults: __( 'Nothing found on TMDb.', 'tmu-sidecar' ),
		emptyQuery: __( 'Type a title or a name first.', 'tmu-sidecar' ),
		/* translators: %s: TMDb id. */
		selected: __( 'TMDb ID %s selected. Save the post or click "Sync now".', 'tmu-sidecar' ),
		noTmdbId: __( 'Enter a TMDb ID or pick a search result first.', 'tmu-sidecar' ),
		requesting: __( 'Asking the sidecar to sync…', 'tmu-sidecar' ),
		/* translators: %s: job id. */
		queued: __( 'Sync queued (job #%s)…', 'tmu-sidecar' ),
		running: __( 'Syncing…', 'tmu-sidecar' ),
		/* translators: 1: items done, 2: total items. */
		progress: __( 'Syncing… %1$s of %2$s', 'tmu-sidecar' ),
		synced: __( 'Synced', 'tmu-sidecar' ),
		stepFetch: __( 'Fetching from TMDb', 'tmu-sidecar' ),
		stepRows: __( 'Writing the title', 'tmu-sidecar' ),
		/* translators: 1: season being written, 2: number of seasons. */
		stepSeason: __( 'Season %1$s of %2$s', 'tmu-sidecar' ),
		stepSeasonsDone: __( 'All seasons written', 'tmu-sidecar' ),
		/* translators: 1: images stored, 2: images in total. */
		stepImages: __( 'Images: %1$s of %2$s', 'tmu-sidecar' ),
		/* translators: 1: people written, 2: people in total. */
		stepPeople: __( 'People: %1$s of %2$s', 'tmu-sidecar' ),
		lastSynced: __( 'Last synced:', 'tmu-sidecar' ),
		lastSuccess: __( 'Last successful sync:', 'tmu-sidecar' ),
		never: __( 'never', 'tmu-sidecar' ),
		/* translators: %s: error summary. */
		partial: __( 'Synced with errors: %s', 'tmu-sidecar' ),
		/* translators: %s: error message. */
		failed: __( 'Sync failed: %s', 'tmu-sidecar' ),
		cancelled: __( 'The sync was cancelled.', 'tmu-sidecar' ),
		timeout: __( 'The sync is still running; check back later.', 'tmu-sidecar' ),
		unknownError: __( 'Unknown error', 'tmu-sidecar' ),
		reload: __( 'Reload to see everything the sync wrote', 'tmu-sidecar' ),
		/* translators: %s: release year. */
		year: __( '(%s)', 'tmu-sidecar' ),
		posterAlt: __( 'Poster', 'tmu-sidecar' ),
		/* translators: %s: TMDb id of a search result. */
		resultId: __( 'TMDb %s', 'tmu-sidecar' ),
	};
	// The search half reads the same strings.
	config = Object.assign( {}, config, { i18n: i18n } );
	var TERMINAL = [ 'succeeded', 'failed', 'partial', 'cancelled' ];

	function byId( id ) {
		return document.getElementById( id );
	}

	var format = wp.i18n.sprintf;
	var setStatus = search.setStatus;

	function errorMessage( error ) {
		if ( error && typeof error.message === 'string' && error.message ) {
			return window.tmuSidecarErrors ? window.tmuSidecarErrors.message( error ) : error.message;
		}
		return i18n.unknownError || 'Unknown error';
	}

	/** A failed request: the status line says what; administrators also get a notice with the details. */
	function requestFailed( error ) {
		setStatus( syncStatus, format( i18n.failed, errorMessage( error ) ), 'error' );
		if ( window.tmuSidecarErrors && window.tmuSidecarErrors.detailsLine( error ) ) {
			window.tmuSidecarErrors.show( syncStatus, error, { id: 'tmu-sync-error', after: true } );
		}
	}

	var box = byId( 'tmu-meta-box' );
	if ( ! box ) {
		return;
	}

	var idInput = byId( 'tmu-tmdb-id' );
	var syncButton = byId( 'tmu-sync-now' );
	var syncStatus = byId( 'tmu-sync-status' );
	var syncSpinner = byId( 'tmu-sync-spinner' );
	var progressBar = byId( 'tmu-sync-progress' );
	var lastSynced = byId( 'tmu-last-synced' );
	var editor = editorSide.create( config, i18n );

	search.init( config, errorMessage );

	/* Sync --------------------------------------------------------------- */

	function selectedOptions() {
		var options = {};
		Array.prototype.forEach.call( box.querySelectorAll( 'input[data-option]' ), function ( input ) {
			options[ input.getAttribute( 'data-option' ) ] = input.checked;
		} );
		return options;
	}

	function busy( on ) {
		syncButton.disabled = on;
		box.classList.toggle( 'tmu-is-syncing', on );
		if ( syncSpinner ) {
			syncSpinner.classList.toggle( 'is-active', on );
		}
	}

	/**
	 * The sidecar's step ("season 2/8") in words ("Season 3 of 8"), with the bar's value and maximum;
	 * null for a step this script does not know.
	 */
	function describeStep( step ) {
		var match = /^([a-z]+)(?: (\d+)\/(\d+))?$/.exec( String( step ) );
		if ( ! match ) {
			return null;
		}
		var done = Number( match[ 2 ] ) || 0;
		var total = Number( match[ 3 ] ) || 0;
		var bar = total > 0 ? { value: Math.min( done, total ), max: total } : null;
		switch ( match[ 1 ] ) {
			case 'fetch':
				return { name: 'fetch', text: i18n.stepFetch, bar: null };
			case 'rows':
				return { name: 'rows', text: i18n.stepRows, bar: null };
			case 'season':
				return { name: 'season', text: done >= total ? i18n.stepSeasonsDone : format( i18n.stepSeason, done + 1, total ), bar: bar };
			case 'images':
				return { name: 'images', text: format( i18n.stepImages, done, total ), bar: bar };
			case 'people':
				return { name: 'people', text: format( i18n.stepPeople, done, total ), bar: bar };
		}
		return null;
	}

	function showProgress( job ) {
		var progress = job.progress || {};
		var total = Number( progress.total ) || 0;
		var done = ( Number( progress.done ) || 0 ) + ( Number( progress.failed ) || 0 );
		var step = total === 1 && progress.step ? describeStep( progress.step ) : null;
		progressBar.hidden = false;
		// One title: its step inside the sync ("Season 3 of 8") says more than 0 of 1, and the bar follows it.
		if ( step ) {
			if ( step.bar ) {
				progressBar.max = step.bar.max;
				progressBar.value = step.bar.value;
			} else {
				progressBar.removeAttribute( 'value' );
			}
			box.setAttribute( 'data-step', step.name );
			setStatus( syncStatus, step.text, 'busy' );
		} else if ( total === 1 && progress.step ) {
			progressBar.removeAttribute( 'value' );
			setStatus( syncStatus, i18n.running, 'busy' );
		} else if ( total > 0 ) {
			progressBar.max = total;
			progressBar.value = Math.min( done, total );
			setStatus( syncStatus, format( i18n.progress, done, total ), 'busy' );
		} else {
			progressBar.removeAttribute( 'value' );
			setStatus( syncStatus, job.status === 'queued' ? format( i18n.queued, job.id ) : i18n.running, 'busy' );
		}
		box.setAttribute( 'data-job-status', job.status );
	}

	function errorSummary( job ) {
		if ( job.errors && job.errors.length ) {
			return job.errors
				.map( function ( entry ) {
					return entry.message;
				} )
				.join( '; ' );
		}
		return job.error || i18n.unknownError;
	}

	function showReloadLink() {
		if ( byId( 'tmu-sync-reload' ) ) {
			return;
		}
		var wrap = document.createElement( 'p' );
		wrap.className = 'tmu-sync-reload';
		var link = document.createElement( 'a' );
		link.id = 'tmu-sync-reload';
		link.href = config.editUrl || window.location.href;
		link.textContent = i18n.reload;
		wrap.appendChild( link );
		syncStatus.parentNode.insertBefore( wrap, syncStatus.nextSibling );
	}

	function hideReloadLink() {
		var link = byId( 'tmu-sync-reload' );
		if ( link && link.parentNode ) {
			link.parentNode.parentNode.removeChild( link.parentNode );
		}
	}

	function finish( job ) {
		busy( false );
		progressBar.hidden = true;
		box.setAttribute( 'data-job-status', job.status );
		if ( job.status === 'succeeded' ) {
			setStatus( syncStatus, i18n.synced, 'success' );
		} else if ( job.status === 'partial' ) {
			setStatus( syncStatus, format( i18n.partial, errorSummary( job ) ), 'error' );
		} else if ( job.status === 'cancelled' ) {
			setStatus( syncStatus, i18n.cancelled, 'error' );
		} else {
			setStatus( syncStatus, format( i18n.failed, errorSummary( job ) ), 'error' );
		}
		if ( job.status === 'succeeded' || job.status === 'partial' ) {
			editor.useEditUrl();
			editor.useEditHeading();
			editor.refresh( job.post );
			editor.refreshDataBox();
			showReloadLink();
			if ( lastSynced && ! ( job.post && job.post.last_synced_at ) ) {
				lastSynced.textContent = editor.formatTime( new Date().toISOString() );
			}
		} else if ( job.post ) {
			editor.refresh( { last_error: job.post.last_error, last_synced_at: job.post.last_synced_at, last_failed_at: job.post.last_failed_at } );
		}
	}

	function poll( jobId, startedAt, failures ) {
		apiFetch( { path: config.namespace + '/jobs/' + jobId } )
			.then( function ( job ) {
				if ( TERMINAL.indexOf( job.status ) !== -1 ) {
					finish( job );
					return;
				}
				showProgress( job );
				schedule( jobId, startedAt, 0 );
			} )
			.catch( function ( error ) {
				// The job row may not be visible yet, or the network hiccuped: retry a few times.
				if ( failures < 5 ) {
					schedule( jobId, startedAt, failures + 1 );
					return;
				}
				busy( false );
				progressBar.hidden = true;
				requestFailed( error );
			} );
	}

	function schedule( jobId, startedAt, failures ) {
		if ( Date.now() - startedAt > config.pollTimeout ) {
			busy( false );
			setStatus( syncStatus, i18n.timeout, 'error' );
			return;
		}
		window.setTimeout( function () {
			poll( jobId, startedAt, failures );
		}, config.pollInterval );
	}

	function syncNow() {
		var data = { post_id: config.postId, options: selectedOptions() };
		var tmdbId = parseInt( idInput.value, 10 );
		if ( tmdbId > 0 ) {
			data.tmdb_id = tmdbId;
		} else {
			setStatus( syncStatus, i18n.noTmdbId, 'error' );
			idInput.focus();
			return;
		}
		busy( true );
		hideReloadLink();
		box.removeAttribute( 'data-job-id' );
		setStatus( syncStatus, i18n.requesting, 'busy' );
		if ( window.tmuSidecarErrors ) {
			window.tmuSidecarErrors.clear( 'tmu-sync-error' );
		}
		apiFetch( { path: config.namespace + '/sync', method: 'POST', data: data } )
			.then( function ( response ) {
				box.setAttribute( 'data-job-id', String( response.job_id ) );
				showProgress( { id: response.job_id, status: 'queued', progress: {} } );
				schedule( response.job_id, Date.now(), 0 );
			} )
			.catch( function ( error ) {
				busy( false );
				progressBar.hidden = true;
				requestFailed( error );
			} );
	}

	syncButton.addEventListener( 'click', syncNow );

	// A save that auto-synced: follow its job as "Sync now" would.
	if ( config.followJob > 0 ) {
		busy( true );
		box.setAttribute( 'data-job-id', String( config.followJob ) );
		showProgress( { id: config.followJob, status: 'queued', progress: {} } );
		schedule( config.followJob, Date.now(), 0 );
	}
} )( window.wp, window.tmuSidecarMetaBox, window.tmuSidecarMetaBoxSearch, window.tmuSidecarMetaBoxEditor );
