/** What the benchmarks share: the TMDb stand-in in its own process, memory sampling, metric readers. */
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { AppContainer } from '../../src/main';

/** TMDb's own pace: about 40 requests per second, and a realistic round trip. */
export const TMDB_PACE = { rps: 40, latencyMs: 80 };

export interface ChildStandin {
  url: string;
  imageBaseUrl: string;
  apiKey: string;
  close(): Promise<void>;
}

/** The stand-in runs in a child process, so the sidecar's memory is measured alone. */
export async function startChildStandin(options = TMDB_PACE): Promise<ChildStandin> {
  const apiKey = 'bench-tmdb-key';
  const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, '..', '..', 'tools', 'tmdb-standin', 'standin.main.js')], {
    env: { ...process.env, PORT: '0', TMDB_STANDIN_API_KEY: apiKey, TMDB_STANDIN_RPS: String(options.rps), TMDB_STANDIN_LATENCY_MS: String(options.latencyMs) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0].trim());
    });
    child.once('exit', (code) => reject(new Error(`the stand-in exited with ${code}`)));
  });
  return {
    url,
    imageBaseUrl: url.replace(/\/3\/?$/, '/t/p'),
    apiKey,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Peaks of this process's memory, in bytes: RSS, and what V8 and Node account for (the rest is native: sharp, SQLite, malloc). */
export interface MemoryPeaks {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  /** Memory of C++ objects bound to JS, Buffers included. */
  external: number;
  arrayBuffers: number;
}

/** Samples this process's RSS every 50 ms and the V8/Node breakdown every 500 ms. */
export function memorySampler(): { stop(): MemoryPeaks } {
  // memoryUsage.rss() alone at 50 ms: the full memoryUsage() walks the heap spaces, which showed in the CPU profile.
  const peaks: MemoryPeaks = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
  const full = () => {
    const m = process.memoryUsage();
    for (const k of Object.keys(peaks) as Array<keyof MemoryPeaks>) peaks[k] = Math.max(peaks[k], m[k]);
  };
  full();
  const fast = setInterval(() => (peaks.rss = Math.max(peaks.rss, process.memoryUsage.rss())), 50);
  const slow = setInterval(full, 500);
  return {
    stop: () => {
      clearInterval(fast);
      clearInterval(slow);
      full();
      return { ...peaks };
    },
  };
}

/** Samples this process's RSS every 50 ms; the peak in bytes. */
export function rssSampler(): { stop(): number } {
  const sampler = memorySampler();
  return { stop: () => sampler.stop().rss };
}

export const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Sum of a counter's values, optionally by a label. */
export async function counterValues(app: AppContainer, name: string, label?: string): Promise<Record<string, number>> {
  const metric = await app.metrics.registry.getSingleMetric(name)?.get();
  const out: Record<string, number> = {};
  for (const v of metric?.values ?? []) {
    const key = label ? String(v.labels[label]) : 'total';
    out[key] = (out[key] ?? 0) + Number(v.value);
  }
  return out;
}

export function diff(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) > 0) out[k] = v - (before[k] ?? 0);
  return out;
}

export const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

export function line(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(52)} ${value}\n`);
}
