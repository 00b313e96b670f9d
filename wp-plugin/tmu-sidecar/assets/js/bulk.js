/**
 * Settings → TMU Sidecar: the "Bulk sync" panel.
 *
 * Starts a bulk sync (POST tmu/v1/bulk), then polls GET tmu/v1/jobs/{id} and shows the
 * progress bar, the counts, the rolling log, every error, and a Cancel button
 * (POST tmu/v1/jobs/{id}/cancel).
 */
( function ( wp, config ) {
	'use strict';

	if ( ! wp || ! wp.apiFetch || ! config ) {
		return;
	}

	var TERMINAL = [ 'succeeded', 'partial', 'failed', 'cancelled' ];
	var MAX_POLL_FAILURES = 10;

	var i18n = config.i18n || {};
	var apiFetch = wp.apiFetch;
	var panel = document.getElementById( 'tmu-bulk-panel' );
	var startButton = document.getElementById( 'tmu-bulk-start' );
	var cancelButton = document.getElementById( 'tmu-bulk-cancel' );
	var progressWrap = document.getElementById( 'tmu-bulk-progress-wrap' );
	var progress = document.getElementById( 'tmu-bulk-progress' );
	var counts = document.getElementById( 'tmu-bulk-counts' );
	var status = document.getElementById( 'tmu-bulk-status' );
	var log = document.getElementById( 'tmu-bulk-log' );
	var errorsWrap = document.getElementById( 'tmu-bulk-errors-wrap' );
	var errors = document.getElementById( 'tmu-bulk-errors' );
	var jobLabel = document.getElementById( 'tmu-bulk-job' );
	if ( ! panel || ! startButton || ! cancelButton || ! progress || ! counts || ! status || ! log ) {
		return;
	}
	var bar = progress.querySelector( '.tmu-bulk-progress-bar' );
	var currentJob = null;
	var timer = null;

	function format( template ) {
		var args = Array.prototype.slice.call( arguments, 1 );
		var index = 0;
		return String( template || '' ).replace( /%(\d+\$)?s/g, function ( match, position ) {
			var value = position ? args[ parseInt( position, 10 ) - 1 ] : args[ index++ ];
			return value === undefined ? '' : String( value );
		} );
	}

	function errorMessage( error ) {
		return ( error && error.message ) || i18n.unknownError;
	}

	function setStatus( text, state ) {
		status.textContent = text;
		status.setAttribute( 'data-state', state );
		panel.setAttribute( 'data-state', state );
		status.classList.toggle( 'tmu-is-error', state === 'error' || state === 'partial' );
		status.classList.toggle( 'tmu-is-success', state === 'done' );
	}

	function setBusy( running ) {
		startButton.disabled = running;
		cancelButton.hidden = ! running;
		cancelButton.disabled = false;
		panel.querySelectorAll( '.tmu-bulk-type, .tmu-bulk-option' ).forEach( function ( input ) {
			input.disabled = running;
		} );
	}

	function percent( done, failed, total ) {
		if ( total <= 0 ) {
			return 0;
		}
		return Math.min( 100, Math.round( ( ( done + failed ) / total ) * 100 ) );
	}

	function showProgress( job ) {
		var p = job.progress || {};
		var done = p.done || 0;
		var failed = p.failed || 0;
		var total = p.total || 0;
		// A finished job with nothing to do is complete, not at 0 %.
		var value = TERMINAL.indexOf( job.status ) !== -1 && job.status !== 'cancelled' && total === 0 ? 100 : percent( done, failed, total );
		if ( progressWrap ) {
			progressWrap.hidden = false;
		}
		progress.setAttribute( 'aria-valuenow', String( value ) );
		progress.setAttribute( 'aria-valuetext', value + '%' );
		progress.setAttribute( 'data-status', job.status );
		if ( bar ) {
			bar.style.width = value + '%';
		}
		counts.textContent = format( i18n.counts, done, failed, total );
		counts.setAttribute( 'data-done', String( done ) );
		counts.setAttribute( 'data-failed', String( failed ) );
		counts.setAttribute( 'data-total', String( total ) );
		renderLog( job.log || [] );
		renderErrors( job.errors || [] );
		return { done: done, failed: failed, total: total };
	}

	function renderLog( lines ) {
		log.textContent = '';
		lines.forEach( function ( line ) {
			var item = document.createElement( 'li' );
			item.textContent = line;
			log.appendChild( item );
		} );
		log.scrollTop = log.scrollHeight;
	}

	function renderErrors( list ) {
		if ( ! errors || ! errorsWrap ) {
			return;
		}
		errors.textContent = '';
		list.forEach( function ( entry ) {
			var item = document.createElement( 'li' );
			item.className = 'tmu-bulk-error';
			if ( entry.tmdb_id !== null && entry.tmdb_id !== undefined ) {
				item.setAttribute( 'data-tmdb-id', String( entry.tmdb_id ) );
				var what = document.createElement( 'strong' );
				what.textContent = format( i18n.errorItem, entry.tmdb_id, entry.post_id === null || entry.post_id === undefined ? '–' : entry.post_id ) + ': ';
				item.appendChild( what );
			}
			item.appendChild( document.createTextNode( entry.message || i18n.unknownError ) );
			errors.appendChild( item );
		} );
		errorsWrap.hidden = list.length === 0;
	}

	function finish( job ) {
		var c = showProgress( job );
		setBusy( false );
		currentJob = null;
		if ( job.status === 'succeeded' ) {
			setStatus( format( i18n.succeeded, c.done, c.failed ), 'done' );
		} else if ( job.status === 'partial' ) {
			setStatus( format( i18n.partial, c.done, c.failed ), 'partial' );
		} else if ( job.status === 'cancelled' ) {
			setStatus( format( i18n.cancelled, c.done, c.failed ), 'cancelled' );
		} else {
			setStatus( format( i18n.failed, job.error || ( job.errors && job.errors[ 0 ] && job.errors[ 0 ].message ) || i18n.unknownError ), 'error' );
		}
	}

	function poll( jobId, failures ) {
		apiFetch( { path: config.namespace + '/jobs/' + jobId } )
			.then( function ( job ) {
				if ( currentJob !== jobId ) {
					return;
				}
				if ( TERMINAL.indexOf( job.status ) !== -1 ) {
					finish( job );
					return;
				}
				var c = showProgress( job );
				if ( status.getAttribute( 'data-state' ) !== 'cancelling' ) {
					if ( job.status === 'queued' ) {
						setStatus( i18n.queued, 'queued' );
					} else if ( c.total === 0 ) {
						setStatus( i18n.counting, 'running' );
					} else {
						setStatus( format( i18n.running, c.done + c.failed, c.total ), 'running' );
					}
				}
				schedule( jobId, 0 );
			} )
			.catch( function ( error ) {
				if ( currentJob !== jobId ) {
					return;
				}
				// The row may not be visible yet, or the network hiccuped: retry a few times.
				if ( failures < MAX_POLL_FAILURES ) {
					schedule( jobId, failures + 1 );
					return;
				}
				setBusy( false );
				currentJob = null;
				setStatus( i18n.lostTrack + ' ' + errorMessage( error ), 'error' );
			} );
	}

	function schedule( jobId, failures ) {
		window.clearTimeout( timer );
		timer = window.setTimeout( function () {
			poll( jobId, failures );
		}, config.pollInterval || 1500 );
	}

	function follow( jobId ) {
		currentJob = jobId;
		panel.setAttribute( 'data-job-id', String( jobId ) );
		if ( jobLabel ) {
			jobLabel.textContent = format( i18n.job, jobId );
		}
		setBusy( true );
		poll( jobId, 0 );
	}

	function checkedValues( selector ) {
		return Array.prototype.map.call( panel.querySelectorAll( selector + ':checked' ), function ( input ) {
			return input.value;
		} );
	}

	function start() {
		var types = checkedValues( '.tmu-bulk-type' );
		if ( types.length === 0 ) {
			setStatus( i18n.noTypes, 'error' );
			return;
		}
		var options = {};
		panel.querySelectorAll( '.tmu-bulk-option' ).forEach( function ( input ) {
			options[ input.value ] = input.checked;
		} );
		setBusy( true );
		cancelButton.hidden = true;
		renderLog( [] );
		renderErrors( [] );
		showProgress( { status: 'queued', progress: {} } );
		setStatus( i18n.requesting, 'requesting' );
		apiFetch( { path: config.namespace + '/bulk', method: 'POST', data: { types: types, options: options } } )
			.then( function ( response ) {
				follow( response.job_id );
			} )
			.catch( function ( error ) {
				setBusy( false );
				setStatus( format( i18n.requestFailed, errorMessage( error ) ), 'error' );
			} );
	}

	function cancel() {
		var jobId = currentJob;
		if ( ! jobId ) {
			return;
		}
		cancelButton.disabled = true;
		setStatus( i18n.cancelling, 'cancelling' );
		apiFetch( { path: config.namespace + '/jobs/' + jobId + '/cancel', method: 'POST' } )
			.then( function () {
				// The next poll shows the job as cancelled.
				schedule( jobId, 0 );
			} )
			.catch( function ( error ) {
				cancelButton.disabled = false;
				setStatus( i18n.cancelFailed + ' ' + errorMessage( error ), 'error' );
				schedule( jobId, 0 );
			} );
	}

	startButton.addEventListener( 'click', start );
	cancelButton.addEventListener( 'click', cancel );

	// A bulk job already under way when the page loaded.
	var running = parseInt( panel.getAttribute( 'data-job-id' ) || '', 10 );
	if ( running > 0 ) {
		follow( running );
	}
} )( window.wp, window.tmuSidecarBulk );
