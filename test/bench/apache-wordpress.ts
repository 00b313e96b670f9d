/**
 * The e2e WordPress site (Debian's WordPress 6.1, the plugin, an application password, a MariaDB
 * database of its own) served by Apache 2 with mod_php (prefork), as a production host would.
 * The e2e stack's own `php -S` (on setupPort) only builds the site and then stays idle; the site's
 * home URL and all the traffic measured are Apache's. Our own Apache instance: its own config,
 * port, pid file and logs under the site's temp folder; the system Apache is never touched.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startWordPressStack, WordPressStack } from '../e2e/support/wordpress-stack';
import { waitForHttp } from '../e2e/support/wordpress-processes';

export interface ApacheWordPressOptions {
  port: number;
  setupPort: number;
  dbName: string;
  /** Extra wp-config.php constants (TMU_SIDECAR_URL, TMU_WEBHOOK_SECRET...). */
  constants: Record<string, string | number | boolean>;
}

export interface ApacheWordPress {
  wp: WordPressStack;
  url: string;
  /** The Apache parent's pid (children are found through /proc). */
  pid(): number;
  accessLog: string;
  errorLog(): string;
  stop(): Promise<void>;
}

const MODULES = '/usr/lib/apache2/modules';
const RUN_AS = 'www-data';

/** Debian's prefork defaults (mpm_prefork.conf); KeepAlive on as in apache2.conf. */
function httpdConf(dir: string, wpDir: string, port: number): string {
  const load = (name: string, file: string) => `LoadModule ${name}_module ${MODULES}/${file}`;
  return [
    `ServerRoot ${dir}`,
    'ServerName 127.0.0.1',
    `Listen 127.0.0.1:${port}`,
    `PidFile ${dir}/httpd.pid`,
    `Mutex file:${dir}`,
    `ErrorLog ${dir}/logs/error.log`,
    'LogLevel warn',
    `User ${RUN_AS}`,
    `Group ${RUN_AS}`,
    load('mpm_prefork', 'mod_mpm_prefork.so'),
    load('authz_core', 'mod_authz_core.so'),
    load('authn_core', 'mod_authn_core.so'),
    load('dir', 'mod_dir.so'),
    load('mime', 'mod_mime.so'),
    load('alias', 'mod_alias.so'),
    load('env', 'mod_env.so'),
    load('setenvif', 'mod_setenvif.so'),
    load('rewrite', 'mod_rewrite.so'),
    'LoadModule php_module /usr/lib/apache2/modules/libphp8.2.so',
    'StartServers 5',
    'MinSpareServers 5',
    'MaxSpareServers 10',
    'MaxRequestWorkers 150',
    'MaxConnectionsPerChild 0',
    'KeepAlive On',
    'MaxKeepAliveRequests 100',
    'KeepAliveTimeout 5',
    'Timeout 300',
    'TypesConfig /etc/mime.types',
    // Request start (ms since the epoch) and duration (µs): how much of the wall time WordPress was busy.
    'LogFormat "%{msec}t %D %>s \\"%r\\"" bench',
    `CustomLog ${dir}/logs/access.log bench`,
    '<FilesMatch ".+\\.php$">',
    '\tSetHandler application/x-httpd-php',
    '</FilesMatch>',
    `DocumentRoot ${wpDir}`,
    '<Directory />',
    '\tAllowOverride None',
    '\tRequire all denied',
    '</Directory>',
    `<Directory ${wpDir}>`,
    '\tAllowOverride None',
    '\tRequire all granted',
    '\tDirectoryIndex index.php',
    // Application passwords need the Authorization header in PHP.
    '\tCGIPassAuth On',
    '\tSetEnvIf Authorization "(.*)" HTTP_AUTHORIZATION=$1',
    '\tRewriteEngine On',
    '\tRewriteBase /',
    '\tRewriteRule ^index\\.php$ - [L]',
    '\tRewriteCond %{REQUEST_FILENAME} !-f',
    '\tRewriteCond %{REQUEST_FILENAME} !-d',
    '\tRewriteRule . /index.php [L]',
    '</Directory>',
    '',
  ].join('\n');
}

export async function startApacheWordPress(options: ApacheWordPressOptions): Promise<ApacheWordPress> {
  const url = `http://127.0.0.1:${options.port}`;
  // A folder www-data can enter (mkdtemp makes 0700 ones).
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `tmu-bench-apache-${options.port}-`));
  fs.chmodSync(workDir, 0o755);
  const wp = await startWordPressStack({
    port: options.setupPort,
    dbName: options.dbName,
    workDir,
    // A production site: its own URL is Apache's, no debug logging.
    constants: { ...options.constants, WP_HOME: url, WP_SITEURL: url, WP_DEBUG: false },
  });
  const dir = path.join(workDir, 'apache');
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'httpd.conf'), httpdConf(dir, wp.wpDir, options.port));
  // PHP runs as www-data: it writes uploads (the site was built by this user).
  await runChecked('chown', ['-R', `${RUN_AS}:${RUN_AS}`, wp.wpDir]);
  const errorLog = () => {
    const file = path.join(dir, 'logs', 'error.log');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  };
  const server = spawn('apache2', ['-f', path.join(dir, 'httpd.conf'), '-DFOREGROUND'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, APACHE_RUN_DIR: dir, APACHE_LOG_DIR: path.join(dir, 'logs'), APACHE_LOCK_DIR: dir },
  });
  const stop = async (): Promise<void> => {
    if (server.exitCode === null && server.pid) {
      const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
      server.kill('SIGTERM'); // apache2's own "stop": the parent ends its children
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, 10_000)))]);
      clearTimeout(timer);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    await wp.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`${url}/?rest_route=/`, 30_000, server, 'apache2', errorLog);
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  return { wp, url, pid: () => server.pid ?? 0, accessLog: path.join(dir, 'logs', 'access.log'), errorLog, stop };
}

function runChecked(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'ignore' });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
    child.once('error', reject);
  });
}
