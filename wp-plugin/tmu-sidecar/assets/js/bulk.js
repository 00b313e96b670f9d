/**
 * Settings → TMU Sidecar: the "Bulk sync" panel.
 *
 * Starts a bulk sync (POST tmu/v1/bulk) and follows it with the shared progress panel
 * (progress-panel.js), with a Cancel button (POST tmu/v1/jobs/{id}/cancel).
 */
( function ( wp, config, progressPanel ) {
	'use strict';

	if ( ! wp || ! wp.apiFetch || ! config || ! progressPanel ) {
		return;
	}

	var i18n = config.i18n || {};
	var apiFetch = wp.apiFetch;
	var format = window.tmuSidecarFormat;
	var panel = document.getElementById( 'tmu-bulk-panel' );
	var startButton = document.getElementById( 'tmu-bulk-start' );
	var cancelButton = document.getElementById( 'tmu-bulk-cancel' );
	if ( ! panel || ! startButton || ! cancelButton || ! document.getElementById( 'tmu-bulk-status' ) ) {
		return;
	}

	function errorMessage( error ) {
		return ( error && error.message ) || i18n.unknownError;
	}

	function setBusy( running ) {
		startButton.disabled = running;
		cancelButton.hidden = ! running;
		cancelButton.disabled = false;
		panel.querySelectorAll( '.tmu-bulk-type, .tmu-bulk-option' ).forEach( function ( input ) {
			input.disabled = running;
		} );
	}

	var progress = progressPanel.create( {
		prefix: 'tmu-bulk',
		namespace: config.namespace,
		pollInterval: config.pollInterval,
		i18n: i18n,
		panel: panel,
		onEnd: function () {
			setBusy( false );
		},
	} );

	function follow( jobId ) {
		panel.setAttribute( 'data-job-id', String( jobId ) );
		setBusy( true );
		progress.follow( jobId );
	}

	function checkedValues( selector ) {
		return Array.prototype.map.call( panel.querySelectorAll( selector + ':checked' ), function ( input ) {
			return input.value;
		} );
	}

	function start() {
		var types = checkedValues( '.tmu-bulk-type' );
		if ( types.length === 0 ) {
			progress.setStatus( i18n.noTypes, 'error' );
			return;
		}
		var options = {};
		panel.querySelectorAll( '.tmu-bulk-option' ).forEach( function ( input ) {
			options[ input.value ] = input.checked;
		} );
		setBusy( true );
		cancelButton.hidden = true;
		progress.reset();
		progress.setStatus( i18n.requesting, 'requesting' );
		apiFetch( { path: config.namespace + '/bulk', method: 'POST', data: { types: types, options: options } } )
			.then( function ( response ) {
				follow( response.job_id );
			} )
			.catch( function ( error ) {
				setBusy( false );
				progress.setStatus( format( i18n.requestFailed, errorMessage( error ) ), 'error' );
			} );
	}

	function cancel() {
		var jobId = progress.current();
		if ( ! jobId ) {
			return;
		}
		cancelButton.disabled = true;
		progress.setStatus( i18n.cancelling, 'cancelling' );
		apiFetch( { path: config.namespace + '/jobs/' + jobId + '/cancel', method: 'POST' } )
			.then( function () {
				// The next poll shows the job as cancelled.
				progress.pollSoon();
			} )
			.catch( function ( error ) {
				cancelButton.disabled = false;
				progress.setStatus( i18n.cancelFailed + ' ' + errorMessage( error ), 'error' );
				progress.pollSoon();
			} );
	}

	startButton.addEventListener( 'click', start );
	cancelButton.addEventListener( 'click', cancel );

	// A bulk job already under way when the page loaded.
	var running = parseInt( panel.getAttribute( 'data-job-id' ) || '', 10 );
	if ( running > 0 ) {
		follow( running );
	}
} )( window.wp, window.tmuSidecarBulk, window.tmuSidecarProgressPanel );
