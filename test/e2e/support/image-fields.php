<?php
/**
 * Runs the plugin's gallery fields (a title's `images`, a person's `photos`) through Field_Input and
 * Field_Values on cases read from STDIN (JSON) and prints their answers (JSON): the image-list test's
 * PHP half. WordPress is not loaded; the functions the classes call are shimmed, and the posts the
 * cases name (ID => [post type, mime type]) stand in for the media library.
 */

declare(strict_types=1);

define( 'ABSPATH', __DIR__ . '/' );

$input = json_decode( stream_get_contents( STDIN ), true );
$GLOBALS['tmu_test_posts'] = $input['posts'];

function __( $text, $domain = 'default' ) {
	return $text;
}
function _n( $single, $plural, $number, $domain = 'default' ) {
	return 1 === $number ? $single : $plural;
}
function wp_json_encode( $data, $options = 0, $depth = 512 ) {
	return json_encode( $data, $options, $depth );
}
function sanitize_text_field( $text ) {
	return trim( strip_tags( (string) $text ) );
}
function get_post_type( $id ) {
	return $GLOBALS['tmu_test_posts'][ (string) $id ][0] ?? false;
}
function get_post_mime_type( $id ) {
	return $GLOBALS['tmu_test_posts'][ (string) $id ][1] ?? false;
}

$plugin = dirname( __DIR__, 3 ) . '/wp-plugin/tmu-sidecar/includes/';
require $plugin . 'fields/class-column-codec.php';
require $plugin . 'fields/class-field-values.php';
require $plugin . 'fields/class-field-input.php';
require $plugin . 'fields/class-field-definitions.php';

use TMU\Sidecar\Field_Definitions;
use TMU\Sidecar\Field_Input;
use TMU\Sidecar\Field_Values;

$out = array();
foreach ( $input['cases'] as $case ) {
	$definition = Field_Definitions::for_post_type( $case['post_type'] );
	$field      = $definition['fields'][ $case['field'] ] ?? null;
	if ( null === $field ) {
		$out[] = array( 'missing' => true );
		continue;
	}
	$answer = array(
		'kind'      => $field['kind'],
		'post_type' => $field['post_type'] ?? null,
		'shown'     => array_key_exists( 'stored', $case ) ? Field_Values::form_value( $field, $case['stored'] ) : null,
	);
	try {
		$answer['bytes'] = Field_Input::to_bytes( $field, $case['posted'], $case['format'] );
	} catch ( InvalidArgumentException $error ) {
		$answer['error'] = $error->getMessage();
	}
	$out[] = $answer;
}
echo json_encode( $out );
