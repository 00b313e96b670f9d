/**
 * Processes and files behind the e2e WordPress: command-line PHP, a copy of Debian's WordPress,
 * and php -S (a free port, its first answer, its end with its workers).
 */
import { ChildProcess, execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export function run(cmd: string, args: string[], options: { cwd?: string; timeoutMs?: number; input?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { cwd: options.cwd, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${cmd} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`.trim()));
        return;
      }
      resolve(stdout);
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Copies a tree, turning symlinks into real files; dangling links and excluded paths are skipped. */
export function copyTree(source: string, target: string, exclude: (relative: string) => boolean, relative = ''): void {
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

/** Throws when something already listens on the port: a leftover server would answer in place of this one. */
export async function assertPortFree(port: number): Promise<void> {
  const inUse = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
  if (inUse) throw new Error(`port ${port} is already in use (a leftover php -S?): this test's WordPress cannot listen there`);
}

/** Polls the URL until it answers below 500; fails at once, with the server's log, when the server exited. */
export async function waitForHttp(url: string, timeoutMs: number, server: ChildProcess, name: string, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`${name} exited with ${server.exitCode}: ${log()}`);
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
  throw new Error(`${name} did not answer at ${url} within ${timeoutMs} ms (${last}): ${log()}`);
}

/** Ends php -S together with its workers (its own process group): SIGTERM, then SIGKILL after 5 s. */
export async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || !server.pid) return;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  try {
    process.kill(-server.pid, 'SIGTERM');
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

/** Logs in through wp-login.php over plain HTTP; resolves with a Cookie header value for admin pages. */
export async function logInOverHttp(url: string, username: string, password: string): Promise<string> {
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
}
