/**
 * TMU fields box: reorder entries (buttons, drag and drop), add and remove them, pick people,
 * videos and images by searching their posts or the media library, and put TMDb's value back
 * ("Use TMDb's value", "Revert all", shown in place without a reload).
 * Every change is announced to screen readers. No build step: plain script on wp.* globals.
 */
( function () {
	'use strict';

	const box = document.getElementById( 'tmu-fields' );
	const config = window.tmuSidecarFields;
	if ( ! box || ! config || ! window.wp || ! window.wp.i18n || ! window.wp.apiFetch ) {
		return;
	}
	const { __, _n, sprintf } = window.wp.i18n;
	const apiFetch = window.wp.apiFetch;
	const liveRegion = document.getElementById( 'tmu-fields-status' );

	/** Says a message in the box's live region (and through wp.a11y when present). */
	function announce( message ) {
		if ( liveRegion ) {
			liveRegion.textContent = '';
			window.setTimeout( () => {
				liveRegion.textContent = message;
			}, 50 );
		}
		if ( window.wp.a11y && window.wp.a11y.speak ) {
			window.wp.a11y.speak( message, 'polite' );
		}
	}

	function rowsOf( list ) {
		return Array.from( list.children ).filter( ( el ) => el.classList.contains( 'tmu-repeat-row' ) );
	}

	function escapeRegExp( text ) {
		return text.replace( /[.*+?^${}()|[\]\\]/g, '\\$&' );
	}

	/** Gives each entry's inputs the names, IDs and labels of its position, so the saved order is the shown one. */
	function renumber( list ) {
		const name = list.dataset.name;
		const stem = list.dataset.id;
		const namePattern = new RegExp( '^' + escapeRegExp( name ) + '\\[[^\\]]*\\]' );
		rowsOf( list ).forEach( ( row, index ) => {
			const number = String( index + 1 );
			row.querySelectorAll( '[name]' ).forEach( ( input ) => {
				const rest = input.name.replace( namePattern, '' );
				input.name = name + '[' + index + ']' + rest;
				const sub = rest.replace( /^\[|\]$/g, '' );
				const id = stem + '-' + index + ( sub ? '-' + sub : '' );
				const label = row.querySelector( 'label[for="' + input.id + '"]' );
				const title = row.querySelector( '#' + CSS.escape( input.id + '-title' ) );
				if ( label ) {
					label.htmlFor = id;
				}
				if ( title ) {
					title.id = id + '-title';
					input.setAttribute( 'aria-describedby', id + '-title' );
				}
				const search = row.querySelector( 'label[for="' + input.id + '-search"]' );
				const searchInput = row.querySelector( '#' + CSS.escape( input.id + '-search' ) );
				if ( search && searchInput ) {
					search.htmlFor = id + '-search';
					searchInput.id = id + '-search';
				}
				input.id = id;
			} );
			const shown = row.querySelector( '.tmu-repeat-number' );
			if ( shown ) {
				/* translators: %s: entry number. */
				shown.textContent = sprintf( __( '%s.', 'tmu-sidecar' ), number );
			}
			/* translators: %s: entry number. */
			row.querySelector( '.tmu-move-up' ).setAttribute( 'aria-label', sprintf( __( 'Move entry %s up', 'tmu-sidecar' ), number ) );
			/* translators: %s: entry number. */
			row.querySelector( '.tmu-move-down' ).setAttribute( 'aria-label', sprintf( __( 'Move entry %s down', 'tmu-sidecar' ), number ) );
			/* translators: %s: entry number. */
			row.querySelector( '.tmu-remove' ).setAttribute( 'aria-label', sprintf( __( 'Remove entry %s', 'tmu-sidecar' ), number ) );
		} );
		syncRowsValues();
	}

	/**
	 * A title's cast and crew lists (details.tmu-rows) post as one JSON value in their hidden input:
	 * their entries' inputs are taken out of the form, so that a long crew stays within PHP's max_input_vars.
	 */
	function syncRowsValues() {
		box.querySelectorAll( 'details.tmu-rows' ).forEach( ( details ) => {
			const list = details.querySelector( '.tmu-repeat-rows' );
			const hidden = Array.from( details.parentElement.querySelectorAll( 'input[type="hidden"]' ) ).find( ( input ) => input.name === details.dataset.input );
			if ( ! list || ! hidden ) {
				return;
			}
			const stem = new RegExp( '^' + escapeRegExp( list.dataset.name ) + '\\[\\d+\\]\\[([a-z_]+)\\]$' );
			hidden.value = JSON.stringify( rowsOf( list ).map( ( row ) => {
				const entry = {};
				row.querySelectorAll( '[name]' ).forEach( ( input ) => {
					const match = stem.exec( input.name );
					input.setAttribute( 'form', 'tmu-fields-detached' );
					if ( match ) {
						entry[ match[ 1 ] ] = input.value;
					}
				} );
				return entry;
			} ) );
		} );
	}

	function announceMove( list, row ) {
		const rows = rowsOf( list );
		/* translators: 1: new position, 2: number of entries. */
		announce( sprintf( __( 'Entry moved to position %1$d of %2$d.', 'tmu-sidecar' ), rows.indexOf( row ) + 1, rows.length ) );
	}

	function move( row, step ) {
		const list = row.parentElement;
		const sibling = step < 0 ? row.previousElementSibling : row.nextElementSibling;
		if ( ! sibling ) {
			announce( step < 0 ? __( 'Already the first entry.', 'tmu-sidecar' ) : __( 'Already the last entry.', 'tmu-sidecar' ) );
			return;
		}
		list.insertBefore( row, step < 0 ? sibling : sibling.nextElementSibling );
		renumber( list );
		row.querySelector( step < 0 ? '.tmu-move-up' : '.tmu-move-down' ).focus();
		announceMove( list, row );
	}

	function add( fieldset ) {
		const list = fieldset.querySelector( '.tmu-repeat-rows' );
		const template = fieldset.querySelector( '.tmu-repeat-template' );
		const row = template.content.firstElementChild.cloneNode( true );
		list.appendChild( row );
		renumber( list );
		enhancePickers( row );
		const first = row.querySelector( 'input, select' );
		if ( first ) {
			first.focus();
		}
		/* translators: %d: entry number. */
		announce( sprintf( __( 'Entry %d added.', 'tmu-sidecar' ), rowsOf( list ).length ) );
	}

	function remove( row ) {
		const list = row.parentElement;
		const next = row.nextElementSibling || row.previousElementSibling;
		row.remove();
		renumber( list );
		const focus = next ? next.querySelector( '.tmu-remove' ) : list.parentElement.querySelector( '.tmu-repeat-add' );
		if ( focus ) {
			focus.focus();
		}
		announce( __( 'Entry removed.', 'tmu-sidecar' ) );
	}

	/** Drag and drop: an entry dragged over another takes its place. */
	let dragged = null;
	box.addEventListener( 'dragstart', ( event ) => {
		const row = event.target.closest && event.target.closest( '.tmu-repeat-row' );
		if ( ! row || event.target !== row ) {
			return;
		}
		dragged = row;
		row.classList.add( 'is-dragging' );
		event.dataTransfer.effectAllowed = 'move';
		event.dataTransfer.setData( 'text/plain', '' );
	} );
	box.addEventListener( 'dragover', ( event ) => {
		const over = event.target.closest && event.target.closest( '.tmu-repeat-row' );
		if ( ! dragged || ! over || over === dragged || over.parentElement !== dragged.parentElement ) {
			return;
		}
		event.preventDefault();
		const rows = rowsOf( over.parentElement );
		over.parentElement.insertBefore( dragged, rows.indexOf( dragged ) < rows.indexOf( over ) ? over.nextElementSibling : over );
	} );
	box.addEventListener( 'dragend', () => {
		if ( ! dragged ) {
			return;
		}
		const row = dragged;
		dragged = null;
		row.classList.remove( 'is-dragging' );
		renumber( row.parentElement );
		announceMove( row.parentElement, row );
	} );

	/** Adds a search box to each post picker that has none yet. */
	function enhancePickers( root ) {
		root.querySelectorAll( '.tmu-picker' ).forEach( ( picker ) => {
			if ( picker.querySelector( '.tmu-picker-search' ) ) {
				return;
			}
			const idInput = picker.querySelector( '.tmu-picker-id' );
			const label = document.createElement( 'label' );
			label.htmlFor = idInput.id + '-search';
			label.className = 'screen-reader-text';
			label.textContent = searchLabel( picker.dataset.postType );
			const search = document.createElement( 'input' );
			search.type = 'search';
			search.id = idInput.id + '-search';
			search.className = 'tmu-picker-search';
			search.placeholder = label.textContent;
			search.setAttribute( 'autocomplete', 'off' );
			const results = document.createElement( 'ul' );
			results.className = 'tmu-picker-results';
			results.setAttribute( 'aria-label', label.textContent );
			picker.append( label, search, results );
			let timer = 0;
			search.addEventListener( 'input', () => {
				window.clearTimeout( timer );
				timer = window.setTimeout( () => findPosts( picker, search.value.trim(), results ), 300 );
			} );
		} );
	}

	function searchLabel( type ) {
		if ( 'people' === type ) {
			return __( 'Search people', 'tmu-sidecar' );
		}
		return 'attachment' === type ? __( 'Search images', 'tmu-sidecar' ) : __( 'Search videos', 'tmu-sidecar' );
	}

	/** The search of a picker's type: images of the media library, or posts of any status. */
	function searchPath( picker, query ) {
		const type = picker.dataset.postType;
		const base = picker.dataset.restBase || ( config.restBases && config.restBases[ type ] ) || type;
		const params = { search: query, per_page: '8', context: 'edit' };
		if ( 'attachment' === type ) {
			// Attachments have the status "inherit", the media route's default.
			Object.assign( params, { media_type: 'image', _fields: 'id,title,source_url,media_details' } );
		} else {
			Object.assign( params, { status: 'publish,draft,pending,future,private', _fields: 'id,title' } );
		}
		return '/wp/v2/' + base + '?' + new URLSearchParams( params ).toString();
	}

	/** A small decorative image of an attachment (its title is beside it), or null without an http(s) address. */
	function thumbnail( post ) {
		const sizes = ( post.media_details && post.media_details.sizes ) || {};
		const url = ( sizes.thumbnail && sizes.thumbnail.source_url ) || post.source_url;
		if ( 'string' !== typeof url || ! /^https?:\/\//i.test( url ) ) {
			return null;
		}
		const img = document.createElement( 'img' );
		img.src = url;
		img.alt = '';
		img.width = 48;
		img.height = 48;
		img.loading = 'lazy';
		return img;
	}

	function findPosts( picker, query, results ) {
		results.textContent = '';
		if ( query.length < 2 ) {
			return;
		}
		apiFetch( { path: searchPath( picker, query ) } ).then( ( posts ) => {
			results.textContent = '';
			posts.forEach( ( post ) => {
				const item = document.createElement( 'li' );
				const button = document.createElement( 'button' );
				const title = ( post.title && ( post.title.raw || post.title.rendered ) ) || '#' + post.id;
				// Titles are stored with HTML entities: a textarea reads them back as plain text, never as markup.
				const text = document.createElement( 'textarea' );
				text.innerHTML = title;
				const image = thumbnail( post );
				button.type = 'button';
				button.className = 'button-link tmu-picker-result';
				if ( image ) {
					button.appendChild( image );
				}
				button.appendChild( document.createTextNode( text.value + ' (#' + post.id + ')' ) );
				button.addEventListener( 'click', () => {
					picker.querySelector( '.tmu-picker-id' ).value = String( post.id );
					picker.querySelector( '.tmu-picker-title' ).textContent = text.value;
					const shown = picker.querySelector( '.tmu-picker-thumb' );
					if ( shown ) {
						shown.textContent = '';
						const picked = thumbnail( post );
						if ( picked ) {
							shown.appendChild( picked );
						}
					}
					syncRowsValues();
					results.textContent = '';
					/* translators: %s: post title. */
					announce( sprintf( __( '%s picked.', 'tmu-sidecar' ), text.value ) );
					picker.querySelector( '.tmu-picker-id' ).focus();
				} );
				item.appendChild( button );
				results.appendChild( item );
			} );
			/* translators: %d: number of posts found. */
			announce( posts.length ? sprintf( __( '%d found.', 'tmu-sidecar' ), posts.length ) : __( 'Nothing found.', 'tmu-sidecar' ) );
		} ).catch( ( error ) => announce( ( error && error.message ) || __( 'The search failed.', 'tmu-sidecar' ) ) );
	}

	/** Markup the box's own PHP printed and escaped (Fields_Box::fields_markup), as one element. */
	function fromMarkup( html ) {
		const holder = document.createElement( 'div' );
		holder.innerHTML = html;
		return holder.firstElementChild;
	}

	/** Puts the fields and the "Revert all" line the answer printed in place of the old ones. */
	function showPutBack( answer ) {
		const shown = [];
		Object.keys( answer.fields || {} ).forEach( ( key ) => {
			const old = document.getElementById( 'tmu-field-' + key );
			const fresh = fromMarkup( answer.fields[ key ] );
			if ( old && fresh ) {
				old.replaceWith( fresh );
				enhancePickers( fresh );
				shown.push( fresh );
			}
		} );
		const summary = document.getElementById( 'tmu-fields-summary' );
		const freshSummary = answer.summary ? fromMarkup( answer.summary ) : null;
		if ( summary && freshSummary ) {
			summary.replaceWith( freshSummary );
		} else if ( summary ) {
			summary.remove();
		}
		syncRowsValues();
		return shown;
	}

	/** "Use TMDb's value" (one field) and "Revert all" (no field): the fields show TMDb's value in place. */
	function useTmdb( button, field ) {
		button.disabled = true;
		announce( __( 'Putting TMDb\'s value back…', 'tmu-sidecar' ) );
		apiFetch( {
			path: config.namespace + '/fields/' + config.postId + '/tmdb',
			method: 'POST',
			data: field ? { field } : {},
		} ).then( ( answer ) => {
			const shown = showPutBack( answer || {} );
			// The clicked button is gone with its field: focus moves to the first field put back.
			const input = shown.length ? shown[ 0 ].querySelector( 'input:not([type="hidden"]), select, textarea, button' ) : null;
			if ( input ) {
				input.focus();
			}
			const count = ( answer.restored || [] ).length + ( answer.pending || [] ).length;
			announce(
				field
					? __( 'TMDb\'s value is back; the field follows TMDb again.', 'tmu-sidecar' )
					/* translators: %d: number of fields. */
					: sprintf( _n( '%d field follows TMDb again.', '%d fields follow TMDb again.', count, 'tmu-sidecar' ), count )
			);
		} ).catch( ( error ) => {
			button.disabled = false;
			announce( ( error && error.message ) || __( 'TMDb\'s value could not be put back.', 'tmu-sidecar' ) );
		} );
	}

	box.addEventListener( 'click', ( event ) => {
		const target = event.target.closest( 'button' );
		if ( ! target || ! box.contains( target ) ) {
			return;
		}
		const row = target.closest( '.tmu-repeat-row' );
		if ( target.classList.contains( 'tmu-move-up' ) && row ) {
			move( row, -1 );
		} else if ( target.classList.contains( 'tmu-move-down' ) && row ) {
			move( row, 1 );
		} else if ( target.classList.contains( 'tmu-remove' ) && row ) {
			remove( row );
		} else if ( target.classList.contains( 'tmu-repeat-add' ) ) {
			add( target.closest( '.tmu-repeat' ) );
		} else if ( target.classList.contains( 'tmu-use-tmdb' ) ) {
			useTmdb( target, target.dataset.field );
		} else if ( target.id === 'tmu-fields-revert-all' ) {
			useTmdb( target, '' );
		} else {
			return;
		}
		event.preventDefault();
	} );

	box.addEventListener( 'input', syncRowsValues );
	box.addEventListener( 'change', syncRowsValues );
	enhancePickers( box );
	syncRowsValues();
}() );
