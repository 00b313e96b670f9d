/**
 * `serve` that cannot start must exit non-zero with one error line, or a
 * supervisor (systemd's Restart=on-failure) never sees it fail. Before, it
 * printed its error and stayed up with no server and no worker.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { builtSidecarBin } from '../support/sidecar-process';

const ROOT = path.resolve(__dirname, '../..');
const SECRET = 'serve-startup-secret-0123456789';
/** Far longer than a failed start takes; a process still up by then never exits by itself. */
const HANG_MS = 45_000;

interface Ended {
  code: number | null;
  errorLines: string[];
}

let bin: ReturnType<typeof builtSidecarBin>;
let dataDir: string;

function serve(env: Record<string, string>): Promise<Ended | 'still running'> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin.bin, 'serve'], {
      env: {
        PATH: process.env.PATH,
        NODE_PATH: path.join(ROOT, 'node_modules'),
        HOST: '127.0.0.1',
        PORT: '0',
        TMDB_API_KEY: 'serve-startup-key-0123',
        UPLOADS_DIR: path.join(dataDir, 'uploads'),
        DATABASE_URL: `sqlite:${path.join(dataDir, `serve-${process.pid}.sqlite`)}`,
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('still running');
    }, HANG_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, errorLines: stderr.split('\n').filter((line) => line.startsWith('error: ')) });
    });
  });
}

/** A port something else already listens on. */
async function takenPort(): Promise<{ port: number; release(): Promise<void> }> {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', () => resolve()));
  const { port } = holder.address() as net.AddressInfo;
  return { port, release: () => new Promise((resolve) => holder.close(() => resolve())) };
}

/** A port nothing listens on: bound, read, released. */
async function closedPort(): Promise<number> {
  const taken = await takenPort();
  await taken.release();
  return taken.port;
}

beforeAll(() => {
  bin = builtSidecarBin();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmu-serve-startup-'));
}, 300_000);
afterAll(() => {
  bin?.cleanup();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('serve that cannot start', () => {
  it('exits 3 with one line naming TMU_WEBHOOK_SECRET when the secret is missing', async () => {
    const ended = await serve({});
    expect(ended).toEqual({ code: 3, errorLines: [expect.stringMatching(/^error: config_invalid: TMU_WEBHOOK_SECRET is required/)] });
  });

  it('exits 1 with one line when its port is taken', async () => {
    const taken = await takenPort();
    try {
      const ended = await serve({ TMU_WEBHOOK_SECRET: SECRET, PORT: String(taken.port) });
      expect(ended).toEqual({ code: 1, errorLines: [expect.stringMatching(new RegExp(`^error: .*EADDRINUSE.*:${taken.port}$`))] });
    } finally {
      await taken.release();
    }
  });

  it('exits 1 with one line when its database is down', async () => {
    const port = await closedPort();
    const ended = await serve({ TMU_WEBHOOK_SECRET: SECRET, CONTENT_STORE: 'local', DATABASE_URL: `mysql://root@127.0.0.1:${port}/tmu_serve_${process.pid}` });
    expect(ended).toEqual({ code: 1, errorLines: [expect.stringMatching(/^error: database_error: .*ECONNREFUSED/)] });
  });

  it('exits 3 with one line when DATABASE_URL is MySQL, WP_URL is unset and the local store is not asked for by name', async () => {
    // Refused before connecting: the port is closed, so the old code ended on the database instead.
    const port = await closedPort();
    const ended = await serve({ TMU_WEBHOOK_SECRET: SECRET, DATABASE_URL: `mysql://root@127.0.0.1:${port}/tmu_serve_${process.pid}` });
    expect(ended).toEqual({ code: 3, errorLines: [expect.stringMatching(/^error: config_invalid: DATABASE_URL is MySQL but WP_URL is not set: .*CONTENT_STORE=local/)] });
  });
});
