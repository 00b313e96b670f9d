/**
 * window.tmuSidecarFormat( template, ...values ): fills "%s" and "%1$s" placeholders of a string that PHP
 * translated (the scripts get every string from PHP, placeholders and all).
 */
( function () {
	'use strict';

	window.tmuSidecarFormat = function ( template ) {
		var args = Array.prototype.slice.call( arguments, 1 );
		var index = 0;
		return String( template || '' ).replace( /%(\d+\$)?s/g, function ( match, position ) {
			var value = position ? args[ parseInt( position, 10 ) - 1 ] : args[ index++ ];
			return value === undefined ? '' : String( value );
		} );
	};
} )();
