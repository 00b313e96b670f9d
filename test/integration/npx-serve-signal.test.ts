/**
 * `npx tmu-sidecar serve` under a process manager: the manager signals the
 * npx (npm) process, npm passes it to `sh -c`, and the shell exits without
 * passing it on. Before, node kept serving as an orphan on the port.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { builtSidecarBin } from '../support/sidecar-process';

const ROOT = path.resolve(__dirname, '../..');
const NPX = path.join(path.dirname(process.execPath), 'npx');

let bin: ReturnType<typeof builtSidecarBin>;
let dir: string;
/** npx's process group: the orphaned server keeps it, so a failed run can still end it. */
let group = 0;

/** True while something accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return check();
}

/**
 * A free port below Linux's ephemeral range (32768 up): a server another test starts on port 0 then
 * cannot take it while the sidecar starts, and answer for it.
 */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 24_000 + Math.floor(Math.random() * 8_000);
    const server = net.createServer();
    const free = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (free) {
      await new Promise((resolve) => server.close(resolve));
      return port;
    }
  }
}

/** A package named tmu-sidecar whose bin loads the built CLI, so npx runs it as it runs the real one. */
function npxPackage(): string {
  const pkg = path.join(dir, 'pkg');
  fs.mkdirSync(pkg, { recursive: true });
  fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'tmu-sidecar', version: '0.0.0', bin: { 'tmu-sidecar': 'bin.js' } }));
  fs.writeFileSync(path.join(pkg, 'bin.js'), `#!/usr/bin/env node\nrequire(${JSON.stringify(bin.bin)});\n`, { mode: 0o755 });
  return pkg;
}

beforeAll(() => {
  bin = builtSidecarBin();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmu-npx-signal-'));
}, 300_000);
afterAll(() => {
  // Never leave a server behind when the assertion failed.
  if (group) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // the group is gone: everything in it exited
    }
  }
  bin?.cleanup();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it('SIGTERM to the npx process closes the port', async () => {
  const port = await freePort();
  const pkg = npxPackage();
  const child: ChildProcess = spawn(NPX, ['--no', 'tmu-sidecar', 'serve'], {
    cwd: pkg,
    env: {
      PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}`,
      HOME: process.env.HOME ?? dir,
      NODE_PATH: path.join(ROOT, 'node_modules'),
      npm_config_cache: path.join(dir, 'npm-cache'),
      npm_config_update_notifier: 'false',
      HOST: '127.0.0.1',
      PORT: String(port),
      TMDB_API_KEY: 'npx-signal-key-0123',
      TMU_WEBHOOK_SECRET: 'npx-signal-secret-0123456789',
      UPLOADS_DIR: path.join(dir, 'uploads'),
      DATABASE_URL: `sqlite:${path.join(dir, 'npx.sqlite')}`,
      LOG_FORMAT: 'json',
    },
    stdio: 'ignore',
    detached: true,
  });
  group = child.pid ?? 0;
  expect(await waitFor(() => listening(port), 90_000)).toBe(true);

  child.kill('SIGTERM');
  const closed = await waitFor(async () => !(await listening(port)), 15_000);
  expect(closed).toBe(true);
}, 180_000);
