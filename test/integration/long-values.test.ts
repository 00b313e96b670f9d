/**
 * Reliability defect 4 (docs/reliability.md): a value longer than its column must not wedge the job.
 * Columns we own are wide enough; legacy columns get the value cut at a UTF-8
 * boundary with a log line; errors are stored at a bounded length, without SQL.
 */
import { withoutSql, describeError } from '../../src/errors';
import { toDatabaseError } from '../../src/repositories/repository-support';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { DETAILS_ONLY, freshTmdbIds, waitForJobEnd } from '../support/jobs-fixtures';
import { personRow, postId } from '../support/factories';
import { guardedPeopleUpsert } from '../../src/services/sync/editor-guard';

const LONG_OVERVIEW = 'An overview that goes on. '.repeat(2700).slice(0, 70_000);
/** Three UTF-8 bytes each: 210,000 bytes, far past a TEXT column's 65,535. */
const LONG_TAGLINE = '映画'.repeat(35_000);
/** 300 code points, 4 UTF-8 bytes and 2 UTF-16 units each: a cut by UTF-16 unit or byte would split one. */
const LONG_CHARACTER = '🎬'.repeat(300);
const LONG_JOB = 'Assistant to the '.repeat(20);
const CREDITS_ONLY = { images: false, videos: false, credits: true, seasons: 'none' } as const;

describeEachDatabase('values longer than their columns', (t) => {
  let h: SyncHarness;

  beforeAll(async () => {
    h = await startSyncHarness(t, { env: { JOB_CONCURRENCY: '1' } });
  });
  afterAll(async () => {
    h.standin.setRewrite(null);
    await h?.close();
  });

  it('stores a 70,000-character overview whole and cuts a legacy column on a character boundary (defect 4)', async () => {
    const [id] = freshTmdbIds(1);
    h.standin.setRewrite((path, body) => (path === `/movie/${id}` ? { ...(body as object), overview: LONG_OVERVIEW, tagline: LONG_TAGLINE } : body));
    const { job } = await h.app.jobs.enqueue({ type: 'sync', payload: { type: 'movie', tmdb_id: id, options: DETAILS_ONLY }, objectKey: `movie:${id}` });
    const worker = h.app.createWorker({ pollMs: 20 });
    worker.start();
    const ended = await waitForJobEnd(h.app, job.id);
    await worker.stop();
    h.standin.setRewrite(null);
    expect(ended).toMatchObject({ status: 'succeeded', attempts: 1 });
    const row = await t.db(t.table('tmu_movies')).where({ tmdb_id: id }).first();
    expect(row.overview).toBe(LONG_OVERVIEW);
    expect(Buffer.byteLength(row.tagline, 'utf8')).toBeLessThanOrEqual(65_535);
    expect(row.tagline.length).toBeGreaterThan(20_000);
    expect(LONG_TAGLINE.startsWith(row.tagline)).toBe(true);
  });

  it("takes a cut value for its own on the next sync, not for an editor's", async () => {
    // The fingerprint was taken of the uncut value, so the cut one read back as changed by hand and was kept for ever.
    const [id] = freshTmdbIds(1);
    let tagline = LONG_TAGLINE;
    h.standin.setRewrite((path, body) => (path === `/movie/${id}` ? { ...(body as object), tagline } : body));
    try {
      await h.app.sync.sync('movie', id, DETAILS_ONLY);
      const first = await t.db(t.table('tmu_movies')).where({ tmdb_id: id }).first();
      expect(Buffer.byteLength(first.tagline, 'utf8')).toBeLessThanOrEqual(65_535);
      tagline = 'A short tagline TMDb has now.';
      await t.db(t.table('tmu_api_cache')).delete();
      await h.app.sync.sync('movie', id, DETAILS_ONLY);
      expect((await t.db(t.table('tmu_movies')).where({ tmdb_id: id }).first()).tagline).toBe(tagline);
    } finally {
      h.standin.setRewrite(null);
    }
  });

  it("cuts a credit row's character and job to their VARCHAR(255) columns, and the next sync finds the rows unchanged", async () => {
    // Before, the link rows were written as given: MariaDB refused the title on every try ("Data too long for column 'job'").
    const [id] = freshTmdbIds(1);
    let credited: { character: string; job: string } | null = null;
    h.standin.setRewrite((path, body) => {
      const movie = body as { credits?: { cast: Array<Record<string, unknown>>; crew: Array<Record<string, unknown>> } };
      if (path !== `/movie/${id}` || !movie.credits?.cast.length || !movie.credits.crew.length) return body;
      const [cast, ...restCast] = movie.credits.cast;
      const [crew, ...restCrew] = movie.credits.crew;
      credited = { character: String(cast.character), job: String(crew.job) };
      return { ...movie, credits: { cast: [{ ...cast, character: LONG_CHARACTER }, ...restCast], crew: [{ ...crew, job: LONG_JOB }, ...restCrew] } };
    });
    try {
      const first = await h.app.sync.sync('movie', id, CREDITS_ONLY);
      expect(credited).not.toBeNull();
      const postId = first.postId;
      const cast = await t.db(t.table('tmu_movies_cast')).where({ movie: postId }).orderBy('ID');
      const crew = await t.db(t.table('tmu_movies_crew')).where({ movie: postId }).orderBy('ID');
      const longCast = cast.find((row) => LONG_CHARACTER.startsWith(row.job) && row.job.length > 100);
      const longCrew = crew.find((row) => LONG_JOB.startsWith(row.job) && row.job.length > 100);
      expect(Array.from(longCast.job)).toHaveLength(255);
      expect(Array.from(longCrew.job)).toHaveLength(255);
      expect(longCast.job).not.toMatch(/\uFFFD/);

      // The next sync wants the uncut character again: the diff must compare it as stored.
      const wanted = cast.map(({ ID, movie: _movie, ...row }) => ({ ...row, job: ID === longCast.ID ? LONG_CHARACTER : row.job }));
      const again = await h.app.repos.movies.replaceCast(postId, wanted);
      expect(again).toEqual({ inserted: 0, updated: 0, deleted: 0, unchanged: cast.length });
      expect((await t.db(t.table('tmu_movies_cast')).where({ movie: postId }).orderBy('ID')).map((row) => row.ID)).toEqual(cast.map((row) => row.ID));
    } finally {
      h.standin.setRewrite(null);
    }
  });

  it("fingerprints a person row's cut value as stored, so the next sync replaces it", async () => {
    // Before, rows written many at once (people made from credits) kept the uncut value's fingerprint, and the cut one read back as an editor's.
    const row = personRow({ ID: postId(), profession: LONG_TAGLINE });
    await guardedPeopleUpsert(h.app.repos, [row]);
    const cut = await t.db(t.table('tmu_people')).where({ ID: row.ID }).first();
    expect(Buffer.byteLength(cut.profession, 'utf8')).toBeLessThanOrEqual(65_535);
    expect(LONG_TAGLINE.startsWith(cut.profession)).toBe(true);
    await guardedPeopleUpsert(h.app.repos, [{ ...row, profession: 'Directing' }]);
    expect((await t.db(t.table('tmu_people')).where({ ID: row.ID }).first()).profession).toBe('Directing');
  });

  it('keeps SQL and its values out of the error text, and bounds its length (defect 4)', () => {
    const driver = Object.assign(new Error(`insert into \`wp_tmu_movies\` (\`overview\`) values ('${'x'.repeat(70_000)}') - Data too long for column 'overview' at row 1`), {
      code: 'ER_DATA_TOO_LONG',
    });
    expect(withoutSql(driver)).toBe("Data too long for column 'overview' at row 1");
    const wrapped = toDatabaseError('upsert wp_tmu_movies#12', driver);
    expect(wrapped.message).toBe("upsert wp_tmu_movies#12 failed: Data too long for column 'overview' at row 1");
    expect(wrapped.message).not.toMatch(/insert|xxxx/);
    expect(describeError(new Error('y'.repeat(200_000))).length).toBeLessThan(1_100);
  });
});
