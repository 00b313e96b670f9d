/**
 * Tools → Import from TMDb: one card of the grid. The checkbox is labelled by the title, so a screen
 * reader announces what it picks; the poster is lazy and decorative (alt=""), the badge links to the post.
 *
 * window.tmuSidecarImportCard( item, { i18n, type, mode, checked, onToggle, onImport } ) → <li>; a title not in the
 * library has its own Import button.
 */
( function () {
	'use strict';

	var format = window.wp.i18n.sprintf;

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
		// Shown whole on hover: the card cuts a long title at four lines.
		label.title = item.title;
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

	// "In trash", with WordPress's restore link when the user may restore the post.
	function trashBadge( item, i18n ) {
		var line = document.createElement( 'p' );
		line.className = 'tmu-import-badge tmu-import-trash-badge';
		line.appendChild( document.createTextNode( i18n.inTrash + ' ' ) );
		if ( item.restore_url ) {
			var link = document.createElement( 'a' );
			link.href = item.restore_url;
			link.className = 'tmu-import-restore';
			link.textContent = i18n.restore;
			link.setAttribute( 'aria-label', format( i18n.restoreLabel, item.title ) );
			line.appendChild( link );
		}
		return line;
	}

	// Restore or new post: asked of every trashed title that is picked.
	function trashChoice( item, options ) {
		var i18n = options.i18n;
		var set = document.createElement( 'fieldset' );
		set.className = 'tmu-import-trash-choice';
		var legend = document.createElement( 'legend' );
		legend.textContent = format( i18n.trashLegend, item.title );
		set.appendChild( legend );
		[ [ 'restore', i18n.trashRestore ], [ 'new', i18n.trashNew ] ].forEach( function ( pair ) {
			var id = 'tmu-import-trash-' + pair[ 0 ] + '-' + item.type + '-' + item.tmdb_id;
			var radio = document.createElement( 'input' );
			radio.type = 'radio';
			radio.name = 'tmu-import-trash-' + item.type + '-' + item.tmdb_id;
			radio.id = id;
			radio.value = pair[ 0 ];
			radio.checked = options.trashChoice === pair[ 0 ];
			radio.addEventListener( 'change', function () {
				options.onTrashChoice( pair[ 0 ] );
			} );
			var label = document.createElement( 'label' );
			label.htmlFor = id;
			label.textContent = pair[ 1 ];
			var row = document.createElement( 'div' );
			row.appendChild( radio );
			row.appendChild( label );
			set.appendChild( row );
		} );
		return set;
	}

	// Browsing as dramas, a series the site keeps as a TV show says so (and the other way round).
	function badgeText( item, options ) {
		var i18n = options.i18n;
		if ( item.library_type === 'tv' && options.mode === 'drama' ) {
			return [ i18n.inLibraryAsTv, i18n.inLibraryAsTvLabel ];
		}
		if ( item.library_type === 'drama' && options.mode === 'tv' ) {
			return [ i18n.inLibraryAsDrama, i18n.inLibraryAsDramaLabel ];
		}
		return [ i18n.inLibrary, i18n.inLibraryLabel ];
	}

	function badge( item, options ) {
		var text = badgeText( item, options );
		var mark = document.createElement( item.post_link ? 'a' : 'span' );
		mark.className = 'tmu-import-badge';
		mark.textContent = text[ 0 ];
		if ( item.post_link ) {
			mark.href = item.post_link;
			mark.setAttribute( 'aria-label', format( text[ 1 ], item.title ) );
		}
		return mark;
	}

	// Imports this one title at once; its accessible name carries the title.
	function importButton( item, options ) {
		var button = document.createElement( 'button' );
		button.type = 'button';
		button.className = 'button button-small tmu-import-one';
		button.textContent = options.i18n.importOne;
		button.setAttribute( 'aria-label', format( options.i18n.importOneLabel, item.title ) );
		button.addEventListener( 'click', function () {
			options.onImport();
		} );
		return button;
	}

	window.tmuSidecarImportCard = function ( item, options ) {
		var li = document.createElement( 'li' );
		li.className = 'tmu-import-card' + ( item.in_library ? ' is-in-library' : '' ) + ( item.in_trash ? ' is-in-trash' : '' );
		li.setAttribute( 'data-tmdb-id', String( item.tmdb_id ) );
		li.setAttribute( 'data-type', item.type );
		li.appendChild( poster( item ) );
		li.appendChild( pickRow( item, options ) );
		li.appendChild( meta( item, options ) );
		if ( item.in_library ) {
			li.appendChild( badge( item, options ) );
		} else {
			li.appendChild( importButton( item, options ) );
		}
		if ( item.in_trash ) {
			li.appendChild( trashBadge( item, options.i18n ) );
			li.appendChild( trashChoice( item, options ) );
		}
		return li;
	};
} )();
