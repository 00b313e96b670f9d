/**
 * A real WordPress for end-to-end tests: Debian's `wordpress` package copied to a temp dir,
 * a fresh MariaDB database, the TMU Sidecar plugin activated, an application password for the
 * admin, served by `php -S`.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface WordPressStackOptions {
  /** Port for `php -S 127.0.0.1:<port>`. */
  port: number;
  /** Database to create (dropped first if it exists, dropped again by stop()). */
  dbName: string;
  /** Plugin folder to copy into wp-content/plugins (default <root>/wp-plugin/tmu-sidecar). */
  pluginSource?: string;
  /** WordPress `$table_prefix` (default wp_). */
  tablePrefix?: string;
  /** Extra wp-config.php constants, e.g. TMU_SIDECAR_URL, TMU_WEBHOOK_SECRET. */
  constants?: Record<string, string | number | boolean>;
  /** Where to build the site (default: a new temp dir, removed by stop()). */
  workDir?: string;
  /** Database server (default 127.0.0.1:3306, root, no password; env WP_E2E_DB_HOST/PORT/USER/PASSWORD). */
  db?: { host?: string; port?: number; user?: string; password?: string };
  /** `PHP_CLI_SERVER_WORKERS` (default 4), so that WordPress can serve a request while another waits. */
  workers?: number;
  /** Keep the files after stop() (also env WP_E2E_KEEP=1). */
  keepFiles?: boolean;
  /** Milliseconds to wait for the server to answer (default 30000). */
  startTimeoutMs?: number;
}

export interface WordPressUser {
  id: number;
  username: string;
  password: string;
  appPassword: string;
}

export interface WordPressStack {
  /** http://127.0.0.1:<port> (no trailing slash). */
  url: string;
  /** REST URL with ?rest_route= (works without pretty permalinks), e.g. restUrl('/wp/v2/types'). */
  restUrl(route: string, query?: Record<string, string | number | boolean>): string;
  wpDir: string;
  uploadsDir: string;
  dbName: string;
  tablePrefix: string;
  db: { host: string; port: number; user: string; password: string; name: string; url: string };
  admin: { username: string; password: string; email: string; id: number };
  /** Application password of the admin (Basic auth over http works: WP_ENVIRONMENT_TYPE=local). */
  appPassword: string;
  /** `Authorization` header value for the admin's application password. */
  authHeader: string;
  /** Runs a PHP snippet (no `<?php`) inside WordPress (wp-load.php); resolves with its stdout. */
  runPhp(code: string): Promise<string>;
  /** Creates a user with a role, a password and an application password. */
  createUser(username: string, role: string): Promise<WordPressUser>;
  /** Logs in through wp-login.php; resolves with a Cookie header value for admin pages. */
  login(username?: string, password?: string): Promise<string>;
  /** WP_DEBUG log contents ('' when nothing was logged). */
  debugLog(): string;
  stop(): Promise<void>;
}

const WORDPRESS_SOURCE = '/usr/share/wordpress';
const PLUGIN_SLUG = 'tmu-sidecar';

/** The project root: the nearest ancestor that holds wp-plugin/tmu-sidecar (works from ts-jest and dist/). */
export function projectRoot(start: string = __dirname): string {
  for (const from of [start, process.cwd()]) {
    let dir = path.resolve(from);
    for (;;) {
      if (fs.existsSync(path.join(dir, 'wp-plugin', PLUGIN_SLUG, `${PLUGIN_SLUG}.php`))) return dir;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(`cannot find wp-plugin/${PLUGIN_SLUG} above ${start} or ${process.cwd()}`);
}

/** A PHP single-quoted string literal. */
export function phpString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function phpLiteral(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : phpString(String(value));
  return phpString(value);
}

function run(cmd: string, args: string[], options: { cwd?: string; timeoutMs?: number; input?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      cmd,
      args,
      { cwd: options.cwd, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`${cmd} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`.trim()));
          return;
        }
        resolve(stdout);
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Copies a tree, turning symlinks into real files; dangling links and excluded paths are skipped. */
function copyTree(source: string, target: string, exclude: (relative: string) => boolean, relative = ''): void {
  fs.mkdirSync(target, { recursive: true });
  for (const entry of fs.readdirSync(source, { withFileTypes: true })) {
    const rel = relative ? `${relative}/${entry.name}` : entry.name;
    if (exclude(rel)) continue;
    const from = path.join(source, entry.name);
    const to = path.join(target, entry.name);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(from); // follows symlinks
    } catch {
      continue; // dangling symlink
    }
    if (stat.isDirectory()) copyTree(from, to, exclude, rel);
    else if (stat.isFile()) fs.copyFileSync(fs.realpathSync(from), to);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitForHttp(url: string, timeoutMs: number, server: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`php -S exited with ${server.exitCode}: ${fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.status < 500) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(200);
  }
  throw new Error(`WordPress did not answer at ${url} within ${timeoutMs} ms (${last})`);
}

function wpConfig(options: {
  db: WordPressStack['db'];
  tablePrefix: string;
  url: string;
  debugLog: string;
  constants: Record<string, string | number | boolean>;
}): string {
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
    '// Written by test/e2e/support/wordpress-stack.ts.',
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
const MU_PLUGIN = `<?php
/**
 * Plugin Name: E2E stack helpers
 * Description: Written by test/e2e/support/wordpress-stack.ts: no outgoing mail, no update checks, no internet assets.
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
const ROUTER = `<?php
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

function phpPrelude(wpDir: string, port: number): string {
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

export async function startWordPressStack(options: WordPressStackOptions): Promise<WordPressStack> {
  const port = options.port;
  const dbName = options.dbName;
  if (!/^[A-Za-z0-9_]+$/.test(dbName)) throw new Error(`invalid database name ${dbName}`);
  const tablePrefix = options.tablePrefix ?? 'wp_';
  if (!/^[A-Za-z0-9_]+$/.test(tablePrefix)) throw new Error(`invalid table prefix ${tablePrefix}`);
  const pluginSource = path.resolve(options.pluginSource ?? path.join(projectRoot(), 'wp-plugin', PLUGIN_SLUG));
  const ownWorkDir = options.workDir === undefined;
  const workDir = options.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `tmu-wp-${port}-`));
  const keepFiles = options.keepFiles ?? process.env.WP_E2E_KEEP === '1';
  const wpDir = path.join(workDir, 'wordpress');
  const uploadsDir = path.join(wpDir, 'wp-content', 'uploads');
  const debugLogPath = path.join(workDir, 'debug.log');
  const serverLogPath = path.join(workDir, 'php-server.log');
  const url = `http://127.0.0.1:${port}`;
  const db = {
    host: options.db?.host ?? process.env.WP_E2E_DB_HOST ?? '127.0.0.1',
    port: options.db?.port ?? Number(process.env.WP_E2E_DB_PORT ?? 3306),
    user: options.db?.user ?? process.env.WP_E2E_DB_USER ?? 'root',
    password: options.db?.password ?? process.env.WP_E2E_DB_PASSWORD ?? '',
    name: dbName,
    url: '',
  };
  db.url = `mysql://${encodeURIComponent(db.user)}${db.password ? `:${encodeURIComponent(db.password)}` : ''}@${db.host}:${db.port}/${dbName}`;

  const mysqli = (sql: string): Promise<string> =>
    run('php', [
      '-r',
      `mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
       $m = new mysqli(${phpString(db.host)}, ${phpString(db.user)}, ${phpString(db.password)}, '', ${db.port});
       $m->query(${phpString(sql)});`,
    ]);

  const scratch = path.join(workDir, 'php');
  let phpCounter = 0;
  const runPhpFile = async (code: string, header = ''): Promise<string> => {
    fs.mkdirSync(scratch, { recursive: true });
    const file = path.join(scratch, `snippet-${process.pid}-${++phpCounter}.php`);
    fs.writeFileSync(file, `${phpPrelude(wpDir, port)}${header}require ${phpString(path.join(wpDir, 'wp-load.php'))};\n${code}\n`);
    try {
      return await run('php', [file], { cwd: wpDir });
    } finally {
      fs.rmSync(file, { force: true });
    }
  };

  let server: ChildProcess | undefined;
  let stopped = false;

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (server && server.exitCode === null && server.pid) {
      const exited = new Promise<void>((resolve) => server!.once('exit', () => resolve()));
      try {
        process.kill(-server.pid, 'SIGTERM'); // php -S and its workers (own process group)
      } catch {
        server.kill('SIGTERM');
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, 5000)))]);
      clearTimeout(timer);
      if (server.exitCode === null) {
        try {
          process.kill(-server.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
    await mysqli(`DROP DATABASE IF EXISTS \`${dbName}\``).catch(() => undefined);
    if (!keepFiles) {
      if (ownWorkDir) fs.rmSync(workDir, { recursive: true, force: true });
      else fs.rmSync(wpDir, { recursive: true, force: true });
    }
  };

  try {
    // 1. Files: a self-contained copy (Debian symlinks some files into /usr/share/javascript, /etc, ...).
    fs.rmSync(wpDir, { recursive: true, force: true });
    copyTree(WORDPRESS_SOURCE, wpDir, (rel) => rel === 'wp-config.php' || rel === '.htaccess' || rel === 'wp-content/languages');
    const themesDir = path.join(wpDir, 'wp-content', 'themes');
    if (!fs.existsSync(themesDir) || fs.readdirSync(themesDir).length === 0) {
      // Without a theme the front end is blank and wp-admin hides the featured-image box.
      throw new Error(`WordPress at ${WORDPRESS_SOURCE} has no theme: install wordpress-theme-twentytwentythree (.ci/run does)`);
    }
    fs.mkdirSync(path.join(wpDir, 'wp-content', 'plugins'), { recursive: true });
    fs.mkdirSync(path.join(wpDir, 'wp-content', 'mu-plugins'), { recursive: true });
    fs.mkdirSync(uploadsDir, { recursive: true });
    fs.writeFileSync(path.join(wpDir, 'wp-content', 'mu-plugins', 'e2e-stack.php'), MU_PLUGIN);
    copyTree(pluginSource, path.join(wpDir, 'wp-content', 'plugins', PLUGIN_SLUG), (rel) => rel.startsWith('node_modules') || rel.startsWith('.git'));
    fs.writeFileSync(path.join(wpDir, 'e2e-router.php'), ROUTER);
    fs.writeFileSync(
      path.join(wpDir, 'wp-config.php'),
      wpConfig({ db, tablePrefix, url, debugLog: debugLogPath, constants: options.constants ?? {} }),
    );

    // 2. Database.
    await mysqli(`DROP DATABASE IF EXISTS \`${dbName}\``);
    await mysqli(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci`);

    // 3. Install (WP_INSTALLING: no plugins loaded, no mail).
    const adminPassword = `pw-${randomBytes(9).toString('base64url')}`;
    const admin = { username: 'admin', password: adminPassword, email: 'admin@example.test', id: 0 };
    await runPhpFile(
      `
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$result = wp_install( 'TMU Sidecar E2E', ${phpString(admin.username)}, ${phpString(admin.email)}, true, '', wp_slash( ${phpString(adminPassword)} ) );
update_option( 'permalink_structure', '' );
update_option( 'timezone_string', 'UTC' );
echo (int) $result['user_id'];
`,
      "define( 'WP_INSTALLING', true );\nfunction wp_new_blog_notification() {}\n",
    );

    // 4. Activate the plugin (a normal load, so activation runs as it does from the Plugins screen) and
    //    create the admin's application password.
    const setup = await runPhpFile(`
require_once ABSPATH . 'wp-admin/includes/plugin.php';
$user = get_user_by( 'login', ${phpString(admin.username)} );
wp_set_current_user( $user->ID );
$activated = activate_plugin( ${phpString(`${PLUGIN_SLUG}/${PLUGIN_SLUG}.php`)} );
if ( is_wp_error( $activated ) ) {
	fwrite( STDERR, 'activation failed: ' . $activated->get_error_message() );
	exit( 1 );
}
$created = WP_Application_Passwords::create_new_application_password( $user->ID, array( 'name' => 'e2e' ) );
if ( is_wp_error( $created ) ) {
	fwrite( STDERR, 'application password failed: ' . $created->get_error_message() );
	exit( 1 );
}
echo wp_json_encode( array( 'user_id' => $user->ID, 'app_password' => $created[0] ) );
`);
    const parsed = JSON.parse(setup.trim().split('\n').pop() ?? '{}') as { user_id: number; app_password: string };
    if (!parsed.app_password) throw new Error(`setup did not print an application password: ${setup}`);
    admin.id = parsed.user_id;
    const appPassword = parsed.app_password;

    // 5. Serve.
    const serverLog = fs.openSync(serverLogPath, 'a');
    server = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', wpDir, path.join(wpDir, 'e2e-router.php')], {
      cwd: wpDir,
      detached: true, // own process group: stop() ends php -S together with its workers
      stdio: ['ignore', serverLog, serverLog],
      env: { ...process.env, PHP_CLI_SERVER_WORKERS: String(options.workers ?? 4) },
    });
    fs.closeSync(serverLog);
    await waitForHttp(`${url}/?rest_route=/`, options.startTimeoutMs ?? 30_000, server, serverLogPath);

    const restUrl = (route: string, query: Record<string, string | number | boolean> = {}): string => {
      const [routePath, routeQuery] = route.split('?', 2);
      const params = new URLSearchParams(routeQuery ?? '');
      for (const [k, v] of Object.entries(query)) params.set(k, String(v));
      const rest = params.toString();
      return `${url}/?rest_route=${encodeURI(routePath.startsWith('/') ? routePath : `/${routePath}`)}${rest ? `&${rest}` : ''}`;
    };

    const login = async (username = admin.username, password = admin.password): Promise<string> => {
      const body = new URLSearchParams({
        log: username,
        pwd: password,
        'wp-submit': 'Log In',
        redirect_to: `${url}/wp-admin/`,
        testcookie: '1',
      });
      const res = await fetch(`${url}/wp-login.php`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: 'wordpress_test_cookie=WP%20Cookie%20check' },
        body,
      });
      await res.arrayBuffer();
      const cookies = res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .filter((c) => !c.endsWith('=deleted') && !/=\s*$/.test(c));
      if (res.status !== 302 || !cookies.some((c) => c.startsWith('wordpress_logged_in_'))) {
        throw new Error(`login as ${username} failed: HTTP ${res.status}`);
      }
      return ['wordpress_test_cookie=WP%20Cookie%20check', ...cookies].join('; ');
    };

    const createUser = async (username: string, role: string): Promise<WordPressUser> => {
      const password = `pw-${randomBytes(9).toString('base64url')}`;
      const out = await runPhpFile(`
$id = wp_insert_user( array(
	'user_login' => ${phpString(username)},
	'user_pass'  => ${phpString(password)},
	'user_email' => ${phpString(`${username}@example.test`)},
	'role'       => ${phpString(role)},
) );
if ( is_wp_error( $id ) ) {
	fwrite( STDERR, $id->get_error_message() );
	exit( 1 );
}
$created = WP_Application_Passwords::create_new_application_password( $id, array( 'name' => 'e2e' ) );
echo wp_json_encode( array( 'id' => $id, 'app_password' => $created[0] ) );
`);
      const user = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { id: number; app_password: string };
      return { id: user.id, username, password, appPassword: user.app_password };
    };

    return {
      url,
      restUrl,
      wpDir,
      uploadsDir,
      dbName,
      tablePrefix,
      db,
      admin,
      appPassword,
      authHeader: `Basic ${Buffer.from(`${admin.username}:${appPassword}`).toString('base64')}`,
      runPhp: (code: string) => runPhpFile(code),
      createUser,
      login,
      debugLog: () => (fs.existsSync(debugLogPath) ? fs.readFileSync(debugLogPath, 'utf8') : ''),
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/** `Authorization: Basic` for a user and application password. */
export function basicAuth(username: string, appPassword: string): string {
  return `Basic ${Buffer.from(`${username}:${appPassword}`).toString('base64')}`;
}
