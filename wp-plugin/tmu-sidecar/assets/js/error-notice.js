/**
 * Shows a tmu/v1 REST error the way every screen of the plugin does.
 *
 * The server decides who reads what (Error_Presenter): everyone gets a plain message; users who
 * can manage the site also get data.details {code, status, sidecar_url, detail}, shown here as a
 * details line. A leading "code: " an older sidecar put in a message is dropped.
 *
 * window.tmuSidecarErrors = { message( error ), detailsLine( error ), notice( error, options ), show( anchor, error, options ), clear( id ) }.
 */
( function ( wp ) {
	'use strict';

	var __ = wp && wp.i18n ? wp.i18n.__ : function ( text ) {
		return text;
	};
	var format = wp && wp.i18n ? wp.i18n.sprintf : function ( text ) {
		return text;
	};

	/** "tmdb_auth: No key" → "No key". */
	function strip( text ) {
		var match = /^[a-z][a-z0-9_]*[a-z0-9]: ([\s\S]+)$/.exec( text );
		return match ? match[ 1 ] : text;
	}

	function message( error ) {
		var text = error && typeof error.message === 'string' ? error.message : '';
		return text ? strip( text ) : __( 'Something went wrong. Try again.', 'tmu-sidecar' );
	}

	function detailsLine( error ) {
		var details = error && error.data && error.data.details;
		if ( ! details || typeof details !== 'object' ) {
			return '';
		}
		var parts = [];
		if ( details.code ) {
			/* translators: %s: error code. */
			parts.push( format( __( 'Code: %s', 'tmu-sidecar' ), details.code ) );
		}
		if ( details.status ) {
			/* translators: %d: HTTP status. */
			parts.push( format( __( 'HTTP %d', 'tmu-sidecar' ), details.status ) );
		}
		if ( details.sidecar_url ) {
			/* translators: %s: the sidecar URL. */
			parts.push( format( __( 'Sidecar: %s', 'tmu-sidecar' ), details.sidecar_url ) );
		}
		if ( details.detail ) {
			parts.push( String( details.detail ) );
		}
		return parts.join( ' · ' );
	}

	/**
	 * A notice element: <div class="notice notice-error" role="alert"><p>lead message</p><p class="description">details</p></div>.
	 *
	 * @param {Object} error   apiFetch error ({code, message, data}).
	 * @param {Object} options {id, lead}.
	 */
	function notice( error, options ) {
		options = options || {};
		var box = document.createElement( 'div' );
		box.className = 'notice notice-error tmu-error-notice';
		box.setAttribute( 'role', 'alert' );
		if ( options.id ) {
			box.id = options.id;
		}
		if ( error && error.code ) {
			box.setAttribute( 'data-code', String( error.code ) );
		}
		var line = document.createElement( 'p' );
		if ( options.lead ) {
			var lead = document.createElement( 'strong' );
			lead.textContent = options.lead + ' ';
			line.appendChild( lead );
		}
		line.appendChild( document.createTextNode( message( error ) ) );
		box.appendChild( line );
		var details = detailsLine( error );
		if ( details ) {
			var small = document.createElement( 'p' );
			small.className = 'description tmu-error-details';
			small.textContent = details;
			box.appendChild( small );
		}
		return box;
	}

	function clear( id ) {
		var old = id ? document.getElementById( id ) : null;
		if ( old ) {
			old.remove();
		}
	}

	/** Puts the notice before anchor (after it with options.after), replacing an earlier one with the same id. */
	function show( anchor, error, options ) {
		options = options || {};
		clear( options.id );
		var box = notice( error, options );
		if ( anchor && anchor.parentNode ) {
			anchor.parentNode.insertBefore( box, options.after ? anchor.nextSibling : anchor );
		}
		return box;
	}

	window.tmuSidecarErrors = { message: message, detailsLine: detailsLine, notice: notice, show: show, clear: clear };
} )( window.wp );
