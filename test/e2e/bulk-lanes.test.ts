/**
 * A bulk with many lanes on MariaDB and a real WordPress. A title's
 * transaction used to stay open through its WordPress calls, so lanes waited on each
 * other's pooled connections and on row locks. Now the rows' transaction is short: ten
 * lanes on the smallest pool the config allows sync every title once, with no retry.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SyncService } from '../../src/services/sync/sync.service';
import { movieRow, tmdbId } from '../support/factories';
import { TITLES_PER_POOL } from '../../tools/tmdb-standin/synthetic-ids';
import { rowDuplicates, wordPressDuplicates } from '../reliability/fault-run/duplicates';
import { FullStack, startFullStack } from './support/full-stack';

jest.setTimeout(240_000);

const LANES = 10;
const JOBS = 2;
const FOLLOW_UPS = 2;
/** Ten pairs of titles; the two of a pair credit the same people (the stand-in's pools). */
const PAIRS = 10;

describe('bulk sync with ten lanes on MariaDB and WordPress', () => {
  let s: FullStack;
  const calls = new Map<number, number>();
  const failures: string[] = [];

  beforeAll(async () => {
    s = await startFullStack({
      wpPort: 18117,
      sidecarPort: 18817,
      dbName: `tmu_e2e_bulk_lanes_${process.pid}`,
      // The smallest pool loadConfig accepts for these lanes and jobs (follow-up jobs hold one each too).
      env: { BULK_LANES: String(LANES), JOB_CONCURRENCY: String(JOBS), FOLLOW_UP_CONCURRENCY: String(FOLLOW_UPS), DB_POOL_MAX: String(LANES + JOBS + FOLLOW_UPS) },
    });
  }, 180_000);
  afterAll(async () => s?.close());

  /** Counts every sync the bulk asks for, and each one that threw (a retry follows a throw). */
  function countSyncs(sync: SyncService): void {
    const original = sync.sync.bind(sync);
    sync.sync = async (type, id, options) => {
      calls.set(id, (calls.get(id) ?? 0) + 1);
      try {
        return await original(type, id, options);
      } catch (error) {
        failures.push(`${type} ${id}: ${(error as Error).message}`);
        throw error;
      }
    };
  }

  /** Movie posts in WordPress with a never-synced tmu_movies row each: the library a bulk walks. */
  async function seedLibrary(ids: number[]): Promise<Map<number, number>> {
    const php = ids
      .map((id) => `echo ${id}, ' ', wp_insert_post( array( 'post_type' => 'movie', 'post_title' => 'Seeded ${id}', 'post_status' => 'publish' ) ), "\\n";`)
      .join('\n');
    const out = await s.wp.runPhp(`wp_set_current_user( ${s.wp.admin.id} );\n${php}`);
    const posts = new Map<number, number>();
    for (const line of out.split('\n')) {
      const match = /^(\d+) (\d+)$/.exec(line.trim());
      if (match) posts.set(Number(match[1]), Number(match[2]));
    }
    expect(posts.size).toBe(ids.length);
    for (const [id, postId] of posts) await s.app.repos.movies.upsertRow(movieRow({ ID: postId, tmdb_id: id, synced_at: null }));
    return posts;
  }

  it(`syncs ${PAIRS * 2} titles sharing people and terms, each once, with no duplicate`, async () => {
    const first = (tmdbId() % TITLES_PER_POOL) + 200_000;
    const ids = Array.from({ length: PAIRS }, (_, i) => [first + i, first + i + TITLES_PER_POOL]).flat();
    const posts = await seedLibrary(ids);
    countSyncs(s.app.sync);

    const started = Date.now();
    const { job } = await s.app.jobs.enqueue({ type: 'bulk', payload: { types: ['movie'] }, objectKey: 'bulk:lanes' });
    expect(await s.waitForJobEnd(job.id, 200_000)).toBe('succeeded');
    const seconds = (Date.now() - started) / 1000;
    const p = s.wp.tablePrefix;
    // The titles' people.refresh jobs upload portraits after the bulk ends: a file read mid-upload has no attachment yet.
    await s.waitForIdle(200_000);

    const row = await s.app.db(`${p}tmu_sync_jobs`).where({ id: job.id }).first();
    expect(Number(row.attempts)).toBe(1);
    expect(failures).toEqual([]);
    expect([...calls.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect([...calls.keys()].sort()).toEqual([...ids].sort());

    for (const [id, postId] of posts) {
      const movie = await s.app.db(`${p}tmu_movies`).where({ ID: postId }).first();
      expect({ id, synced: movie?.synced_at !== null && movie?.synced_at !== undefined }).toEqual({ id, synced: true });
      const [{ n: cast }] = await s.app.db(`${p}tmu_movies_cast`).where({ movie: postId }).count({ n: '*' });
      expect({ id, cast: Number(cast) > 0 }).toEqual({ id, cast: true });
      const post = await s.app.db(`${p}posts`).where({ ID: postId }).first('post_status');
      expect(post?.post_status).toBe('publish');
    }
    const duplicates = { ...(await wordPressDuplicates(s.app.db, p, s.wp.uploadsDir)), ...(await rowDuplicates(s.app.db, p)) };
    if (duplicates['files beyond attachments'] > 0) process.stdout.write(`files no attachment names: ${JSON.stringify(await filesWithoutAttachment(s, p))}\n`);
    expect(Object.entries(duplicates).filter(([, n]) => n > 0)).toEqual([]);
    // The pairs share their people: one people post each, however many lanes credited them at once.
    const [{ n: people }] = await s.app.db(`${p}posts`).where({ post_type: 'people' }).count({ n: '*' });
    const [{ n: peopleRows }] = await s.app.db(`${p}tmu_people`).count({ n: '*' });
    expect(Number(people)).toBe(Number(peopleRows));
    process.stdout.write(`bulk of ${ids.length} titles, ${LANES} lanes, pool ${LANES + JOBS}: ${seconds.toFixed(1)} s\n`);
  });
});

/** Originals in uploads that no attachment names (`_wp_attached_file`), and the images syncs skipped: what a stray file came from. */
async function filesWithoutAttachment(s: FullStack, p: string): Promise<{ stray: string[]; skipped: string[] }> {
  const attached = new Set((await s.app.db(`${p}postmeta`).where('meta_key', '_wp_attached_file').pluck('meta_value')).map(String));
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  const stray = walk(s.wp.uploadsDir)
    .map((f) => path.relative(s.wp.uploadsDir, f))
    .filter((f) => !/-\d+x\d+\.\w+$/.test(f) && !attached.has(f));
  const skipped = (await s.app.db(`${p}postmeta`).where('meta_key', 'tmu_skipped_images').whereNot('meta_value', '').pluck('meta_value')).map(String);
  return { stray, skipped };
}
