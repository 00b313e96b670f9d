/**
 * The sidecar entry points of discovery: webhook events, the `discover` and
 * `list.refresh` job handlers, the refresh schedule, and the CLI command.
 */
import { runCli } from '../../src/cli/cli';
import type { CliIo } from '../../src/cli/cli-io';
import { loadConfig } from '../../src/config/config';
import { ConfigError, ValidationError } from '../../src/errors';
import type { JobWorker } from '../../src/jobs/job-worker';
import type { WebhookEvent } from '../../src/http/webhook-events';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { addDays, discoveryKit, DiscoveryKit } from '../support/discovery-harness';

jest.setTimeout(300_000);

function captureIo(env: NodeJS.ProcessEnv): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), isTty: false, env };
}

describeEachDatabase('discovery entry points', (t) => {
  let h: SyncHarness;
  let k: DiscoveryKit;
  let worker: JobWorker;

  beforeAll(async () => {
    h = await startSyncHarness(t);
    k = discoveryKit(h);
    worker = h.app.createWorker({ pollMs: 10, retryBaseMs: 10 });
  });
  afterAll(async () => h?.close());

  const send = (event: WebhookEvent, delivery: string | null = null) => h.app.webhooks.handle(event, delivery);
  const runJobs = async () => {
    while (await worker.runOnce());
  };
  const items = (listId: number) => t.db(t.table('tmu_media_list_items')).where({ list_id: listId }).orderBy('position');

  describe('webhook events and job handlers', () => {
    let listId: number;

    it('discover.requested with list fields creates the list, answers 202 and the discover job fills it', async () => {
      const answer = await send({
        event: 'discover.requested',
        keyword: 'plot',
        limit: 4,
        list: { title: 'Plot twists', description: 'Films with a twist.', refresh_cron: '0 6 * * *' },
      });
      expect(answer.status).toBe(202);
      expect(answer.body).toMatchObject({ job_id: expect.any(Number), list_id: expect.any(Number), slug: expect.stringMatching(/^plot-twists-\d+$/) });
      listId = answer.body.list_id as number;
      // The slug follows the title given.
      expect(answer.body.slug).toBe(`plot-twists-${listId}`);
      const job = await h.app.jobs.get(answer.body.job_id as number);
      expect(job).toMatchObject({ type: 'discover', payload: { keyword: 'plot', type: 'movie', list_id: listId } });

      await runJobs();

      expect(await h.app.jobs.get(job!.id)).toMatchObject({ status: 'succeeded' });
      expect(await items(listId)).toHaveLength(4);
      expect(await t.db(t.table('tmu_media_lists')).where({ id: listId }).first()).toMatchObject({
        title: 'Plot twists',
        description: 'Films with a twist.',
        keyword: 'plot',
        item_limit: 4,
        refresh_cron: '0 6 * * *',
      });
    });

    it('discover.requested with the list id edits that list (slug kept), and refuses a bad schedule', async () => {
      const answer = await send({ event: 'discover.requested', keyword: 'plot', limit: 6, list: { id: listId, title: 'More twists' } });
      expect(answer.body).toMatchObject({ list_id: listId, slug: `plot-twists-${listId}` });
      await runJobs();
      expect(await items(listId)).toHaveLength(6);
      await expect(send({ event: 'discover.requested', keyword: 'plot', list: { id: listId, refresh_cron: 'every day' } })).rejects.toBeInstanceOf(ValidationError);
    });

    it('list.refresh queues a refresh job; list.deleted removes the list and its items', async () => {
      const queued = await send({ event: 'list.refresh', list_id: listId });
      expect(queued).toMatchObject({ status: 202, body: { list_id: listId } });
      expect(await h.app.jobs.get(queued.body.job_id as number)).toMatchObject({ type: 'list.refresh', payload: { list_id: listId } });
      await runJobs();
      const done = await h.app.jobs.get(queued.body.job_id as number);
      expect(done).toMatchObject({ status: 'succeeded' });
      expect(done?.progress.log[0]).toMatch(/^list plot-twists-\d+: 6 items \(kept 6, added 0, removed 0\), unchanged$/);

      expect(await send({ event: 'list.deleted', list_id: listId })).toEqual({ status: 200, body: { ok: true, removed: true } });
      expect(await items(listId)).toHaveLength(0);
      expect(await t.db(t.table('tmu_media_lists')).where({ id: listId }).first()).toBeUndefined();
      await expect(send({ event: 'list.refresh', list_id: listId })).rejects.toMatchObject({ code: 'list_not_found', status: 404 });
    });

    it('discover.requested with random syncs one title and says where it came from', async () => {
      const answer = await send({ event: 'discover.requested', keyword: 'lost', random: true });
      expect(answer.status).toBe(202);
      await runJobs();
      const job = await h.app.jobs.get(answer.body.job_id as number);
      expect(job).toMatchObject({ status: 'succeeded' });
      expect(job?.progress.log[0]).toMatch(/^random pick from TMDb \(page \d+ of \d+\): movie \d+ → post \d+ /);
    });

    it('fails the discover job, without retrying, for an unknown keyword', async () => {
      const answer = await send({ event: 'discover.requested', keyword: 'qqqq unknown keyword', limit: 3 });
      await runJobs();
      const job = await h.app.jobs.get(answer.body.job_id as number);
      expect(job).toMatchObject({ status: 'failed', attempts: 1 });
      expect(job?.error).toMatch(/^keyword_not_found: /);
    });
  });

  describe('the refresh schedule', () => {
    it('is due when never refreshed, when the cron fires after the last refresh, or when a run was missed', async () => {
      const s = k.scheduler;
      const at = (iso: string) => new Date(iso);
      expect(s.isDue('0 5 * * *', null, at('2026-03-02T12:00:00Z'))).toBe(true);
      expect(s.isDue('0 5 * * *', at('2026-03-02T05:00:20Z'), at('2026-03-02T05:00:40Z'))).toBe(false);
      expect(s.isDue('0 5 * * *', at('2026-03-02T05:00:20Z'), at('2026-03-02T12:00:00Z'))).toBe(false);
      expect(s.isDue('0 5 * * *', at('2026-03-02T05:00:20Z'), at('2026-03-03T05:00:05Z'))).toBe(true);
      // The sidecar was down at 05:00 on the 3rd: caught up once more than a day has gone by.
      expect(s.isDue('0 5 * * *', at('2026-03-02T05:00:20Z'), at('2026-03-03T05:02:00Z'))).toBe(true);
      expect(s.isDue('*/15 * * * *', at('2026-03-02T05:00:20Z'), at('2026-03-02T05:10:00Z'))).toBe(false);
      expect(s.isDue('*/15 * * * *', at('2026-03-02T05:00:20Z'), at('2026-03-02T05:15:00Z'))).toBe(true);
    });

    it('enqueues one list.refresh job per due list on a tick, and none for lists refreshed on time', async () => {
      const due = await k.lists.create({ keyword: 'disney', limit: 2, refresh_cron: '0 0 1 1 *' });
      const manual = await k.lists.create({ keyword: 'disney', limit: 2, refresh_cron: null });
      const fresh = await k.lists.create({ keyword: 'lost', limit: 2, refresh_cron: '0 0 1 1 *' });
      await k.listRepository.applyRefresh(fresh.id, { remove: [], update: [], insert: [] }, new Date());

      const enqueued = await k.scheduler.tick(new Date());
      expect(enqueued).toEqual([due.id]);
      expect(enqueued).not.toContain(manual.id);
      const jobs = await h.app.jobs.list({ type: 'list.refresh', status: 'queued' });
      expect(jobs.filter((j) => j.payload.list_id === due.id)).toHaveLength(1);
      await k.scheduler.tick(new Date());
      expect((await h.app.jobs.list({ type: 'list.refresh', status: 'queued' })).filter((j) => j.payload.list_id === due.id)).toHaveLength(1);

      // A list saved from the admin is being filled by its discover job: the tick adds no second job.
      const saved = await send({ event: 'discover.requested', keyword: 'lost', limit: 2, list: { title: 'Saved now', refresh_cron: '0 0 1 1 *' } });
      expect(await k.scheduler.tick(new Date())).not.toContain(saved.body.list_id);

      await runJobs();
      const list = await k.lists.get(due.id);
      expect(list.lastRefreshedAt).not.toBeNull();
      expect(await k.scheduler.tick(addDays(new Date(), 1))).toEqual([]);
      await k.scheduler.stop();
    });
  });

  describe('tmu-sidecar discover', () => {
    const env = () => ({ ...h.env });

    it('syncs up to --limit titles with the keyword and prints them', async () => {
      const io = captureIo(env());
      expect(await runCli(['discover', '--keyword', 'Disney', '--limit', '3'], io)).toBe(0);
      expect(io.stdout[0]).toMatch(/^keyword disney \(307595\): 3 movie titles from 1 of \d+ page\(s\)$/);
      expect(io.stdout.slice(1)).toHaveLength(3);
      expect(io.stdout[1]).toMatch(/^movie\t\d+\tpost \d+\t/);
    });

    it("--list refreshes (creating if needed) the keyword's list and prints its shortcode", async () => {
      const io = captureIo(env());
      expect(await runCli(['discover', '--keyword', 'lost', '--list', '--limit', '3', '--type', 'tv'], io)).toBe(0);
      expect(io.stdout[0]).toMatch(/^list lost-spotlight-\d+ \(#\d+\): 3 items, kept 0, added 3, removed 0$/);
      expect(io.stdout.at(-1)).toMatch(/^shortcode: \[tmu_list slug="lost-spotlight-\d+"\]$/);
      expect(io.stdout.slice(1, 4).every((l) => /^\d\t(tv|drama)\t\d+\tpost \d+$/.test(l))).toBe(true);
      const listId = Number(/\(#(\d+)\)/.exec(io.stdout[0])?.[1]);
      const status = async () => (await t.db(t.table('tmu_media_lists')).where({ id: listId }).first()).post_status;
      // New titles are drafts unless --status publish says otherwise.
      expect(await status()).toBe('draft');
      expect(await runCli(['discover', '--keyword', 'lost', '--list', '--type', 'tv', '--status', 'publish'], captureIo(env()))).toBe(0);
      expect(await status()).toBe('publish');
      const usage = captureIo(env());
      expect(await runCli(['discover', '--keyword', 'lost', '--status', 'publish'], usage)).toBe(2);
      expect(usage.stderr[0]).toBe('error: --status goes with --list');
    });

    it('--random prints where the pick came from; a bad call exits non-zero with one line', async () => {
      const io = captureIo(env());
      expect(await runCli(['discover', '--keyword', 'lost', '--random'], io)).toBe(0);
      expect(io.stdout[0]).toMatch(/^random pick from TMDb/);
      const unknown = captureIo(env());
      expect(await runCli(['discover', '--keyword', 'qqqq unknown keyword'], unknown)).toBe(1);
      expect(unknown.stderr).toEqual([expect.stringMatching(/^error: keyword_not_found: TMDb has no keyword "qqqq unknown keyword"/)]);
      const usage = captureIo(env());
      expect(await runCli(['discover', '--limit', '3'], usage)).toBe(2);
      expect(usage.stderr[0]).toBe('error: discover needs --keyword NAME');
    });
  });
});

describe('discovery configuration', () => {
  it('reads ALLOW_ADULT (default false) and DISCOVER_SYNC_PARTS (default images), naming a bad value', () => {
    expect(loadConfig({}).discovery).toEqual({ allowAdult: false, syncParts: ['images'] });
    expect(loadConfig({ ALLOW_ADULT: 'true', DISCOVER_SYNC_PARTS: 'images, credits' }).discovery).toEqual({ allowAdult: true, syncParts: ['images', 'credits'] });
    expect(loadConfig({ DISCOVER_SYNC_PARTS: 'none' }).discovery.syncParts).toEqual([]);
    expect(() => loadConfig({ DISCOVER_SYNC_PARTS: 'images,posters' })).toThrow(ConfigError);
    expect(() => loadConfig({ ALLOW_ADULT: 'maybe' })).toThrow(/^Invalid ALLOW_ADULT/);
  });
});
