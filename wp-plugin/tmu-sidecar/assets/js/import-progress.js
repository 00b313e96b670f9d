/**
 * Tools → Import from TMDb: the progress panel (the bulk sync panel's look), following one job
 * through GET tmu/v1/jobs/{id} until it ends.
 *
 * window.tmuSidecarImportProgress.create( { namespace, pollInterval, i18n, onEnd } ) → { follow( jobId ), setStatus( text, state ), busy() }.
 */
( function ( wp ) {
	'use strict';

	var TERMINAL = [ 'succeeded', 'partial', 'failed', 'cancelled' ];
	var MAX_POLL_FAILURES = 10;

	function format( template ) {
		var args = Array.prototype.slice.call( arguments, 1 );
		var index = 0;
		return String( template || '' ).replace( /%(\d+\$)?s/g, function ( match, position ) {
			var value = position ? args[ parseInt( position, 10 ) - 1 ] : args[ index++ ];
			return value === undefined ? '' : String( value );
		} );
	}

	function create( options ) {
		var i18n = options.i18n || {};
		var $ = function ( id ) {
			return document.getElementById( id );
		};
		var progressWrap = $( 'tmu-import-progress-wrap' );
		var progress = $( 'tmu-import-progress' );
		var bar = progress.querySelector( '.tmu-bulk-progress-bar' );
		var counts = $( 'tmu-import-counts' );
		var status = $( 'tmu-import-status' );
		var log = $( 'tmu-import-log' );
		var errorsWrap = $( 'tmu-import-errors-wrap' );
		var errors = $( 'tmu-import-errors' );
		var jobLabel = $( 'tmu-import-job' );
		var currentJob = null;
		var timer = null;

		function setStatus( text, state ) {
			status.textContent = text;
			status.setAttribute( 'data-state', state );
			status.classList.toggle( 'tmu-is-error', state === 'error' || state === 'partial' );
			status.classList.toggle( 'tmu-is-success', state === 'done' );
		}

		function fillList( list, entries, render ) {
			list.textContent = '';
			entries.forEach( function ( entry ) {
				var li = document.createElement( 'li' );
				render( li, entry );
				list.appendChild( li );
			} );
		}

		function show( job ) {
			var p = job.progress || {};
			var done = p.done || 0;
			var failed = p.failed || 0;
			var total = p.total || 0;
			var value = total > 0 ? Math.min( 100, Math.round( ( ( done + failed ) / total ) * 100 ) ) : 0;
			progressWrap.hidden = false;
			progress.setAttribute( 'aria-valuenow', String( value ) );
			progress.setAttribute( 'aria-valuetext', value + '%' );
			progress.setAttribute( 'data-status', job.status );
			bar.style.width = value + '%';
			counts.textContent = format( i18n.counts, done, failed, total );
			fillList( log, job.log || [], function ( li, line ) {
				li.textContent = line;
			} );
			fillList( errors, job.errors || [], function ( li, entry ) {
				li.className = 'tmu-bulk-error';
				li.textContent = ( entry.tmdb_id ? format( i18n.errorItem, entry.tmdb_id ) + ': ' : '' ) + ( entry.message || i18n.unknownError );
			} );
			errorsWrap.hidden = ( job.errors || [] ).length === 0;
			return { done: done, failed: failed, total: total };
		}

		function finish( job ) {
			var c = show( job );
			currentJob = null;
			if ( job.status === 'succeeded' ) {
				setStatus( format( i18n.succeeded, c.done, c.failed ), 'done' );
			} else if ( job.status === 'partial' ) {
				setStatus( format( i18n.partial, c.done, c.failed ), 'partial' );
			} else if ( job.status === 'cancelled' ) {
				setStatus( format( i18n.cancelled, c.done, c.failed ), 'cancelled' );
			} else {
				setStatus( format( i18n.failed, job.error || i18n.unknownError ), 'error' );
			}
			options.onEnd( job );
		}

		function poll( jobId, failures ) {
			wp.apiFetch( { path: options.namespace + '/jobs/' + jobId } )
				.then( function ( job ) {
					if ( currentJob !== jobId ) {
						return;
					}
					if ( TERMINAL.indexOf( job.status ) !== -1 ) {
						finish( job );
						return;
					}
					var c = show( job );
					setStatus( job.status === 'queued' ? i18n.queued : format( i18n.running, c.done + c.failed, c.total ), job.status );
					schedule( jobId, 0 );
				} )
				.catch( function () {
					if ( currentJob !== jobId ) {
						return;
					}
					// The row may not be visible yet, or the network hiccuped: retry a few times.
					if ( failures < MAX_POLL_FAILURES ) {
						schedule( jobId, failures + 1 );
						return;
					}
					currentJob = null;
					setStatus( i18n.lostTrack, 'error' );
					options.onEnd( null );
				} );
		}

		function schedule( jobId, failures ) {
			window.clearTimeout( timer );
			timer = window.setTimeout( function () {
				poll( jobId, failures );
			}, options.pollInterval || 1000 );
		}

		return {
			follow: function ( jobId ) {
				currentJob = jobId;
				jobLabel.textContent = format( i18n.job, jobId );
				poll( jobId, 0 );
			},
			setStatus: setStatus,
			busy: function () {
				return currentJob !== null;
			},
		};
	}

	window.tmuSidecarImportProgress = { create: create, format: format };
} )( window.wp );
