/** One line of figures per fault: what was injected, how the jobs ended, what WordPress was left with. */
import type { Knex } from 'knex';
import type { Driven } from './wordpress-checks';

export interface PhaseOutcome {
  copies: Record<string, number>;
  lost: string[];
  withoutRows: Record<string, number>;
  unlisted: string[];
  empty: string[];
}

export interface PhaseMeasures {
  driven: Driven[];
  requests: Record<string, number>;
  statuses: string[];
  jobsSeconds: number;
  idleSeconds: number;
  refusedUploads: number;
  strayFiles: number;
  timeLimitDeaths: number;
}

const counted = (entries: Array<[string, number]>) =>
  entries
    .filter(([, n]) => n !== 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 0;

function tally(xs: string[]): string {
  const by = new Map<string, number>();
  for (const x of xs) by.set(x, (by.get(x) ?? 0) + 1);
  return [...by].map(([k, n]) => `${n} ${k}`).join(', ');
}

export function phaseLine(m: PhaseMeasures, out: PhaseOutcome): string {
  const via = (how: Driven['via']) => m.driven.filter((d) => d.via === how).length;
  return [
    `${m.driven.length} titles (${via('webhook')} webhook, ${via('import')} import)`,
    `requests: ${counted(Object.entries(m.requests))}`,
    `jobs: ${tally(m.statuses)} in ${m.jobsSeconds.toFixed(0)} s, idle after ${m.idleSeconds.toFixed(0)} s`,
    `PHP deaths at the time limit ${m.timeLimitDeaths}`,
    `refused uploads ${m.refusedUploads}`,
    `copies/rowless: ${counted(Object.entries({ ...out.copies, ...out.withoutRows }))}`,
    `lost ${out.lost.length}; unlisted skips ${out.unlisted.length}; empty files ${out.empty.length}; stray files ${m.strayFiles}`,
  ].join('; ');
}

/** The phase's jobs that did not succeed, with their error and their items' errors. */
export async function unfinishedJobs(db: Knex, p: string, jobs: number[]): Promise<string[]> {
  const rows = await db(`${p}tmu_sync_jobs`).whereIn('id', jobs).whereNot('status', 'succeeded').select('id', 'type', 'status', 'error', 'attempts', 'progress');
  return rows.map((j) => {
    const errors = JSON.stringify(JSON.parse(String(j.progress ?? '{}')).errors ?? []);
    return `job ${j.id}: ${j.type} ${j.status} after ${j.attempts} attempts: ${String(j.error ?? '').slice(0, 200)} ${errors.slice(0, 300)}`;
  });
}
