/**
 * Tools → Import from TMDb.
 *
 * Browses TMDb through GET tmu/v1/tmdb/browse into a paged grid of cards (real checkboxes with
 * labels, so Tab / Space and screen readers work), keeps the selection across pages, starts one
 * import job (POST tmu/v1/import) and follows it with the progress panel (GET tmu/v1/jobs/{id}).
 */
( function ( wp, config, progressPanel ) {
	'use strict';

	if ( ! wp || ! wp.apiFetch || ! wp.i18n || ! config || ! progressPanel || ! window.tmuSidecarImportCard || ! window.tmuSidecarImportStrings || ! window.tmuSidecarErrors ) {
		return;
	}

	var _n = wp.i18n._n;
	var i18n = window.tmuSidecarImportStrings;
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
	var hideOwned = $( 'tmu-import-hide-owned' );
	var genreSelect = $( 'tmu-import-genre' );
	var panelStatus = $( 'tmu-import-status' );
	var format = wp.i18n.sprintf;

	/** Picked titles by "type:id", kept across pages and sources. */
	var selected = new Map();
	// Titles whose post is in the trash (key → title), and the user's choice for each (restore or new).
	var trashed = new Map();
	var trashChoices = new Map();
	var lastQuery = null;
	var page = 1;
	var totalPages = 1;
	var totalResults = 0;
	var genresByType = {};
	var currentItems = [];
	var pickHints = [ i18n.nothingPicked ];
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

	var errors = window.tmuSidecarErrors;

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

	/** "Page 1 of 12 (230 titles)", and how many of the page the "hide" box hides. */
	function pageText() {
		var text = format( i18n.pageStatus, page, totalPages, totalResults );
		var owned = currentItems.filter( function ( item ) {
			return item.in_library;
		} ).length;
		return hideOwned.checked && owned > 0 ? text + ' ' + format( i18n.ownedHidden, owned ) : text;
	}

	/** A "tick a title first" kind of message is stale once a title is ticked or a new search runs. */
	function clearPickHint() {
		if ( panelStatus && panelStatus.getAttribute( 'data-state' ) === 'error' && ! panel.busy() && pickHints.indexOf( panelStatus.textContent ) !== -1 ) {
			panel.setStatus( '', 'idle' );
		}
	}

	/** The Genre select of Discover: TMDb's genres of the chosen type, asked once per type. */
	function loadGenres() {
		var type = typeSelect.value === 'movie' ? 'movie' : 'tv';
		var keep = genreSelect.value;
		var fill = function ( genres ) {
			genreSelect.textContent = '';
			var any = document.createElement( 'option' );
			any.value = '';
			any.textContent = i18n.anyGenre;
			genreSelect.appendChild( any );
			genres.forEach( function ( genre ) {
				var option = document.createElement( 'option' );
				option.value = String( genre.id );
				option.textContent = genre.name;
				genreSelect.appendChild( option );
			} );
			genreSelect.value = genres.some( function ( genre ) {
				return String( genre.id ) === keep;
			} ) ? keep : '';
		};
		if ( genresByType[ type ] ) {
			fill( genresByType[ type ] );
			return;
		}
		apiFetch( { path: config.namespace + '/tmdb/genres?type=' + type } )
			.then( function ( answer ) {
				genresByType[ type ] = answer.genres || [];
				if ( ( typeSelect.value === 'movie' ? 'movie' : 'tv' ) === type ) {
					fill( genresByType[ type ] );
				}
			} )
			.catch( function () {
				// Without the list the select offers "Any genre" only; the browse itself reports the outage.
			} );
	}

	function load( query, wanted ) {
		if ( query !== lastQuery ) {
			clearPickHint();
		}
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
				totalResults = answer.total_results || currentItems.length;
				renderGrid();
				errors.clear( 'tmu-import-error' );
				renderUnresolved( answer.unresolved || [] );
				resultsStatus.textContent = currentItems.length ? pageText() : i18n.noResults;
			} )
			.catch( function ( error ) {
				resultsStatus.textContent = '';
				errors.show( resultsStatus, error, { id: 'tmu-import-error', lead: i18n.browseFailed } );
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
		var li = window.tmuSidecarImportCard( item, {
			i18n: i18n,
			type: importType( item ),
			mode: typeSelect.value,
			checked: selected.has( itemKey( item ) ),
			trashChoice: trashChoices.get( itemKey( item ) ),
			onTrashChoice: function ( choice ) {
				trashChoices.set( itemKey( item ), choice );
			},
			onImport: function () {
				// One import at a time, as the form's own Import button.
				if ( ! startButton.disabled ) {
					runImport( [ [ itemKey( item ), { type: importType( item ), tmdb_id: item.tmdb_id } ] ] );
				}
			},
			onToggle: function ( checked ) {
				if ( checked ) {
					selected.set( itemKey( item ), { type: importType( item ), tmdb_id: item.tmdb_id } );
					clearPickHint();
				} else {
					selected.delete( itemKey( item ) );
				}
				updateSelection();
			},
		} );
		li.setAttribute( 'data-key', itemKey( item ) );
		return li;
	}

	function renderGrid() {
		grid.textContent = '';
		currentItems.forEach( function ( item ) {
			grid.appendChild( card( item ) );
		} );
		prev.disabled = page <= 1;
		next.disabled = page >= totalPages;
		pageLabel.textContent = currentItems.length ? format( i18n.pageStatus, page, totalPages, totalResults ) : '';
		selectPage.disabled = currentItems.length === 0;
		updateSelection();
	}

	/** A pasted title that was not imported: why in words, the sidecar's sentence, and its code apart. */
	function renderUnresolved( list ) {
		var labels = { validation_failed: i18n.notValidId, tmdb_not_found: i18n.notFound };
		unresolvedList.textContent = '';
		list.forEach( function ( entry ) {
			var match = /^([a-z][a-z0-9_]*[a-z0-9]): ([\s\S]+)$/.exec( entry.message || '' );
			var code = entry.code || ( match ? match[ 1 ] : '' );
			var li = document.createElement( 'li' );
			li.setAttribute( 'data-code', code );
			var label = document.createElement( 'strong' );
			label.textContent = ( labels[ code ] || i18n.notImported ) + ':';
			li.appendChild( label );
			li.appendChild( document.createTextNode( ' ' + entry.input + ' — ' + errors.message( entry ) ) );
			if ( code && config.showDetails ) {
				var details = document.createElement( 'span' );
				details.className = 'description tmu-error-details';
				details.textContent = ' ' + format( i18n.code, code );
				li.appendChild( details );
			}
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
		selectedCount.textContent = format( /* translators: %s: number of selected titles. */ _n( '%s selected', '%s selected', selected.size, 'tmu-sidecar' ), selected.size );
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
		if ( ! all ) {
			clearPickHint();
		}
		grid.querySelectorAll( '.tmu-import-pick' ).forEach( function ( box ) {
			box.checked = ! all;
		} );
		updateSelection();
	}

	function startImport( event ) {
		event.preventDefault();
		runImport( Array.from( selected.entries() ) );
	}

	/** Imports the picked entries ([key, {type, tmdb_id}]): the whole selection, or one card's Import. */
	function runImport( entries ) {
		var undecided = [];
		var items = entries.map( function ( entry ) {
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
				var keys = entries.map( function ( entry ) {
					return entry[ 0 ];
				} );
				keys.forEach( function ( key ) {
					selected.delete( key );
				} );
				grid.querySelectorAll( '.tmu-import-card' ).forEach( function ( li ) {
					var box = li.querySelector( '.tmu-import-pick' );
					if ( box && ! selected.has( li.getAttribute( 'data-key' ) ) ) {
						box.checked = false;
					}
				} );
				updateSelection();
				follow( response.job_id );
			} )
			.catch( function ( error ) {
				startButton.disabled = false;
				panel.showError( error, i18n.startFailed );
			} );
	}

	function follow( jobId ) {
		root.setAttribute( 'data-job-id', String( jobId ) );
		startButton.disabled = true;
		panel.follow( jobId );
	}

	sourceSelect.addEventListener( 'change', showFilters );
	typeSelect.addEventListener( 'change', loadGenres );
	hideOwned.addEventListener( 'change', function () {
		grid.classList.toggle( 'tmu-hide-owned', hideOwned.checked );
		if ( currentItems.length ) {
			resultsStatus.textContent = pageText();
		}
	} );
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
	loadGenres();
	grid.classList.toggle( 'tmu-hide-owned', hideOwned.checked );
	// The first page of the default source, without pressing Browse.
	load( browseQuery(), 1 );

	// An import still running when the page was opened.
	var running = parseInt( root.getAttribute( 'data-job-id' ) || '', 10 );
	if ( running > 0 ) {
		follow( running );
	}
} )( window.wp, window.tmuSidecarImport, window.tmuSidecarProgressPanel );
