/**
 * The compiled sidecar (`tmu-sidecar serve`) as a real child process, for runs
 * that SIGKILL it. Its log lines (pino JSON) are kept in a file.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function newestMtime(dir: string, ext: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full, ext));
    else if (entry.name.endsWith(ext)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * The CLI entry point: dist/ when it is newer than every source file (CI builds it
 * in `npm ci`), otherwise src/ and migrations/ compiled into a temp dir.
 */
export function builtSidecarBin(): { bin: string; cleanup: () => void } {
  const dist = path.join(ROOT, 'dist/src/cli/bin.js');
  const sources = Math.max(newestMtime(path.join(ROOT, 'src'), '.ts'), newestMtime(path.join(ROOT, 'migrations'), '.ts'));
  if (fs.existsSync(dist) && newestMtime(path.join(ROOT, 'dist/src'), '.js') >= sources) return { bin: dist, cleanup: () => undefined };
  const buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmu-build-'));
  const tsconfig = path.join(buildDir, 'tsconfig.json');
  fs.writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: path.join(ROOT, 'tsconfig.json'),
      compilerOptions: { outDir: path.join(buildDir, 'out'), rootDir: ROOT, sourceMap: false, types: ['node'], typeRoots: [path.join(ROOT, 'node_modules/@types')] },
      include: [path.join(ROOT, 'src/**/*.ts'), path.join(ROOT, 'migrations/**/*.ts')],
    }),
  );
  spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', tsconfig], { timeout: 240_000, stdio: 'ignore' });
  const bin = path.join(buildDir, 'out/src/cli/bin.js');
  if (!fs.existsSync(bin)) throw new Error(`the sidecar did not build into ${bin}`);
  return { bin, cleanup: () => fs.rmSync(buildDir, { recursive: true, force: true }) };
}

export interface SidecarProcess {
  name: string;
  url: string;
  /** Times the process was started. */
  starts: number;
  running(): boolean;
  start(): Promise<void>;
  /** SIGKILL: running jobs keep their lease until it expires. */
  kill(): Promise<void>;
  /** SIGTERM; resolves with the exit code, or 'hung' when it had to be SIGKILLed after `graceMs`. */
  stop(graceMs?: number): Promise<string>;
  /** Every log line so far, parsed (non-JSON lines as { msg }). */
  logLines(): Array<Record<string, unknown>>;
}

export function sidecarProcess(name: string, bin: string, port: number, env: Record<string, string>, logDir: string): SidecarProcess {
  const logFile = path.join(logDir, `${name}.log`);
  let child: ChildProcess | null = null;
  const proc: SidecarProcess = {
    name,
    url: `http://127.0.0.1:${port}`,
    starts: 0,
    running: () => !!child && child.exitCode === null && child.signalCode === null,
    async start() {
      const out = fs.openSync(logFile, 'a');
      const started = spawn(process.execPath, [bin, 'serve'], {
        env: { PATH: process.env.PATH, NODE_PATH: path.join(ROOT, 'node_modules'), ...env, HOST: '127.0.0.1', PORT: String(port) },
        stdio: ['ignore', out, out],
      });
      fs.closeSync(out);
      child = started;
      proc.starts += 1;
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        if (started.exitCode !== null) throw new Error(`${name} exited with ${started.exitCode}: ${tail(logFile)}`);
        const ok = await fetch(`${proc.url}/health`).then(
          (r) => r.status < 500,
          () => false,
        );
        if (ok) return;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`${name} did not answer within 60 s: ${tail(logFile)}`);
    },
    async kill() {
      if (!proc.running()) return;
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child!.kill('SIGKILL');
      await exited;
    },
    async stop(graceMs = 30_000) {
      if (!proc.running()) return `already exited (${child?.exitCode ?? child?.signalCode})`;
      const c = child!;
      const exited = new Promise<string>((resolve) => c.once('exit', (code, sig) => resolve(String(code ?? sig))));
      c.kill('SIGTERM');
      const timer = setTimeout(() => c.kill('SIGKILL'), graceMs);
      const how = await exited;
      clearTimeout(timer);
      return c.signalCode === 'SIGKILL' ? 'hung' : how;
    },
    logLines() {
      if (!fs.existsSync(logFile)) return [];
      return fs
        .readFileSync(logFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          try {
            return JSON.parse(line) as Record<string, unknown>;
          } catch {
            return { msg: line };
          }
        });
    },
  };
  return proc;
}

function tail(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').slice(-1500) : '';
}
