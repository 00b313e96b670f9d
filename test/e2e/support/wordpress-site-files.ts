/**
 * The files the e2e WordPress is made of besides WordPress itself: wp-config.php, a must-use plugin,
 * the php -S router and the prelude of a PHP snippet run from the command line.
 */
import { randomBytes } from 'node:crypto';

/** A PHP single-quoted string literal. */
export function phpString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function phpLiteral(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : phpString(String(value));
  return phpString(value);
}

/** The database part of wp-config.php. */
export interface SiteDatabase {
  host: string;
  port: number;
  user: string;
  password: string;
  name: string;
}

export function wpConfig(options: { db: SiteDatabase; tablePrefix: string; url: string; debugLog: string; constants: Record<string, string | number | boolean> }): string {
  const salt = () => randomBytes(32).toString('hex');
  const defines: Array<[string, string | number | boolean]> = [
    ['DB_NAME', options.db.name],
    ['DB_USER', options.db.user],
    ['DB_PASSWORD', options.db.password],
    ['DB_HOST', `${options.db.host}:${options.db.port}`],
    ['DB_CHARSET', 'utf8mb4'],
    ['DB_COLLATE', ''],
    ['AUTH_KEY', salt()],
    ['SECURE_AUTH_KEY', salt()],
    ['LOGGED_IN_KEY', salt()],
    ['NONCE_KEY', salt()],
    ['AUTH_SALT', salt()],
    ['SECURE_AUTH_SALT', salt()],
    ['LOGGED_IN_SALT', salt()],
    ['NONCE_SALT', salt()],
    ['WP_HOME', options.url],
    ['WP_SITEURL', options.url],
    ['WP_ENVIRONMENT_TYPE', 'local'],
    ['WP_DEBUG', true],
    ['WP_DEBUG_LOG', options.debugLog],
    ['WP_DEBUG_DISPLAY', false],
    ['SCRIPT_DEBUG', false],
    ['DISABLE_WP_CRON', true],
    ['FS_METHOD', 'direct'],
    ['AUTOMATIC_UPDATER_DISABLED', true],
    ['WP_AUTO_UPDATE_CORE', false],
    // No internet here: refuse outside HTTP at once instead of waiting for DNS (localhost and the site stay allowed).
    ['WP_HTTP_BLOCK_EXTERNAL', true],
  ];
  for (const [name, value] of Object.entries(options.constants)) {
    if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) throw new Error(`invalid constant name ${name}`);
    const existing = defines.findIndex(([n]) => n === name);
    if (existing >= 0) defines[existing] = [name, value];
    else defines.push([name, value]);
  }
  return [
    '<?php',
    '// Written by test/e2e/support/wordpress-site-files.ts.',
    ...defines.map(([name, value]) => `define( ${phpString(name)}, ${phpLiteral(value)} );`),
    `$table_prefix = ${phpString(options.tablePrefix)};`,
    "@ini_set( 'display_errors', '0' );",
    "if ( ! defined( 'ABSPATH' ) ) {",
    "\tdefine( 'ABSPATH', __DIR__ . '/' );",
    '}',
    "require_once ABSPATH . 'wp-settings.php';",
    '',
  ].join('\n');
}

/** A must-use plugin for the test site: no mail, no update checks. */
export const MU_PLUGIN = `<?php
/**
 * Plugin Name: E2E stack helpers
 * Description: Written by test/e2e/support/wordpress-site-files.ts: no outgoing mail, no update checks, no internet assets.
 */
add_filter( 'pre_wp_mail', '__return_false' );
// No update checks (they would only fail and log warnings).
remove_action( 'admin_init', '_maybe_update_core' );
remove_action( 'admin_init', '_maybe_update_plugins' );
remove_action( 'admin_init', '_maybe_update_themes' );
remove_action( 'load-plugins.php', 'wp_update_plugins' );
remove_action( 'load-update.php', 'wp_update_plugins' );
remove_action( 'load-update-core.php', 'wp_update_plugins' );
remove_action( 'load-themes.php', 'wp_update_themes' );
remove_action( 'load-update.php', 'wp_update_themes' );
remove_action( 'load-update-core.php', 'wp_update_themes' );
add_filter( 'pre_site_transient_update_core', static function () {
	global $wp_version;
	return (object) array( 'last_checked' => time(), 'version_checked' => $wp_version, 'updates' => array(), 'translations' => array() );
} );
add_filter( 'pre_site_transient_update_plugins', static function () {
	return (object) array( 'last_checked' => time(), 'response' => array(), 'translations' => array(), 'no_update' => array(), 'checked' => array() );
} );
add_filter( 'pre_site_transient_update_themes', static function () {
	return (object) array( 'last_checked' => time(), 'response' => array(), 'translations' => array(), 'no_update' => array(), 'checked' => array() );
} );
// Nothing for a browser to fetch from the internet: no emoji script, no avatars.
remove_action( 'wp_head', 'print_emoji_detection_script', 7 );
remove_action( 'admin_print_scripts', 'print_emoji_detection_script' );
add_filter( 'pre_option_show_avatars', '__return_zero' );
add_filter( 'pre_http_request', static function ( $pre, $args, $url ) {
	$host = wp_parse_url( $url, PHP_URL_HOST );
	if ( is_string( $host ) && preg_match( '/(^|\\.)wordpress\\.org$|(^|\\.)w\\.org$/', $host ) ) {
		return new WP_Error( 'http_request_blocked', 'No internet in the e2e stack.' );
	}
	return $pre;
}, 10, 3 );
`;

/** Router for php -S: real files as they are, everything else through index.php (pretty permalinks). */
export const ROUTER = `<?php
$tmu_path = parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH );
$tmu_file = __DIR__ . $tmu_path;
if ( '/' !== $tmu_path && file_exists( $tmu_file ) ) {
	if ( ! is_dir( $tmu_file ) || file_exists( rtrim( $tmu_file, '/' ) . '/index.php' ) ) {
		return false;
	}
}
$_SERVER['SCRIPT_NAME']     = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = __DIR__ . '/index.php';
$_SERVER['PHP_SELF']        = '/index.php';
require __DIR__ . '/index.php';
`;

export function phpPrelude(wpDir: string, port: number): string {
  return [
    '<?php',
    `$_SERVER['HTTP_HOST'] = ${phpString(`127.0.0.1:${port}`)};`,
    `$_SERVER['SERVER_NAME'] = '127.0.0.1';`,
    `$_SERVER['SERVER_PORT'] = ${phpString(String(port))};`,
    `$_SERVER['REQUEST_URI'] = '/';`,
    `$_SERVER['REQUEST_METHOD'] = 'GET';`,
    `$_SERVER['REMOTE_ADDR'] = '127.0.0.1';`,
    `$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';`,
    '',
  ].join('\n');
}
