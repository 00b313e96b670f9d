<?php
/**
 * Runs the plugin's Column_Codec and Edit_Fingerprints on cases read from STDIN (JSON) and
 * prints their answers (JSON, bytes base64-encoded): the cross-language contract test's PHP half.
 * WordPress is not loaded; the few functions the classes call are shimmed.
 */

declare(strict_types=1);

define( 'ABSPATH', __DIR__ . '/' );
if ( ! function_exists( 'wp_json_encode' ) ) {
	function wp_json_encode( $data, $options = 0, $depth = 512 ) {
		return json_encode( $data, $options, $depth );
	}
}
if ( ! function_exists( 'esc_html' ) ) {
	function esc_html( $text ) {
		return htmlspecialchars( (string) $text, ENT_QUOTES );
	}
}
$plugin = dirname( __DIR__, 3 ) . '/wp-plugin/tmu-sidecar/includes/';
require $plugin . 'fields/class-column-codec.php';
require $plugin . 'fields/class-edit-fingerprints.php';

use TMU\Sidecar\Column_Codec;
use TMU\Sidecar\Edit_Fingerprints;

$input = json_decode( stream_get_contents( STDIN ), true );
$out   = array(
	'prints'   => array(),
	'encoded'  => array(),
	'decoded'  => array(),
);
foreach ( $input['prints'] as $case ) {
	$out['prints'][] = Edit_Fingerprints::of( $case['value'] );
}
foreach ( $input['values'] as $case ) {
	$out['encoded'][] = array(
		'php'  => base64_encode( Column_Codec::encode( $case['value'], 'php' ) ),
		'json' => base64_encode( Column_Codec::encode( $case['value'], 'json' ) ),
	);
}
foreach ( $input['bytes'] as $bytes ) {
	$decoded          = Column_Codec::decode( null === $bytes ? null : base64_decode( $bytes ) );
	$out['decoded'][] = array(
		'type' => gettype( $decoded ),
		'json' => base64_encode( Column_Codec::encode( $decoded, 'json' ) ),
		'php'  => base64_encode( Column_Codec::encode( $decoded, 'php' ) ),
	);
}
echo json_encode( $out );
