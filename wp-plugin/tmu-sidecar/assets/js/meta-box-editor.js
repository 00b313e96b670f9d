/**
 * TMDb meta box: what a finished sync changes on the edit screen (meta-box.js runs the sync): the
 * poster, the featured image, untouched title/content/tag boxes, the "TMDb data" box, the heading
 * and the last-sync lines.
 *
 * window.tmuSidecarMetaBoxEditor = { create( config, i18n ) } → { refresh( post ), refreshDataBox(),
 * useEditHeading(), useEditUrl(), formatTime( iso ) }.
 */
( function ( wp ) {
	'use strict';

	function byId( id ) {
		return document.getElementById( id );
	}

	/**
	 * A stored post title as the classic editor's title box shows it: the screen prints it into an
	 * attribute, whose character references (&#039;, &amp;) the browser decodes. A textarea decodes
	 * them the same way and runs nothing.
	 */
	function asTitleBox( stored ) {
		var decoder = document.createElement( 'textarea' );
		decoder.innerHTML = stored;
		return decoder.value;
	}

	function create( config, i18n ) {
		var apiFetch = wp.apiFetch;
		var poster = byId( 'tmu-poster' );
		var lastSynced = byId( 'tmu-last-synced' );
		var lastSyncedLabel = byId( 'tmu-last-synced-label' );
		var lastFailed = byId( 'tmu-last-failed' );
		var lastFailedAt = byId( 'tmu-last-failed-at' );
		var lastError = byId( 'tmu-last-error' );
		var lastErrorMessage = byId( 'tmu-last-error-message' );


		// What the editor form held when the page loaded: fields the user has not touched
		// are refreshed after a sync, so that saving the form does not undo what the sync wrote.
		var initial = snapshotForm();

		function snapshotForm() {
			var snapshot = { title: '', content: '', terms: {} };
			var title = byId( 'title' );
			var content = byId( 'content' );
			snapshot.title = title ? title.value : '';
			snapshot.content = content ? content.value : '';
			Array.prototype.forEach.call( document.querySelectorAll( 'textarea.the-tags' ), function ( area ) {
				snapshot.terms[ area.id ] = area.value;
			} );
			return snapshot;
		}

		// The site's date and time format, as the box printed it on load (never the browser's own).
		function formatTime( iso ) {
			if ( wp.date && wp.date.dateI18n && config.dateTimeFormat ) {
				return wp.date.dateI18n( config.dateTimeFormat, iso );
			}
			return new Date( iso ).toLocaleString();
		}

		// After the first sync of a new post the screen edits it: "Add New Movie" becomes "Edit Movie".
		function useEditHeading() {
			if ( ! config.editHeading || ! config.addNewHeading ) {
				return;
			}
			var heading = document.querySelector( '.wrap h1.wp-heading-inline' ) || document.querySelector( '.wrap h1' );
			if ( heading && heading.textContent.trim() === config.addNewHeading ) {
				heading.textContent = config.editHeading;
			}
			if ( document.title.indexOf( config.addNewHeading ) !== -1 ) {
				document.title = document.title.replace( config.addNewHeading, config.editHeading );
			}
		}

		// The "TMDb data" box: its figures as the sync wrote them, in place of "Nothing synced yet".
		function refreshDataBox() {
			var inside = document.querySelector( '#tmu-tmdb-data .inside' );
			if ( ! inside ) {
				return;
			}
			apiFetch( { path: config.namespace + '/posts/' + config.postId + '/tmdb-data' } )
				.then( function ( answer ) {
					var facts = ( answer && answer.facts ) || [];
					if ( facts.length === 0 ) {
						return;
					}
					var list = document.createElement( 'dl' );
					list.className = 'tmu-tmdb-data';
					list.id = 'tmu-tmdb-data-list';
					facts.forEach( function ( fact ) {
						var dt = document.createElement( 'dt' );
						dt.textContent = fact.label;
						var dd = document.createElement( 'dd' );
						dd.setAttribute( 'data-fact', fact.key );
						dd.textContent = fact.value;
						list.appendChild( dt );
						list.appendChild( dd );
					} );
					inside.textContent = '';
					inside.appendChild( list );
				} )
				.catch( function () {
					// The box keeps what it showed; a reload shows the figures.
				} );
		}

		function refreshEditor( post ) {
			if ( ! post ) {
				return;
			}
			// Poster in the box.
			if ( poster ) {
				poster.textContent = '';
				if ( post.thumbnail_url ) {
					var image = document.createElement( 'img' );
					image.src = post.thumbnail_url;
					image.alt = i18n.posterAlt || '';
					image.className = 'tmu-poster-image';
					poster.appendChild( image );
				}
			}
			// Classic editor: featured image box (its hidden _thumbnail_id must match, or saving would remove the poster).
			var featured = document.querySelector( '#postimagediv .inside' );
			if ( featured && typeof post.featured_image_html === 'string' ) {
				featured.innerHTML = post.featured_image_html; // Built and escaped by WordPress (_wp_post_thumbnail_html).
			}
			// Block editor, if a site opted in: let the editor re-read the post.
			if ( wp.data && wp.data.dispatch ) {
				try {
					wp.data.dispatch( 'core' ).invalidateResolution( 'getEntityRecord', [ 'postType', config.postType, config.postId ] );
				} catch ( e ) {
					// Not the block editor.
				}
			}
			// Title, content and tag boxes the user has not edited since the page loaded.
			var title = byId( 'title' );
			if ( title && title.value === initial.title && typeof post.title === 'string' ) {
				title.value = asTitleBox( post.title );
				title.dispatchEvent( new Event( 'input', { bubbles: true } ) );
				var prompt = byId( 'title-prompt-text' );
				if ( prompt && post.title ) {
					prompt.classList.add( 'screen-reader-text' );
				}
			}
			var content = byId( 'content' );
			if ( content && content.value === initial.content && typeof post.content === 'string' ) {
				var editor = window.tinymce && window.tinymce.get && window.tinymce.get( 'content' );
				if ( editor && ! editor.isHidden() && ! editor.isDirty() ) {
					editor.setContent( post.content );
				}
				content.value = post.content;
			}
			if ( post.terms ) {
				Object.keys( post.terms ).forEach( function ( taxonomy ) {
					var area = byId( 'tax-input-' + taxonomy );
					if ( ! area || area.value !== ( initial.terms[ area.id ] || '' ) ) {
						return;
					}
					area.value = post.terms[ taxonomy ].join( ',' );
					var tagsDiv = byId( taxonomy );
					if ( window.tagBox && tagsDiv ) {
						window.tagBox.quickClicks( tagsDiv );
					}
				} );
			}
			initial = snapshotForm();

			if ( lastSynced && post.last_synced_at ) {
				lastSynced.textContent = formatTime( post.last_synced_at );
			}
			showFailure( post );
			if ( lastError && lastErrorMessage ) {
				lastErrorMessage.textContent = post.last_error || '';
				lastError.classList.toggle( 'hidden', ! post.last_error );
			}
		}

		// A failed sync is told apart from the last successful one, never shown as "Last synced".
		function showFailure( post ) {
			var failed = Boolean( post.last_error ) && Boolean( post.last_failed_at );
			if ( lastFailed && lastFailedAt ) {
				lastFailedAt.textContent = failed ? formatTime( post.last_failed_at ) : '';
				lastFailed.classList.toggle( 'hidden', ! failed );
			}
			if ( lastSyncedLabel ) {
				lastSyncedLabel.textContent = post.last_error ? i18n.lastSuccess : i18n.lastSynced;
			}
			if ( lastSynced && post.last_error && ! post.last_synced_at ) {
				lastSynced.textContent = i18n.never;
			}
		}

		// After a first sync from Add New, reloading post-new.php would open a blank post.
		function useEditUrl() {
			if ( config.editUrl && /post-new\.php/.test( window.location.pathname ) && window.history && window.history.replaceState ) {
				window.history.replaceState( null, '', config.editUrl );
			}
		}


		return {
			refresh: refreshEditor,
			refreshDataBox: refreshDataBox,
			useEditHeading: useEditHeading,
			useEditUrl: useEditUrl,
			formatTime: formatTime,
		};
	}

	window.tmuSidecarMetaBoxEditor = { create: create };
} )( window.wp );
