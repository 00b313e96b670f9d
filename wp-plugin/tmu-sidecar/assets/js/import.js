/**
 * Tools → Import from TMDb.
 *
 * Browses TMDb through GET tmu/v1/tmdb/browse into a paged grid of cards (real checkboxes with
 * labels, so Tab / Space and screen readers work), keeps the selection across pages, starts one
 * import job (POST tmu/v1/import) and follows it with the progress panel (GET tmu/v1/jobs/{id}).
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
	var root = document.getElementById( 'tmu-import' );
	if ( ! root ) {
		return;
	}
	var $ = function ( id ) {
		return document.getElementById( id );
	};
	var browseForm = $( 'tmu-import-browse' );
	var sourceSelect = $( 'tmu-import-source' );
	var typeSelect = $( 'tmu-import-type' );
	var grid = $( 'tmu-import-grid' );
	var resultsStatus = $( 'tmu-import-results-status' );
	var unresolvedList = $( 'tmu-import-unresolved' );
	var selectPage = $( 'tmu-import-select-page' );
	var selectedCount = $( 'tmu-import-selected-count' );
	var prev = $( 'tmu-import-prev' );
	var next = $( 'tmu-import-next' );
	var pageLabel = $( 'tmu-import-page-label' );
	var importForm = $( 'tmu-import-form' );
	var startButton = $( 'tmu-import-start' );
	var progressWrap = $( 'tmu-import-progress-wrap' );
	var progress = $( 'tmu-import-progress' );
	var bar = progress.querySelector( '.tmu-bulk-progress-bar' );
	var counts = $( 'tmu-import-counts' );
	var status = $( 'tmu-import-status' );
	var log = $( 'tmu-import-log' );
	var errorsWrap = $( 'tmu-import-errors-wrap' );
	var errors = $( 'tmu-import-errors' );
	var jobLabel = $( 'tmu-import-job' );

	/** Picked titles by "type:id", kept across pages and sources. */
	var selected = new Map();
	var lastQuery = null;
	var page = 1;
	var totalPages = 1;
	var currentItems = [];
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

	/** Shows the filter rows the chosen source reads. */
	function showFilters() {
		var source = sourceSelect.value;
		browseForm.querySelectorAll( '[data-for]' ).forEach( function ( row ) {
			row.hidden = row.getAttribute( 'data-for' ).split( ' ' ).indexOf( source ) === -1;
		} );
	}

	function browseQuery() {
		var query = { source: sourceSelect.value, type: typeSelect.value };
		browseForm.querySelectorAll( '[data-for]:not([hidden]) input, [data-for]:not([hidden]) select, [data-for]:not([hidden]) textarea' ).forEach( function ( field ) {
			if ( field.value.trim() !== '' ) {
				query[ field.name ] = field.value.trim();
			}
		} );
		return query;
	}

	function load( query, wanted ) {
		lastQuery = query;
		grid.setAttribute( 'aria-busy', 'true' );
		resultsStatus.textContent = i18n.loading;
		var params = Object.keys( query ).map( function ( key ) {
			return encodeURIComponent( key ) + '=' + encodeURIComponent( query[ key ] );
		} );
		params.push( 'page=' + wanted );
		apiFetch( { path: config.namespace + '/tmdb/browse?' + params.join( '&' ) } )
			.then( function ( answer ) {
				if ( lastQuery !== query ) {
					return;
				}
				page = answer.page || wanted;
				totalPages = Math.max( 1, answer.total_pages || 1 );
				currentItems = answer.items || [];
				renderGrid();
				renderUnresolved( answer.unresolved || [] );
				resultsStatus.textContent = currentItems.length ? format( i18n.pageStatus, page, totalPages, currentItems.length ) : i18n.noResults;
			} )
			.catch( function ( error ) {
				resultsStatus.textContent = format( i18n.requestFailed, errorMessage( error ) );
			} )
			.finally( function () {
				grid.setAttribute( 'aria-busy', 'false' );
			} );
	}

	function itemKey( item ) {
		return importType( item ) + ':' + item.tmdb_id;
	}

	/** TV titles become dramas when the type says so. */
	function importType( item ) {
		return item.type === 'tv' && typeSelect.value === 'drama' ? 'drama' : item.type;
	}

	function card( item ) {
		var li = document.createElement( 'li' );
		li.className = 'tmu-import-card' + ( item.in_library ? ' is-in-library' : '' );
		li.setAttribute( 'data-tmdb-id', String( item.tmdb_id ) );
		li.setAttribute( 'data-type', item.type );
		var id = 'tmu-import-pick-' + item.type + '-' + item.tmdb_id;

		var poster = document.createElement( 'div' );
		poster.className = 'tmu-import-poster';
		if ( item.poster_url ) {
			var img = document.createElement( 'img' );
			img.src = item.poster_url;
			img.alt = ''; // the title is in the checkbox label
			img.loading = 'lazy';
			img.decoding = 'async';
			img.width = 171;
			img.height = 256;
			poster.appendChild( img );
		}
		li.appendChild( poster );

		var box = document.createElement( 'input' );
		box.type = 'checkbox';
		box.id = id;
		box.className = 'tmu-import-pick';
		box.checked = selected.has( itemKey( item ) );
		box.addEventListener( 'change', function () {
			if ( box.checked ) {
				selected.set( itemKey( item ), { type: importType( item ), tmdb_id: item.tmdb_id } );
			} else {
				selected.delete( itemKey( item ) );
			}
			updateSelection();
		} );
		var label = document.createElement( 'label' );
		label.htmlFor = id;
		label.className = 'tmu-import-title';
		label.textContent = item.title;
		var pick = document.createElement( 'div' );
		pick.className = 'tmu-import-pick-row';
		pick.appendChild( box );
		pick.appendChild( label );
		li.appendChild( pick );

		var meta = document.createElement( 'p' );
		meta.className = 'tmu-import-meta';
		var parts = [ item.year ? String( item.year ) : i18n.noYear, i18n[ importType( item ) ] || item.type ];
		if ( item.vote_average !== null && item.vote_average !== undefined ) {
			parts.push( format( i18n.rating, item.vote_average ) );
		}
		meta.textContent = parts.join( ' · ' );
		li.appendChild( meta );

		if ( item.in_library ) {
			var badge = document.createElement( item.post_link ? 'a' : 'span' );
			badge.className = 'tmu-import-badge';
			badge.textContent = i18n.inLibrary;
			if ( item.post_link ) {
				badge.href = item.post_link;
				badge.setAttribute( 'aria-label', format( i18n.inLibraryLabel, item.title ) );
			}
			li.appendChild( badge );
		}
		return li;
	}

	function renderGrid() {
		grid.textContent = '';
		currentItems.forEach( function ( item ) {
			grid.appendChild( card( item ) );
		} );
		prev.disabled = page <= 1;
		next.disabled = page >= totalPages;
		pageLabel.textContent = currentItems.length ? format( i18n.pageStatus, page, totalPages, currentItems.length ) : '';
		selectPage.disabled = currentItems.length === 0;
		updateSelection();
	}

	function renderUnresolved( list ) {
		unresolvedList.textContent = '';
		list.forEach( function ( entry ) {
			var li = document.createElement( 'li' );
			li.textContent = format( i18n.unresolved, entry.input, entry.message );
			unresolvedList.appendChild( li );
		} );
		unresolvedList.hidden = list.length === 0;
	}

	function pageFullySelected() {
		return currentItems.length > 0 && currentItems.every( function ( item ) {
			return selected.has( itemKey( item ) );
		} );
	}

	function updateSelection() {
		selectedCount.textContent = format( i18n.selected, selected.size );
		var all = pageFullySelected();
		selectPage.textContent = all ? i18n.unselectPage : i18n.selectPage;
		selectPage.setAttribute( 'aria-pressed', all ? 'true' : 'false' );
	}

	function toggleSelectPage() {
		var all = pageFullySelected();
		currentItems.forEach( function ( item ) {
			if ( all ) {
				selected.delete( itemKey( item ) );
			} else {
				selected.set( itemKey( item ), { type: importType( item ), tmdb_id: item.tmdb_id } );
			}
		} );
		grid.querySelectorAll( '.tmu-import-pick' ).forEach( function ( box ) {
			box.checked = ! all;
		} );
		updateSelection();
	}

	/* The progress panel, as on the bulk sync panel. */

	function setStatus( text, state ) {
		status.textContent = text;
		status.setAttribute( 'data-state', state );
		status.classList.toggle( 'tmu-is-error', state === 'error' || state === 'partial' );
		status.classList.toggle( 'tmu-is-success', state === 'done' );
	}

	function showProgress( job ) {
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
		log.textContent = '';
		( job.log || [] ).forEach( function ( line ) {
			var li = document.createElement( 'li' );
			li.textContent = line;
			log.appendChild( li );
		} );
		errors.textContent = '';
		( job.errors || [] ).forEach( function ( entry ) {
			var li = document.createElement( 'li' );
			li.className = 'tmu-bulk-error';
			li.textContent = ( entry.tmdb_id ? format( i18n.errorItem, entry.tmdb_id ) + ': ' : '' ) + ( entry.message || i18n.unknownError );
			errors.appendChild( li );
		} );
		errorsWrap.hidden = ( job.errors || [] ).length === 0;
		return { done: done, failed: failed, total: total };
	}

	function finish( job ) {
		var c = showProgress( job );
		startButton.disabled = false;
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
		// The cards now say which titles are in the library.
		if ( lastQuery ) {
			load( lastQuery, page );
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
				setStatus( job.status === 'queued' ? i18n.queued : format( i18n.running, c.done + c.failed, c.total ), job.status );
				schedule( jobId, 0 );
			} )
			.catch( function () {
				if ( currentJob !== jobId ) {
					return;
				}
				if ( failures < MAX_POLL_FAILURES ) {
					schedule( jobId, failures + 1 );
					return;
				}
				startButton.disabled = false;
				currentJob = null;
				setStatus( i18n.lostTrack, 'error' );
			} );
	}

	function schedule( jobId, failures ) {
		window.clearTimeout( timer );
		timer = window.setTimeout( function () {
			poll( jobId, failures );
		}, config.pollInterval || 1000 );
	}

	function follow( jobId ) {
		currentJob = jobId;
		root.setAttribute( 'data-job-id', String( jobId ) );
		jobLabel.textContent = format( i18n.job, jobId );
		startButton.disabled = true;
		poll( jobId, 0 );
	}

	function startImport( event ) {
		event.preventDefault();
		var items = Array.from( selected.values() );
		if ( items.length === 0 ) {
			setStatus( i18n.nothingPicked, 'error' );
			return;
		}
		if ( items.length > config.maxItems ) {
			setStatus( format( i18n.tooMany, config.maxItems ), 'error' );
			return;
		}
		var options = {};
		importForm.querySelectorAll( '.tmu-import-option' ).forEach( function ( input ) {
			options[ input.value ] = input.checked;
		} );
		var checkedStatus = importForm.querySelector( 'input[name="status"]:checked' );
		startButton.disabled = true;
		setStatus( i18n.requesting, 'requesting' );
		apiFetch( {
			path: config.namespace + '/import',
			method: 'POST',
			data: {
				items: items,
				status: checkedStatus ? checkedStatus.value : 'draft',
				options: options,
				resync: $( 'tmu-import-resync' ).checked,
			},
		} )
			.then( function ( response ) {
				selected.clear();
				grid.querySelectorAll( '.tmu-import-pick' ).forEach( function ( box ) {
					box.checked = false;
				} );
				updateSelection();
				follow( response.job_id );
			} )
			.catch( function ( error ) {
				startButton.disabled = false;
				setStatus( format( i18n.requestFailed, errorMessage( error ) ), 'error' );
			} );
	}

	sourceSelect.addEventListener( 'change', showFilters );
	browseForm.addEventListener( 'submit', function ( event ) {
		event.preventDefault();
		load( browseQuery(), 1 );
	} );
	prev.addEventListener( 'click', function () {
		if ( lastQuery && page > 1 ) {
			load( lastQuery, page - 1 );
		}
	} );
	next.addEventListener( 'click', function () {
		if ( lastQuery && page < totalPages ) {
			load( lastQuery, page + 1 );
		}
	} );
	selectPage.addEventListener( 'click', toggleSelectPage );
	importForm.addEventListener( 'submit', startImport );
	showFilters();
	updateSelection();

	// An import still running when the page was opened.
	var running = parseInt( root.getAttribute( 'data-job-id' ) || '', 10 );
	if ( running > 0 ) {
		follow( running );
	}
} )( window.wp, window.tmuSidecarImport );
