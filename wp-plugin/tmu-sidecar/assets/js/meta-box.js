/**
 * TMDb meta box: "Sync now" with live job progress (the search is meta-box-search.js).
 *
 * Talks only to the plugin's tmu/v1 routes through wp.apiFetch (cookie + wp_rest nonce).
 */
( function ( wp, config, search ) {
	'use strict';

	if ( ! wp || ! wp.apiFetch || ! config || ! search ) {
		return;
	}

	var apiFetch = wp.apiFetch;
	var i18n = config.i18n || {};
	var TERMINAL = [ 'succeeded', 'failed', 'partial', 'cancelled' ];

	function byId( id ) {
		return document.getElementById( id );
	}

	var format = window.tmuSidecarFormat;
	var setStatus = search.setStatus;

	function errorMessage( error ) {
		if ( error && typeof error.message === 'string' && error.message ) {
			return error.message;
		}
		return i18n.unknownError || 'Unknown error';
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
	var poster = byId( 'tmu-poster' );
	var lastSynced = byId( 'tmu-last-synced' );
	var lastSyncedLabel = byId( 'tmu-last-synced-label' );
	var lastFailed = byId( 'tmu-last-failed' );
	var lastFailedAt = byId( 'tmu-last-failed-at' );
	var lastError = byId( 'tmu-last-error' );
	var lastErrorMessage = byId( 'tmu-last-error-message' );

	// What the editor form held when the page loaded: fields the user has not touched
	// are refreshed after a sync, so that saving the form does not undo what the sync wrote.
	var initial = snapshotForm();

	function snapshotForm() {
		var snapshot = { title: '', content: '', terms: {} };
		var title = byId( 'title' );
		var content = byId( 'content' );
		snapshot.title = title ? title.value : '';
		snapshot.content = content ? content.value : '';
		Array.prototype.forEach.call( document.querySelectorAll( 'textarea.the-tags' ), function ( area ) {
			snapshot.terms[ area.id ] = area.value;
		} );
		return snapshot;
	}

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

	function showProgress( job ) {
		var progress = job.progress || {};
		var total = Number( progress.total ) || 0;
		var done = ( Number( progress.done ) || 0 ) + ( Number( progress.failed ) || 0 );
		progressBar.hidden = false;
		// One title: its step inside the sync ("people 120/258") says more than 0/1.
		if ( total === 1 && progress.step ) {
			progressBar.removeAttribute( 'value' );
			setStatus( syncStatus, i18n.running + ' ' + progress.step, 'busy' );
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

	function refreshEditor( post ) {
		if ( ! post ) {
			return;
		}
		// Poster in the box.
		if ( poster ) {
			poster.textContent = '';
			if ( post.thumbnail_url ) {
				var image = document.createElement( 'img' );
				image.src = post.thumbnail_url;
				image.alt = i18n.posterAlt || '';
				image.className = 'tmu-poster-image';
				poster.appendChild( image );
			}
		}
		// Classic editor: featured image box (its hidden _thumbnail_id must match, or saving would remove the poster).
		var featured = document.querySelector( '#postimagediv .inside' );
		if ( featured && typeof post.featured_image_html === 'string' ) {
			featured.innerHTML = post.featured_image_html; // Built and escaped by WordPress (_wp_post_thumbnail_html).
		}
		// Block editor, if a site opted in: let the editor re-read the post.
		if ( wp.data && wp.data.dispatch ) {
			try {
				wp.data.dispatch( 'core' ).invalidateResolution( 'getEntityRecord', [ 'postType', config.postType, config.postId ] );
			} catch ( e ) {
				// Not the block editor.
			}
		}
		// Title, content and tag boxes the user has not edited since the page loaded.
		var title = byId( 'title' );
		if ( title && title.value === initial.title && typeof post.title === 'string' ) {
			title.value = post.title;
			title.dispatchEvent( new Event( 'input', { bubbles: true } ) );
			var prompt = byId( 'title-prompt-text' );
			if ( prompt && post.title ) {
				prompt.classList.add( 'screen-reader-text' );
			}
		}
		var content = byId( 'content' );
		if ( content && content.value === initial.content && typeof post.content === 'string' ) {
			var editor = window.tinymce && window.tinymce.get && window.tinymce.get( 'content' );
			if ( editor && ! editor.isHidden() && ! editor.isDirty() ) {
				editor.setContent( post.content );
			}
			content.value = post.content;
		}
		if ( post.terms ) {
			Object.keys( post.terms ).forEach( function ( taxonomy ) {
				var area = byId( 'tax-input-' + taxonomy );
				if ( ! area || area.value !== ( initial.terms[ area.id ] || '' ) ) {
					return;
				}
				area.value = post.terms[ taxonomy ].join( ',' );
				var tagsDiv = byId( taxonomy );
				if ( window.tagBox && tagsDiv ) {
					window.tagBox.quickClicks( tagsDiv );
				}
			} );
		}
		initial = snapshotForm();

		if ( lastSynced && post.last_synced_at ) {
			lastSynced.textContent = new Date( post.last_synced_at ).toLocaleString();
		}
		showFailure( post );
		if ( lastError && lastErrorMessage ) {
			lastErrorMessage.textContent = post.last_error || '';
			lastError.classList.toggle( 'hidden', ! post.last_error );
		}
	}

	// A failed sync is told apart from the last successful one, never shown as "Last synced".
	function showFailure( post ) {
		var failed = Boolean( post.last_error ) && Boolean( post.last_failed_at );
		if ( lastFailed && lastFailedAt ) {
			lastFailedAt.textContent = failed ? new Date( post.last_failed_at ).toLocaleString() : '';
			lastFailed.classList.toggle( 'hidden', ! failed );
		}
		if ( lastSyncedLabel ) {
			lastSyncedLabel.textContent = post.last_error ? i18n.lastSuccess : i18n.lastSynced;
		}
		if ( lastSynced && post.last_error && ! post.last_synced_at ) {
			lastSynced.textContent = i18n.never;
		}
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

	// After a first sync from Add New, reloading post-new.php would open a blank post.
	function useEditUrl() {
		if ( config.editUrl && /post-new\.php/.test( window.location.pathname ) && window.history && window.history.replaceState ) {
			window.history.replaceState( null, '', config.editUrl );
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
			useEditUrl();
			refreshEditor( job.post );
			showReloadLink();
			if ( lastSynced && ! ( job.post && job.post.last_synced_at ) ) {
				lastSynced.textContent = new Date().toLocaleString();
			}
		} else if ( job.post ) {
			refreshEditor( { last_error: job.post.last_error, last_synced_at: job.post.last_synced_at, last_failed_at: job.post.last_failed_at } );
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
				setStatus( syncStatus, format( i18n.failed, errorMessage( error ) ), 'error' );
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
		apiFetch( { path: config.namespace + '/sync', method: 'POST', data: data } )
			.then( function ( response ) {
				box.setAttribute( 'data-job-id', String( response.job_id ) );
				showProgress( { id: response.job_id, status: 'queued', progress: {} } );
				schedule( response.job_id, Date.now(), 0 );
			} )
			.catch( function ( error ) {
				busy( false );
				progressBar.hidden = true;
				setStatus( syncStatus, format( i18n.failed, errorMessage( error ) ), 'error' );
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
} )( window.wp, window.tmuSidecarMetaBox, window.tmuSidecarMetaBoxSearch );
