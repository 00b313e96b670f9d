/**
 * Throwaway Redis and MariaDB servers on their own ports, for tests that kill
 * or restart them. The shared servers (6379, 3306) are never touched.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not come up within ${timeoutMs} ms`);
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function stopChild(child: ChildProcess | null, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

export interface OwnServer {
  port: number;
  url: string;
  /** SIGKILL: no goodbye to clients. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Killed and started again; Redis comes back empty (it never saves). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startOwnRedis(port?: number): Promise<OwnServer> {
  const p = port ?? (await freePort());
  let child: ChildProcess | null = null;
  const server: OwnServer = {
    port: p,
    url: `redis://127.0.0.1:${p}`,
    start: async () => {
      child = spawn('redis-server', ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      await waitUntil(`redis-server on ${p}`, () => answers(p), 10_000);
    },
    kill: () => stopChild(child, 'SIGKILL'),
    restart: async () => {
      await server.kill();
      await server.start();
    },
    close: () => stopChild(child, 'SIGKILL'),
  };
  await server.start();
  return server;
}

/** A MariaDB with its own data directory; root without a password over TCP. */
export async function startOwnMariadb(port?: number): Promise<OwnServer> {
  const p = port ?? (await freePort());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmu-mariadb-'));
  const install = spawnSync('mariadb-install-db', ['--no-defaults', `--datadir=${dir}/data`, '--auth-root-authentication-method=normal', '--skip-test-db'], {
    encoding: 'utf8',
  });
  if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr.slice(0, 500)}`);
  let child: ChildProcess | null = null;
  const server: OwnServer = {
    port: p,
    url: `mysql://root@127.0.0.1:${p}`,
    start: async () => {
      child = spawn(
        'mariadbd',
        // As root, mariadbd refuses to start unless told to run as root.
        // Its own tmpdir: at start mariadbd deletes every #sql* file in its tmpdir, which in /tmp would include the shared server's temporary tables.
        [
          '--no-defaults',
          ...(process.getuid?.() === 0 ? ['--user=root'] : []),
          `--datadir=${dir}/data`,
          `--socket=${dir}/sock`,
          `--port=${p}`,
          '--bind-address=127.0.0.1',
          '--skip-grant-tables',
          '--innodb-buffer-pool-size=64M',
          '--skip-log-bin',
          `--pid-file=${dir}/pid`,
          `--tmpdir=${dir}`,
        ],
        { stdio: 'ignore' },
      );
      await waitUntil(`mariadbd on ${p}`, () => answers(p), 60_000);
    },
    kill: () => stopChild(child, 'SIGKILL'),
    restart: async () => {
      await server.kill();
      await server.start();
    },
    close: async () => {
      await stopChild(child, 'SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
