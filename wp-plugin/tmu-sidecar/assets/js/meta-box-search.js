/**
 * TMDb meta box: the search field, its results, and picking one (fills the TMDb ID field).
 * Also the status helper the rest of the box (meta-box.js) shares: setStatus().
 *
 * window.tmuSidecarMetaBoxSearch = { setStatus, init( config, errorMessage ) }.
 */
( function ( wp ) {
	'use strict';

	var format = window.wp.i18n.sprintf;
	var _n = window.wp.i18n._n;

	function setStatus( element, text, state ) {
		if ( ! element ) {
			return;
		}
		element.textContent = text;
		element.classList.remove( 'tmu-is-error', 'tmu-is-success', 'tmu-is-busy' );
		if ( state ) {
			element.classList.add( 'tmu-is-' + state );
		}
		element.setAttribute( 'data-state', state || '' );
	}

	function query( params ) {
		return Object.keys( params )
			.map( function ( key ) {
				return encodeURIComponent( key ) + '=' + encodeURIComponent( params[ key ] );
			} )
			.join( '&' );
	}

	function init( config, errorMessage ) {
		var i18n = config.i18n || {};
		var apiFetch = wp.apiFetch;
		var byId = function ( id ) {
			return document.getElementById( id );
		};
		var idInput = byId( 'tmu-tmdb-id' );
		var searchInput = byId( 'tmu-search-input' );
		var searchButton = byId( 'tmu-search-button' );
		var searchStatus = byId( 'tmu-search-status' );
		var resultsList = byId( 'tmu-search-results' );

		function renderResults( results ) {
			resultsList.textContent = '';
			results.forEach( function ( result ) {
				var item = document.createElement( 'li' );
				item.className = 'tmu-search-result';
				item.setAttribute( 'data-tmdb-id', String( result.tmdb_id ) );

				var button = document.createElement( 'button' );
				button.type = 'button';
				button.className = 'tmu-search-result-button';
				button.setAttribute( 'data-tmdb-id', String( result.tmdb_id ) );

				if ( result.poster_url ) {
					var image = document.createElement( 'img' );
					image.className = 'tmu-search-result-poster';
					image.src = result.poster_url;
					image.alt = i18n.posterAlt || '';
					image.loading = 'lazy';
					image.width = 46;
					button.appendChild( image );
				} else {
					var placeholder = document.createElement( 'span' );
					placeholder.className = 'tmu-search-result-poster tmu-no-poster';
					button.appendChild( placeholder );
				}

				var text = document.createElement( 'span' );
				text.className = 'tmu-search-result-text';
				var title = document.createElement( 'span' );
				title.className = 'tmu-search-result-title';
				title.textContent = result.title || String( result.tmdb_id );
				text.appendChild( title );
				if ( result.year ) {
					var year = document.createElement( 'span' );
					year.className = 'tmu-search-result-year';
					year.textContent = ' ' + format( i18n.year || '(%s)', result.year );
					text.appendChild( year );
				}
				var id = document.createElement( 'span' );
				id.className = 'tmu-search-result-id';
				id.textContent = format( i18n.resultId || 'TMDb %s', result.tmdb_id );
				text.appendChild( id );
				button.appendChild( text );

				button.addEventListener( 'click', function () {
					pick( result.tmdb_id, item );
				} );
				item.appendChild( button );
				resultsList.appendChild( item );
			} );
		}

		function pick( tmdbId, item ) {
			idInput.value = String( tmdbId );
			idInput.dispatchEvent( new Event( 'change', { bubbles: true } ) );
			Array.prototype.forEach.call( resultsList.querySelectorAll( '.tmu-search-result' ), function ( element ) {
				element.classList.toggle( 'is-selected', element === item );
			} );
			setStatus( searchStatus, format( i18n.selected, tmdbId ), 'success' );
			searchStatus.setAttribute( 'data-selected', String( tmdbId ) );
		}

		function search() {
			var q = searchInput.value.trim();
			if ( ! q ) {
				setStatus( searchStatus, i18n.emptyQuery, 'error' );
				searchInput.focus();
				return;
			}
			searchButton.disabled = true;
			setStatus( searchStatus, i18n.searching, 'busy' );
			resultsList.textContent = '';
			apiFetch( { path: config.namespace + '/search?' + query( { q: q, type: config.searchType } ) } )
				.then( function ( response ) {
					var results = ( response && response.results ) || [];
					renderResults( results );
					setStatus( searchStatus, results.length ? format( /* translators: %s: number of results. */ _n( '%s result. Pick one to use its TMDb ID.', '%s results. Pick one to use its TMDb ID.', results.length, 'tmu-sidecar' ), results.length ) : i18n.noResults, results.length ? '' : 'error' );
				} )
				.catch( function ( error ) {
					setStatus( searchStatus, errorMessage( error ), 'error' );
				} )
				.then( function () {
					searchButton.disabled = false;
				} );
		}

		// Typing another id makes a "TMDb ID 11 selected" line and the highlighted result stale.
		idInput.addEventListener( 'input', function () {
			var selected = resultsList.querySelector( '.tmu-search-result.is-selected' );
			if ( selected && selected.getAttribute( 'data-tmdb-id' ) === idInput.value.trim() ) {
				return;
			}
			if ( selected ) {
				selected.classList.remove( 'is-selected' );
			}
			if ( searchStatus.getAttribute( 'data-selected' ) ) {
				searchStatus.removeAttribute( 'data-selected' );
				setStatus( searchStatus, '', '' );
			}
		} );

		searchButton.addEventListener( 'click', search );
		searchInput.addEventListener( 'keydown', function ( event ) {
			if ( event.key === 'Enter' ) {
				// Enter must not submit the post form.
				event.preventDefault();
				search();
			}
		} );
	}

	window.tmuSidecarMetaBoxSearch = { setStatus: setStatus, init: init };
} )( window.wp );
