/**
 * The progress panel of the Bulk sync panel and of Tools → Import from TMDb: follows one job through
 * GET tmu/v1/jobs/{id} until it ends, with a progress bar, counts, the rolling log and every error.
 * The markup is Progress_Panel::render() (ids "{prefix}-progress-wrap", "{prefix}-status", ...).
 *
 * window.tmuSidecarProgressPanel.create( { prefix, namespace, pollInterval, i18n, panel?, onEnd } )
 *   → { follow( jobId ), setStatus( text, state ), showError( error, lead ), reset(), pollSoon(), current(), busy() }.
 * onEnd( job ) runs once the job has ended, onEnd( null ) when its progress could no longer be read.
 * An import or a bulk makes pages live first: while the rest of its titles (job.background) is still being done
 * in background jobs, the line "{prefix}-background" says how far they are, also after the job itself has ended.
 */
( function ( wp ) {
	'use strict';

	var TERMINAL = [ 'succeeded', 'partial', 'failed', 'cancelled' ];
	var MAX_POLL_FAILURES = 10;

	var format = window.wp.i18n.sprintf;

	function percent( job, done, failed, total ) {
		// A finished job with nothing to do is complete, not at 0 %.
		if ( total <= 0 ) {
			return TERMINAL.indexOf( job.status ) !== -1 && job.status !== 'cancelled' ? 100 : 0;
		}
		return Math.min( 100, Math.round( ( ( done + failed ) / total ) * 100 ) );
	}

	/** The panel's elements, found by the ids Progress_Panel::render() gives them. */
	function elements( prefix ) {
		var $ = function ( name ) {
			return document.getElementById( prefix + '-' + name );
		};
		var progress = $( 'progress' );
		return {
			wrap: $( 'progress-wrap' ),
			progress: progress,
			bar: progress ? progress.querySelector( '.tmu-bulk-progress-bar' ) : null,
			counts: $( 'counts' ),
			status: $( 'status' ),
			log: $( 'log' ),
			errorsWrap: $( 'errors-wrap' ),
			errors: $( 'errors' ),
			job: $( 'job' ),
			background: $( 'background' ),
		};
	}

	function fillList( list, entries, render ) {
		list.textContent = '';
		entries.forEach( function ( entry ) {
			var li = document.createElement( 'li' );
			render( li, entry );
			list.appendChild( li );
		} );
	}

	function create( options ) {
		var i18n = options.i18n || {};
		var el = elements( options.prefix );
		var currentJob = null;
		var timer = null;
		var backgroundTimer = null;

		function setStatus( text, state ) {
			el.status.textContent = text;
			el.status.setAttribute( 'data-state', state );
			if ( options.panel ) {
				options.panel.setAttribute( 'data-state', state );
			}
			el.status.classList.toggle( 'tmu-is-error', state === 'error' || state === 'partial' );
			el.status.classList.toggle( 'tmu-is-success', state === 'done' );
			if ( state !== 'error' && window.tmuSidecarErrors ) {
				window.tmuSidecarErrors.clear( options.prefix + '-error' );
			}
		}

		/** A failed request as a notice above the status line (details for administrators). */
		function showError( error, lead ) {
			setStatus( '', 'error' );
			if ( window.tmuSidecarErrors ) {
				window.tmuSidecarErrors.show( el.status, error, { id: options.prefix + '-error', lead: lead } );
			} else {
				setStatus( ( lead ? lead + ' ' : '' ) + ( ( error && error.message ) || '' ), 'error' );
			}
		}

		function renderError( li, entry ) {
			li.className = 'tmu-bulk-error';
			if ( entry.tmdb_id !== null && entry.tmdb_id !== undefined ) {
				li.setAttribute( 'data-tmdb-id', String( entry.tmdb_id ) );
				var what = document.createElement( 'strong' );
				what.textContent = format( i18n.errorItem, entry.tmdb_id, entry.post_id === null || entry.post_id === undefined ? '–' : entry.post_id ) + ': ';
				li.appendChild( what );
			}
			li.appendChild( document.createTextNode( entry.message || i18n.unknownError ) );
		}

		function show( job ) {
			var p = job.progress || {};
			var c = { done: p.done || 0, failed: p.failed || 0, total: p.total || 0 };
			var value = percent( job, c.done, c.failed, c.total );
			el.wrap.hidden = false;
			el.progress.setAttribute( 'aria-valuenow', String( value ) );
			el.progress.setAttribute( 'aria-valuetext', value + '%' );
			el.progress.setAttribute( 'data-status', job.status );
			el.bar.style.width = value + '%';
			el.counts.textContent = format( i18n.counts, c.done, c.failed, c.total );
			el.counts.setAttribute( 'data-done', String( c.done ) );
			el.counts.setAttribute( 'data-failed', String( c.failed ) );
			el.counts.setAttribute( 'data-total', String( c.total ) );
			fillList( el.log, job.log || [], function ( li, line ) {
				li.textContent = line;
			} );
			el.log.scrollTop = el.log.scrollHeight;
			fillList( el.errors, job.errors || [], renderError );
			el.errorsWrap.hidden = ( job.errors || [] ).length === 0;
			return c;
		}

		function finish( job ) {
			var c = show( job );
			var firstError = job.errors && job.errors[ 0 ] && job.errors[ 0 ].message;
			currentJob = null;
			if ( job.status === 'succeeded' ) {
				setStatus( format( i18n.succeeded, c.done, c.failed ), 'done' );
			} else if ( job.status === 'partial' ) {
				setStatus( format( i18n.partial, c.done, c.failed ), 'partial' );
			} else if ( job.status === 'cancelled' ) {
				setStatus( format( i18n.cancelled, c.done, c.failed ), 'cancelled' );
			} else {
				setStatus( format( i18n.failed, job.error || firstError || i18n.unknownError ), 'error' );
			}
			options.onEnd( job );
		}

		function showRunning( job ) {
			var c = show( job );
			if ( el.status.getAttribute( 'data-state' ) === 'cancelling' ) {
				return;
			}
			if ( job.status === 'queued' ) {
				setStatus( i18n.queued, 'queued' );
			} else if ( c.total === 0 && i18n.counting ) {
				setStatus( i18n.counting, 'running' );
			} else {
				setStatus( format( i18n.running, c.done + c.failed, c.total ), 'running' );
			}
		}

		/** The background line; true while some of the job's titles are still to be completed. */
		function showBackground( job ) {
			var b = job.background;
			if ( ! el.background || ! b || ! i18n.background || b.total <= 0 ) {
				return false;
			}
			var ended = ( b.done || 0 ) + ( b.failed || 0 );
			var pending = ended < b.total;
			var text;
			if ( ! pending ) {
				text = format( i18n.backgroundDone, b.done || 0, b.failed || 0 );
			} else if ( TERMINAL.indexOf( job.status ) !== -1 ) {
				text = format( i18n.backgroundLive, ( job.progress && job.progress.done ) || 0, ended, b.total );
			} else {
				text = format( i18n.background, ended, b.total );
			}
			// Only a change is written, so screen readers announce progress, not every poll.
			if ( el.background.textContent !== text ) {
				el.background.textContent = text;
			}
			el.background.hidden = false;
			el.background.setAttribute( 'data-pending', pending ? 'true' : 'false' );
			return pending;
		}

		function hideBackground() {
			window.clearTimeout( backgroundTimer );
			if ( el.background ) {
				el.background.hidden = true;
				el.background.textContent = '';
			}
		}

		/** After the job has ended: polls it (slower) until its background completions have all ended. */
		function followBackground( jobId ) {
			window.clearTimeout( backgroundTimer );
			backgroundTimer = window.setTimeout( function () {
				if ( currentJob !== null ) {
					return; // another job is followed now
				}
				wp.apiFetch( { path: options.namespace + '/jobs/' + jobId } )
					.then( function ( job ) {
						if ( currentJob === null && showBackground( job ) ) {
							followBackground( jobId );
						}
					} )
					.catch( function () {
						followBackground( jobId );
					} );
			}, ( options.pollInterval || 1000 ) * 2 );
		}

		function lost( error ) {
			currentJob = null;
			setStatus( i18n.lostTrack + ( error && error.message ? ' ' + error.message : '' ), 'error' );
			options.onEnd( null );
		}

		function poll( jobId, failures ) {
			wp.apiFetch( { path: options.namespace + '/jobs/' + jobId } )
				.then( function ( job ) {
					if ( currentJob !== jobId ) {
						return;
					}
					if ( TERMINAL.indexOf( job.status ) !== -1 ) {
						finish( job );
						if ( showBackground( job ) ) {
							followBackground( jobId );
						}
						return;
					}
					showRunning( job );
					showBackground( job );
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
					lost( error );
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
				hideBackground();
				currentJob = jobId;
				if ( el.job ) {
					el.job.textContent = format( i18n.job, jobId );
				}
				poll( jobId, 0 );
			},
			setStatus: setStatus,
			showError: showError,
			/** Empties the log and errors and shows a queued job at 0 %. */
			reset: function () {
				hideBackground();
				show( { status: 'queued', progress: {} } );
			},
			/** Polls again after the usual interval (e.g. after a cancel request). */
			pollSoon: function () {
				if ( currentJob !== null ) {
					schedule( currentJob, 0 );
				}
			},
			current: function () {
				return currentJob;
			},
			busy: function () {
				return currentJob !== null;
			},
		};
	}

	window.tmuSidecarProgressPanel = { create: create };
} )( window.wp );
