/**
 * A real WordPress for end-to-end tests: Debian's `wordpress` package copied to a temp dir,
 * a fresh MariaDB database, the TMU Sidecar plugin activated, an application password for the
 * admin, served by `php -S`.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertPortFree, copyTree, logInOverHttp, run, stopServer, waitForHttp } from './wordpress-processes';
import { MU_PLUGIN, phpPrelude, phpString, ROUTER, wpConfig } from './wordpress-site-files';

export { phpString } from './wordpress-site-files';

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

/**
 * E2E_PORT_SHIFT moves every suite's ports and database names, so a second copy of the suites
 * (a CI run in a clone, say) can run beside this one without taking its servers or dropping its databases.
 */
export function shiftedPort(port: number): number {
  return port === 0 ? 0 : port + Number(process.env.E2E_PORT_SHIFT ?? 0);
}

function shiftedDbName(name: string): string {
  const shift = Number(process.env.E2E_PORT_SHIFT ?? 0);
  return shift ? `${name}_s${shift}` : name;
}

export async function startWordPressStack(options: WordPressStackOptions): Promise<WordPressStack> {
  const port = shiftedPort(options.port);
  const dbName = shiftedDbName(options.dbName);
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
    if (server) await stopServer(server);
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
    fs.writeFileSync(path.join(wpDir, 'wp-config.php'), wpConfig({ db, tablePrefix, url, debugLog: debugLogPath, constants: options.constants ?? {} }));

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
    await assertPortFree(port);
    server = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', wpDir, path.join(wpDir, 'e2e-router.php')], {
      cwd: wpDir,
      detached: true, // own process group: stop() ends php -S together with its workers
      stdio: ['ignore', serverLog, serverLog],
      env: { ...process.env, PHP_CLI_SERVER_WORKERS: String(options.workers ?? 4) },
    });
    fs.closeSync(serverLog);
    await waitForHttp(`${url}/?rest_route=/`, options.startTimeoutMs ?? 30_000, server, 'php -S', () =>
      fs.existsSync(serverLogPath) ? fs.readFileSync(serverLogPath, 'utf8') : '',
    );

    const restUrl = (route: string, query: Record<string, string | number | boolean> = {}): string => {
      const [routePath, routeQuery] = route.split('?', 2);
      const params = new URLSearchParams(routeQuery ?? '');
      for (const [k, v] of Object.entries(query)) params.set(k, String(v));
      const rest = params.toString();
      return `${url}/?rest_route=${encodeURI(routePath.startsWith('/') ? routePath : `/${routePath}`)}${rest ? `&${rest}` : ''}`;
    };

    const login = (username = admin.username, password = admin.password): Promise<string> => logInOverHttp(url, username, password);

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
