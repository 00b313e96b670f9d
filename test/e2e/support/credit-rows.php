<?php
/**
 * Runs the plugin's Credits_Writer::rows_text() and Edit_Fingerprints::of() on cast and crew rows
 * read from STDIN (JSON, values as wpdb reads them) and prints the texts and their fingerprints
 * (texts base64-encoded): the PHP half of the credit rows contract test. WordPress is not loaded.
 */

declare(strict_types=1);

define( 'ABSPATH', __DIR__ . '/' );
if ( ! function_exists( 'wp_json_encode' ) ) {
	function wp_json_encode( $data, $options = 0, $depth = 512 ) {
		return json_encode( $data, $options, $depth );
	}
}
$plugin = dirname( __DIR__, 3 ) . '/wp-plugin/tmu-sidecar/includes/';
require $plugin . 'fields/class-column-codec.php';
require $plugin . 'fields/class-edit-fingerprints.php';
require $plugin . 'fields/class-credits-writer.php';

use TMU\Sidecar\Credits_Writer;
use TMU\Sidecar\Edit_Fingerprints;

$out = array();
foreach ( json_decode( stream_get_contents( STDIN ), true ) as $case ) {
	$text  = Credits_Writer::rows_text( $case['which'], $case['rows'] );
	$out[] = array(
		'text'  => base64_encode( $text ),
		'print' => Edit_Fingerprints::of( $text ),
	);
}
echo json_encode( $out );
