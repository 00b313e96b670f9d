/**
 * Settings → TMU Sidecar: the "Test connection" button.
 *
 * Calls POST tmu/v1/test-connection and says which part failed:
 * sidecar unreachable, signature rejected, or TMDb key invalid.
 */
( function ( wp, config ) {
	'use strict';

	if ( ! wp || ! wp.apiFetch || ! wp.i18n || ! config ) {
		return;
	}

	var __ = wp.i18n.__;
	var i18n = {
		testing: __( 'Testing the connection…', 'tmu-sidecar' ),
		ok: __( 'OK', 'tmu-sidecar' ),
		failed: __( 'failed', 'tmu-sidecar' ),
		unknown: __( 'not checked', 'tmu-sidecar' ),
		sidecar: __( 'Sidecar', 'tmu-sidecar' ),
		signature: __( 'Signature', 'tmu-sidecar' ),
		tmdb: __( 'TMDb', 'tmu-sidecar' ),
		wordpress: __( 'Sidecar\'s WordPress credentials', 'tmu-sidecar' ),
		error: __( 'The test could not be run:', 'tmu-sidecar' ),
	};
	var button = document.getElementById( 'tmu-test-connection' );
	var result = document.getElementById( 'tmu-test-connection-result' );
	var spinner = document.getElementById( 'tmu-test-connection-spinner' );
	if ( ! button || ! result ) {
		return;
	}

	function label( state ) {
		if ( state === 'ok' ) {
			return i18n.ok;
		}
		if ( state === 'failed' ) {
			return i18n.failed;
		}
		return i18n.unknown;
	}

	function render( report ) {
		result.textContent = '';
		result.className = 'tmu-test-connection-result notice inline ' + ( report.ok ? 'notice-success' : 'notice-error' );
		result.setAttribute( 'data-ok', report.ok ? 'true' : 'false' );
		result.setAttribute( 'data-failed', report.failed || '' );

		var message = document.createElement( 'p' );
		message.className = 'tmu-test-connection-message';
		message.textContent = report.message;
		result.appendChild( message );

		var list = document.createElement( 'ul' );
		list.className = 'tmu-test-connection-checks';
		[ 'sidecar', 'signature', 'tmdb', 'wordpress' ].forEach( function ( part ) {
			var state = ( report.checks && report.checks[ part ] ) || 'unknown';
			// The row names the same cause as the headline (e.g. "TMDb: unreachable").
			var cause = ( report.causes && report.causes[ part ] ) || label( state );
			var item = document.createElement( 'li' );
			item.className = 'tmu-check tmu-check-' + state;
			item.setAttribute( 'data-check', part );
			item.setAttribute( 'data-state', state );
			item.textContent = i18n[ part ] + ': ' + cause;
			list.appendChild( item );
		} );
		result.appendChild( list );
	}

	button.addEventListener( 'click', function () {
		button.disabled = true;
		if ( spinner ) {
			spinner.classList.add( 'is-active' );
		}
		result.className = 'tmu-test-connection-result';
		result.removeAttribute( 'data-ok' );
		result.textContent = i18n.testing;
		wp.apiFetch( { path: config.route, method: 'POST' } )
			.then( render )
			.catch( function ( error ) {
				render( {
					ok: false,
					failed: 'request',
					message: i18n.error + ' ' + ( ( error && error.message ) || '' ),
					checks: {},
				} );
			} )
			.then( function () {
				button.disabled = false;
				if ( spinner ) {
					spinner.classList.remove( 'is-active' );
				}
			} );
	} );
} )( window.wp, window.tmuSidecarSettings );
