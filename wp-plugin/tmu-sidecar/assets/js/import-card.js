/**
 * Tools → Import from TMDb: one card of the grid. The checkbox is labelled by the title, so a screen
 * reader announces what it picks; the poster is lazy and decorative (alt=""), the badge links to the post.
 *
 * window.tmuSidecarImportCard( item, { i18n, type, checked, onToggle } ) → <li>.
 */
( function () {
	'use strict';

	var format = window.tmuSidecarFormat;

	function poster( item ) {
		var box = document.createElement( 'div' );
		box.className = 'tmu-import-poster';
		if ( item.poster_url ) {
			var img = document.createElement( 'img' );
			img.src = item.poster_url;
			img.alt = '';
			img.loading = 'lazy';
			img.decoding = 'async';
			img.width = 171;
			img.height = 256;
			box.appendChild( img );
		}
		return box;
	}

	function pickRow( item, options ) {
		var id = 'tmu-import-pick-' + item.type + '-' + item.tmdb_id;
		var box = document.createElement( 'input' );
		box.type = 'checkbox';
		box.id = id;
		box.className = 'tmu-import-pick';
		box.checked = options.checked;
		box.addEventListener( 'change', function () {
			options.onToggle( box.checked );
		} );
		var label = document.createElement( 'label' );
		label.htmlFor = id;
		label.className = 'tmu-import-title';
		label.textContent = item.title;
		var row = document.createElement( 'div' );
		row.className = 'tmu-import-pick-row';
		row.appendChild( box );
		row.appendChild( label );
		return row;
	}

	function meta( item, options ) {
		var i18n = options.i18n;
		var line = document.createElement( 'p' );
		line.className = 'tmu-import-meta';
		var parts = [ item.year ? String( item.year ) : i18n.noYear, i18n[ options.type ] || options.type ];
		if ( item.vote_average !== null && item.vote_average !== undefined ) {
			parts.push( format( i18n.rating, item.vote_average ) );
		}
		line.textContent = parts.join( ' · ' );
		return line;
	}

	function badge( item, i18n ) {
		var mark = document.createElement( item.post_link ? 'a' : 'span' );
		mark.className = 'tmu-import-badge';
		mark.textContent = i18n.inLibrary;
		if ( item.post_link ) {
			mark.href = item.post_link;
			mark.setAttribute( 'aria-label', format( i18n.inLibraryLabel, item.title ) );
		}
		return mark;
	}

	window.tmuSidecarImportCard = function ( item, options ) {
		var li = document.createElement( 'li' );
		li.className = 'tmu-import-card' + ( item.in_library ? ' is-in-library' : '' );
		li.setAttribute( 'data-tmdb-id', String( item.tmdb_id ) );
		li.setAttribute( 'data-type', item.type );
		li.appendChild( poster( item ) );
		li.appendChild( pickRow( item, options ) );
		li.appendChild( meta( item, options ) );
		if ( item.in_library ) {
			li.appendChild( badge( item, options.i18n ) );
		}
		return li;
	};
} )();
