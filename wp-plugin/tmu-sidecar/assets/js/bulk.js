/**
 * Settings → TMU Sidecar: the "Bulk sync" panel.
 *
 * Starts a bulk sync (POST tmu/v1/bulk) and follows it with the shared progress panel
 * (progress-panel.js), with a Cancel button (POST tmu/v1/jobs/{id}/cancel).
 */
( function ( wp, config, progressPanel ) {
	'use strict';

	if ( ! wp || ! wp.apiFetch || ! wp.i18n || ! config || ! progressPanel ) {
		return;
	}

	var __ = wp.i18n.__;
	var i18n = {
		noTypes: __( 'Pick at least one content type.', 'tmu-sidecar' ),
		requesting: __( 'Starting the bulk sync…', 'tmu-sidecar' ),
		queued: __( 'Queued: waiting for the sidecar to start it…', 'tmu-sidecar' ),
		/* translators: 1: items handled so far, 2: items in total. */
		running: __( 'Running: %1$s of %2$s', 'tmu-sidecar' ),
		counting: __( 'Running: counting what to sync…', 'tmu-sidecar' ),
		/* translators: 1: items synced, 2: items that failed. */
		succeeded: __( 'Done: %1$s synced, %2$s failed.', 'tmu-sidecar' ),
		/* translators: 1: items synced, 2: items that failed. */
		partial: __( 'Done with errors: %1$s synced, %2$s failed.', 'tmu-sidecar' ),
		/* translators: %s: why the job failed. */
		failed: __( 'Failed: %s', 'tmu-sidecar' ),
		cancelling: __( 'Cancelling…', 'tmu-sidecar' ),
		/* translators: 1: items synced, 2: items that failed. */
		cancelled: __( 'Cancelled after %1$s synced, %2$s failed.', 'tmu-sidecar' ),
		lostTrack: __( 'Lost track of the job: the progress could not be read. Reload the page to try again.', 'tmu-sidecar' ),
		/* translators: 1: items synced, 2: items that failed, 3: items in total. */
		counts: __( '%1$s synced · %2$s failed · %3$s total', 'tmu-sidecar' ),
		/* translators: %s: job id. */
		job: __( 'Job #%s', 'tmu-sidecar' ),
		progressLabel: __( 'Bulk sync progress', 'tmu-sidecar' ),
		unknownError: __( 'unknown error', 'tmu-sidecar' ),
		/* translators: 1: TMDb id, 2: post id. */
		errorItem: __( 'TMDb %1$s (post %2$s)', 'tmu-sidecar' ),
		errorsHeading: __( 'Errors', 'tmu-sidecar' ),
		noLog: __( 'Nothing logged yet.', 'tmu-sidecar' ),
		cancelFailed: __( 'The job could not be cancelled:', 'tmu-sidecar' ),
		requestFailedLead: __( 'The bulk sync could not be started:', 'tmu-sidecar' ),
		/* translators: %s: number of items. */
		confirmText: __( 'This syncs %s items again from TMDb, one after the other. It runs in the sidecar and can take a while; pages stay online meanwhile.', 'tmu-sidecar' ),
		/* translators: %s: number of items. */
		confirmButton: __( 'Sync %s items', 'tmu-sidecar' ),
	};
	var apiFetch = wp.apiFetch;
	var format = wp.i18n.sprintf;
	var panel = document.getElementById( 'tmu-bulk-panel' );
	var startButton = document.getElementById( 'tmu-bulk-start' );
	var cancelButton = document.getElementById( 'tmu-bulk-cancel' );
	if ( ! panel || ! startButton || ! cancelButton || ! document.getElementById( 'tmu-bulk-status' ) ) {
		return;
	}

	function errorMessage( error ) {
		if ( error && error.message && window.tmuSidecarErrors ) {
			return window.tmuSidecarErrors.message( error );
		}
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

	/** How many posts the ticked types hold (data-count of each checkbox). */
	function itemCount() {
		var total = 0;
		panel.querySelectorAll( '.tmu-bulk-type:checked' ).forEach( function ( input ) {
			total += parseInt( input.getAttribute( 'data-count' ) || '0', 10 ) || 0;
		} );
		return total;
	}

	/** Asks first, in a modal dialog (Escape or Cancel keep everything as it is). */
	function confirmStart() {
		if ( checkedValues( '.tmu-bulk-type' ).length === 0 ) {
			progress.setStatus( i18n.noTypes, 'error' );
			return;
		}
		var dialog = document.getElementById( 'tmu-bulk-confirm' );
		if ( ! dialog || typeof dialog.showModal !== 'function' ) {
			start();
			return;
		}
		var count = String( itemCount() );
		document.getElementById( 'tmu-bulk-confirm-text' ).textContent = format( i18n.confirmText, count );
		document.getElementById( 'tmu-bulk-confirm-yes' ).textContent = format( i18n.confirmButton, count );
		dialog.returnValue = '';
		dialog.showModal();
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
				progress.showError( error, i18n.requestFailedLead );
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

	startButton.addEventListener( 'click', confirmStart );
	var confirmDialog = document.getElementById( 'tmu-bulk-confirm' );
	if ( confirmDialog ) {
		confirmDialog.addEventListener( 'close', function () {
			if ( confirmDialog.returnValue === 'confirm' ) {
				start();
			} else {
				startButton.focus();
			}
		} );
	}
	cancelButton.addEventListener( 'click', cancel );

	// A bulk job already under way when the page loaded.
	var running = parseInt( panel.getAttribute( 'data-job-id' ) || '', 10 );
	if ( running > 0 ) {
		follow( running );
	}
} )( window.wp, window.tmuSidecarBulk, window.tmuSidecarProgressPanel );
