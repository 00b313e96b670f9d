/**
 * Tools → Import from TMDb.
 *
 * Browses TMDb through GET tmu/v1/tmdb/browse into a paged grid of cards (real checkboxes with
 * labels, so Tab / Space and screen readers work), keeps the selection across pages, starts one
 * import job (POST tmu/v1/import) and follows it with the progress panel (GET tmu/v1/jobs/{id}).
 */
( function ( wp, config, progressPanel ) {
	'use strict';

	if ( ! wp || ! wp.apiFetch || ! config || ! progressPanel || ! window.tmuSidecarImportCard ) {
		return;
	}

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
	var format = window.tmuSidecarFormat;

	/** Picked titles by "type:id", kept across pages and sources. */
	var selected = new Map();
	// Titles whose post is in the trash (key → title), and the user's choice for each (restore or new).
	var trashed = new Map();
	var trashChoices = new Map();
	var lastQuery = null;
	var page = 1;
	var totalPages = 1;
	var currentItems = [];
	var panel = progressPanel.create( {
		prefix: 'tmu-import',
		namespace: config.namespace,
		pollInterval: config.pollInterval,
		i18n: i18n,
		onEnd: function () {
			startButton.disabled = false;
			// The cards now say which titles are in the library.
			if ( lastQuery ) {
				load( lastQuery, page );
			}
		},
	} );

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
		if ( item.in_trash ) {
			trashed.set( itemKey( item ), item.title );
		}
		return window.tmuSidecarImportCard( item, {
			i18n: i18n,
			type: importType( item ),
			checked: selected.has( itemKey( item ) ),
			trashChoice: trashChoices.get( itemKey( item ) ),
			onTrashChoice: function ( choice ) {
				trashChoices.set( itemKey( item ), choice );
			},
			onToggle: function ( checked ) {
				if ( checked ) {
					selected.set( itemKey( item ), { type: importType( item ), tmdb_id: item.tmdb_id } );
				} else {
					selected.delete( itemKey( item ) );
				}
				updateSelection();
			},
		} );
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

	function startImport( event ) {
		event.preventDefault();
		var undecided = [];
		var items = Array.from( selected.entries() ).map( function ( entry ) {
			var choice = trashChoices.get( entry[ 0 ] );
			if ( trashed.has( entry[ 0 ] ) && ! choice ) {
				undecided.push( trashed.get( entry[ 0 ] ) );
			}
			return trashed.has( entry[ 0 ] ) && choice ? Object.assign( { on_trash: choice }, entry[ 1 ] ) : entry[ 1 ];
		} );
		if ( undecided.length > 0 ) {
			panel.setStatus( format( i18n.trashUndecided, undecided.join( ', ' ) ), 'error' );
			return;
		}
		if ( items.length === 0 ) {
			panel.setStatus( i18n.nothingPicked, 'error' );
			return;
		}
		if ( items.length > config.maxItems ) {
			panel.setStatus( format( i18n.tooMany, config.maxItems ), 'error' );
			return;
		}
		var options = {};
		importForm.querySelectorAll( '.tmu-import-option' ).forEach( function ( input ) {
			options[ input.value ] = input.checked;
		} );
		var checkedStatus = importForm.querySelector( 'input[name="status"]:checked' );
		startButton.disabled = true;
		panel.setStatus( i18n.requesting, 'requesting' );
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
				panel.setStatus( format( i18n.requestFailed, errorMessage( error ) ), 'error' );
			} );
	}

	function follow( jobId ) {
		root.setAttribute( 'data-job-id', String( jobId ) );
		startButton.disabled = true;
		panel.follow( jobId );
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
} )( window.wp, window.tmuSidecarImport, window.tmuSidecarProgressPanel );
