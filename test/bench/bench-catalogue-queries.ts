/** What the catalogue bench reads from WordPress's database: pages live, jobs open, jobs by type. */
import type mysql from 'mysql2/promise';

/** Published movie posts with their tmu_movies row filled and a featured image: a page a visitor can see. */
export async function livePages(db: mysql.Connection, prefix: string): Promise<number> {
  const [rows] = await db.query(
    `SELECT COUNT(*) AS n FROM ${prefix}posts p
       JOIN ${prefix}tmu_movies m ON m.ID = p.ID AND m.title IS NOT NULL
       JOIN ${prefix}postmeta t ON t.post_id = p.ID AND t.meta_key = '_thumbnail_id'
       JOIN ${prefix}posts a ON a.ID = t.meta_value AND a.post_type = 'attachment'
      WHERE p.post_type = 'movie' AND p.post_status = 'publish'`,
  );
  return Number((rows as Array<{ n: number }>)[0].n);
}

export interface JobState {
  /** Jobs of any type queued or running: imports, the titles' background completion, people refreshes. */
  open: number;
  importsOpen: number;
  imported: number;
  failed: number;
}

/** Every job the import set going (the schedules are off during the bench), and titles imported or failed. */
export async function jobState(db: mysql.Connection, prefix: string): Promise<JobState> {
  const [rows] = await db.query(`SELECT type, status, progress FROM ${prefix}tmu_sync_jobs`);
  const state = { open: 0, importsOpen: 0, imported: 0, failed: 0 };
  for (const r of rows as Array<{ type: string; status: string; progress: string | null }>) {
    const open = r.status === 'queued' || r.status === 'running';
    if (open) state.open += 1;
    if (r.type !== 'import') continue;
    if (open) state.importsOpen += 1;
    const progress = JSON.parse(r.progress ?? '{}') as { done?: number; failed?: number };
    state.imported += progress.done ?? 0;
    state.failed += progress.failed ?? 0;
  }
  return state;
}

/** Jobs by type and status: how many, their attempts, and when the last one finished (seconds since the first was created). */
export async function jobSummary(db: mysql.Connection, prefix: string): Promise<Record<string, string>> {
  const [rows] = await db.query(
    `SELECT type, status, COUNT(*) AS n, SUM(attempts) AS attempts,
            TIMESTAMPDIFF(SECOND, (SELECT MIN(created_at) FROM ${prefix}tmu_sync_jobs), MAX(finished_at)) AS lastFinished
       FROM ${prefix}tmu_sync_jobs GROUP BY type, status`,
  );
  const out: Record<string, string> = {};
  for (const r of rows as Array<{ type: string; status: string; n: number; attempts: number; lastFinished: number }>) {
    out[`${r.type} ${r.status}`] = `${r.n}, ${r.attempts} attempts, ${r.lastFinished} s`;
  }
  return out;
}

/** Jobs running and queued, by type: the timeline's view of what the worker does. */
export async function openJobsByType(db: mysql.Connection, prefix: string): Promise<Record<string, string>> {
  const [rows] = await db.query(`SELECT type, status, COUNT(*) AS n FROM ${prefix}tmu_sync_jobs WHERE status IN ('queued', 'running') GROUP BY type, status`);
  const out: Record<string, string> = {};
  for (const r of rows as Array<{ type: string; status: string; n: number }>) out[`${r.type} ${r.status}`] = String(r.n);
  return out;
}

export interface PeopleDetails {
  people: number;
  /** People rows the refresh has not filled yet (no sync time). */
  withoutDetails: number;
  /** When the last person's details were written, in seconds since the epoch (null: none yet). */
  lastSyncedEpoch: number | null;
}

/** The people the titles credited, and when the last one got its details (tmu_people.synced_at, written in UTC). */
export async function peopleDetails(db: mysql.Connection, prefix: string): Promise<PeopleDetails> {
  await db.query(`SET time_zone = '+00:00'`);
  const [rows] = await db.query(`SELECT COUNT(*) AS n, COALESCE(SUM(synced_at IS NULL), 0) AS missing, UNIX_TIMESTAMP(MAX(synced_at)) AS last FROM ${prefix}tmu_people`);
  const r = (rows as Array<{ n: number; missing: number | string; last: number | string | null }>)[0];
  return { people: Number(r.n), withoutDetails: Number(r.missing), lastSyncedEpoch: r.last === null ? null : Number(r.last) };
}
