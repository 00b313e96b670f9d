import { SingleBar } from 'cli-progress';
import { BulkPayload, orderedTypes } from '../../domain/job-payloads';
import { jobInput } from '../../domain/job-registry';
import type { JobProgress, JobRecord } from '../../domain/job';
import type { AppContainer } from '../../main';
import { LIBRARY_TYPES, LibraryType } from '../../repositories/library.repository';
import { CliIo, EXIT, UsageError } from '../cli-io';
import { parseCommandArgs, parseId } from '../cli-args';

const FINAL = new Set(['succeeded', 'failed', 'partial', 'cancelled']);
const POLL_MS = 250;
const PLAIN_EVERY_MS = 1_000;

export function parseBulkArgs(args: string[]): BulkPayload {
  const { positionals, values } = parseCommandArgs({
    args,
    allowPositionals: true,
    options: {
      type: { type: 'string', multiple: true },
      limit: { type: 'string' },
      'no-images': { type: 'boolean' },
      'no-videos': { type: 'boolean' },
      'no-credits': { type: 'boolean' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`bulk takes no arguments, got ${positionals.join(' ')}`);
  const payload: BulkPayload = {};
  if (values.type) {
    const types = values.type.flatMap((t) => t.split(',')).map((t) => t.trim());
    const bad = types.find((t) => !LIBRARY_TYPES.includes(t as LibraryType));
    if (bad !== undefined) throw new UsageError(`--type must be one of ${LIBRARY_TYPES.join('|')}, got ${bad}`);
    payload.types = orderedTypes(types as LibraryType[]);
  }
  if (values.limit !== undefined) {
    payload.limit = parseId(values.limit, '--limit');
  }
  const options: NonNullable<BulkPayload['options']> = {};
  if (values['no-images']) options.images = false;
  if (values['no-videos']) options.videos = false;
  if (values['no-credits']) options.credits = false;
  if (Object.keys(options).length > 0) payload.options = options;
  return payload;
}

/** `tmu-sidecar bulk`: queues a bulk job, runs it here, shows its progress. Exit 1 when items failed. */
export async function runBulk(app: AppContainer, payload: BulkPayload, io: CliIo): Promise<number> {
  const { job } = await app.jobs.enqueue(jobInput('bulk', payload));
  return runJobInForeground(app, job.id, 'bulk', io);
}

/**
 * Runs a queued job in this process (or, when a `serve` process already took
 * it, watches it), with a progress bar on a TTY and plain lines otherwise.
 * Ctrl-C cancels the job. Exit 0 only when it succeeded.
 */
export async function runJobInForeground(app: AppContainer, jobId: number, label: string, io: CliIo): Promise<number> {
  const worker = app.createWorker();
  const display = io.isTty ? new BarDisplay(label, jobId) : new PlainDisplay(label, jobId, io);
  const onInterrupt = () => void app.jobs.cancel(jobId);
  process.once('SIGINT', onInterrupt);
  let running: Promise<boolean> | null = null;
  let job: JobRecord | null;
  try {
    for (;;) {
      running ??= worker.runJob(jobId).finally(() => {
        running = null;
      });
      job = await app.jobs.get(jobId);
      if (!job) throw new Error(`job ${jobId} disappeared from the queue`);
      display.update(job.progress);
      if (FINAL.has(job.status)) break;
      await Promise.race([running, new Promise((resolve) => setTimeout(resolve, POLL_MS))]);
    }
    await running; // a cancelled job ends its current item first
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    await worker.stop();
  }
  const final = (await app.jobs.get(jobId)) ?? job;
  display.finish(final);
  for (const error of final.progress.errors) io.out(`failed ${error.tmdb_id ?? '-'} (post ${error.post_id ?? '-'}): ${error.message}`);
  const { done, failed, total } = final.progress;
  io.out(`${label} job ${jobId} ${final.status}: ${done} synced, ${failed} failed of ${total}${final.error ? ` (${final.error})` : ''}`);
  return final.status === 'succeeded' ? EXIT.ok : EXIT.failed;
}

interface ProgressDisplay {
  update(progress: JobProgress): void;
  finish(job: JobRecord): void;
}

class BarDisplay implements ProgressDisplay {
  private readonly bar: SingleBar;
  private started = false;

  constructor(label: string, jobId: number) {
    this.bar = new SingleBar({
      format: `${label} job ${jobId} [{bar}] {percentage}% | {value}/{total} | failed {failed} | ETA {eta_formatted}`,
      stream: process.stdout,
      hideCursor: true,
    });
  }

  update(progress: JobProgress): void {
    const value = progress.done + progress.failed;
    if (!this.started) {
      this.bar.start(progress.total, value, { failed: progress.failed });
      this.started = true;
    }
    this.bar.setTotal(progress.total);
    this.bar.update(value, { failed: progress.failed });
  }

  finish(job: JobRecord): void {
    if (!this.started) this.update(job.progress);
    this.update(job.progress);
    this.bar.stop();
  }
}

/** Not a terminal (logs, CI): a line when the count moved, at most once a second. */
class PlainDisplay implements ProgressDisplay {
  private lastLine = '';
  private lastAt = 0;

  constructor(
    private readonly label: string,
    private readonly jobId: number,
    private readonly io: CliIo,
  ) {}

  update(progress: JobProgress, force = false): void {
    const line = `${this.label} job ${this.jobId}: ${progress.done + progress.failed}/${progress.total} (${progress.done} synced, ${progress.failed} failed)`;
    if (line === this.lastLine || (!force && Date.now() - this.lastAt < PLAIN_EVERY_MS)) return;
    this.io.out(line);
    this.lastLine = line;
    this.lastAt = Date.now();
  }

  finish(job: JobRecord): void {
    this.update(job.progress, true);
  }
}
