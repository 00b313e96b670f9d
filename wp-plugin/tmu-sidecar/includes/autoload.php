<?php
/**
 * The plugin's class autoloader (tmu-sidecar.php requires this file once).
 *
 * A class of this namespace, `TMU\Sidecar\Title_Data_Store`, lives in `class-title-data-store.php` in the
 * folder of its concern under includes/. A new class goes into one of CLASS_FOLDERS (a new folder is added
 * there); its hooks are registered in tmu-sidecar.php's bootstrap().
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/** The folders of includes/ that hold class files, one concern each (docs/admin.md says what each holds). */
const CLASS_FOLDERS = array(
	'settings',
	'sidecar',
	'content',
	'rest',
	'creates',
	'media',
	'editor',
	'fields',
	'list-screens',
	'list-tables',
	'activity',
	'curated-lists',
	'import',
	'admin-ui',
	'site-health',
	'title-data',
	'blocks',
);

/**
 * The file that declares a class of this namespace, or null for any other class.
 *
 * @param string $class_name Fully qualified class name.
 */
function class_file( string $class_name ): ?string {
	$prefix = __NAMESPACE__ . '\\';
	if ( ! str_starts_with( $class_name, $prefix ) ) {
		return null;
	}
	$name = substr( $class_name, strlen( $prefix ) );
	if ( 1 !== preg_match( '/^[A-Za-z][A-Za-z0-9_]*$/', $name ) ) {
		return null;
	}
	$file = 'class-' . strtolower( str_replace( '_', '-', $name ) ) . '.php';
	foreach ( CLASS_FOLDERS as $folder ) {
		$path = __DIR__ . '/' . $folder . '/' . $file;
		if ( is_file( $path ) ) {
			return $path;
		}
	}
	return null;
}

spl_autoload_register(
	static function ( string $class_name ): void {
		$file = class_file( $class_name );
		if ( null !== $file ) {
			require_once $file;
		}
	}
);
