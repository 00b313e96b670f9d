/**
 * What the catalogue bench reads from outside the processes it measures: /proc (CPU, peak RSS),
 * the sidecar's /metrics text, and Apache's access log (how much of the wall time WordPress was busy).
 */
import fs from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime, stime, cutime, cstime of a process, in seconds (0 when it is gone). */
export function processCpuSeconds(pid: number, withChildren = false): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime field 14.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]) + (withChildren ? Number(fields[13]) + Number(fields[14]) : 0);
    return ticks / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Children of a process (the Apache parent's prefork children). */
function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/** CPU of Apache: the parent, its living children, and the children it has reaped. */
export function apacheCpuSeconds(parentPid: number): number {
  return processCpuSeconds(parentPid, true) + childPids(parentPid).reduce((sum, pid) => sum + processCpuSeconds(pid), 0);
}

/** Peak resident memory of a process (VmHWM), in bytes. */
export function peakRssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmHWM:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

/** Whole-machine CPU jiffies: busy and total (for the idle share over a span). */
export function machineCpu(): { busy: number; total: number } {
  const [first] = fs.readFileSync('/proc/stat', 'utf8').split('\n');
  const n = first.split(/\s+/).slice(1).map(Number);
  const total = n.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  const idle = (n[3] ?? 0) + (n[4] ?? 0);
  return { busy: total - idle, total };
}

/** Prometheus text: the sum of a metric's samples, by one label or in all. */
export function metricSum(text: string, name: string, label?: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of text.split('\n')) {
    if (!row.startsWith(`${name}{`) && !row.startsWith(`${name} `)) continue;
    const value = Number(row.slice(row.lastIndexOf(' ') + 1));
    const labelValue = label ? (new RegExp(`${label}="([^"]*)"`).exec(row)?.[1] ?? '') : 'total';
    out[labelValue] = (out[labelValue] ?? 0) + value;
  }
  return out;
}

export interface AccessLogFigures {
  requests: number;
  /** Share of the span with at least one WordPress request open. */
  openShare: number;
  /** Requests open on average over the span (sum of durations / span). */
  meanConcurrency: number;
  meanMs: number;
  p95Ms: number;
  byStatus: Record<string, number>;
}

/** Apache's `%{msec}t %D %>s "%r"` lines whose request started within [fromMs, toMs]. */
export function readAccessLog(file: string, fromMs: number, toMs: number): AccessLogFigures {
  const spans: Array<[number, number]> = [];
  const byStatus: Record<string, number> = {};
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  for (const row of text.split('\n')) {
    const [start, micros, status] = row.split(' ');
    const begin = Number(start);
    // "OPTIONS *" are Apache's own wake-up calls to its children, not WordPress.
    if (!Number.isFinite(begin) || begin < fromMs || begin > toMs || row.includes('"OPTIONS * ')) continue;
    spans.push([begin, begin + Number(micros) / 1000]);
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  }
  spans.sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let until = -Infinity;
  for (const [begin, end] of spans) {
    const from = Math.max(begin, until);
    if (end > from) covered += end - from;
    until = Math.max(until, end);
  }
  const span = Math.max(1, toMs - fromMs);
  const durations = spans.map(([b, e]) => e - b).sort((a, b) => a - b);
  const total = durations.reduce((a, b) => a + b, 0);
  return {
    requests: spans.length,
    openShare: covered / span,
    meanConcurrency: total / span,
    meanMs: durations.length ? total / durations.length : 0,
    p95Ms: durations.length ? durations[Math.min(durations.length - 1, Math.floor(durations.length * 0.95))] : 0,
    byStatus,
  };
}

/** The MariaDB server's pid (mariadbd, or mysqld on older builds); 0 when none runs here. */
export function mariadbPid(): number {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (comm === 'mariadbd' || comm === 'mysqld') return Number(entry);
    } catch {
      /* gone meanwhile */
    }
  }
  return 0;
}
