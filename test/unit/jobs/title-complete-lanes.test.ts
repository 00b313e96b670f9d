/**
 * A title.complete job completes at most its own share of the process's completion lanes: one job
 * beside an import takes what one job took before, several jobs together fill the lanes.
 */
import { emptyProgress, type JobRecord } from '../../../src/domain/job';
import { TitleCompleteHandler } from '../../../src/jobs/handlers/title-complete.handler';
import type { JobContext } from '../../../src/jobs/job-worker';
import type { TitleSyncer } from '../../../src/services/bulk-sync.service';
import { emptyCounts } from '../../../src/services/sync/sync.types';
import { AppError } from '../../../src/errors';
import { tmdbId } from '../../support/factories';

function countingSyncer() {
  const state = { now: 0, most: 0 };
  const syncer: TitleSyncer = {
    sync: async (type, id) => {
      state.now += 1;
      state.most = Math.max(state.most, state.now);
      await new Promise((resolve) => setTimeout(resolve, 20));
      state.now -= 1;
      return { type, tmdbId: id, postId: id, title: 't', created: false, counts: emptyCounts(), skippedVideos: 0, keptByEditor: [] };
    },
  };
  return { state, syncer };
}

function jobOf(titles: number): { job: JobRecord; payload: { parent_job: number; type: 'movie'; tmdb_id: number; more: Array<{ type: 'movie'; tmdb_id: number }> } } {
  const ids = Array.from({ length: titles }, () => tmdbId());
  const payload = { parent_job: 1, type: 'movie' as const, tmdb_id: ids[0], more: ids.slice(1).map((tmdb_id) => ({ type: 'movie' as const, tmdb_id })) };
  return { job: { id: tmdbId(), type: 'title.complete', payload, progress: emptyProgress(titles) } as unknown as JobRecord, payload };
}

const context = (): JobContext => ({ report: async () => undefined, stillHeld: async () => true, signal: new AbortController().signal });

describe('title.complete lanes', () => {
  it('runs a job on its own lanes only, and two jobs on all the lanes together', async () => {
    const { state, syncer } = countingSyncer();
    const handler = new TitleCompleteHandler(syncer, { lanes: 8, jobLanes: 4 });
    const one = jobOf(12);
    expect((await handler.handle(one.job, context(), one.payload)).progress.done).toBe(12);
    expect(state.most).toBe(4);
    const [a, b] = [jobOf(12), jobOf(12)];
    await Promise.all([handler.handle(a.job, context(), a.payload), handler.handle(b.job, context(), b.payload)]);
    expect(state.most).toBe(8);
  });

  it('stops when the progress cannot be saved, rethrowing an Error as is and wrapping anything else in a typed, retryable error', async () => {
    const handler = new TitleCompleteHandler(countingSyncer().syncer, { lanes: 2 });
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- deliberately any value, as a dependency may reject with one
    const saveFails = (thrown: unknown): JobContext => ({ ...context(), report: () => Promise.reject(thrown) });
    const lost = new Error('database gone');
    const first = jobOf(3);
    await expect(handler.handle(first.job, saveFails(lost), first.payload)).rejects.toBe(lost);
    const second = jobOf(3);
    const failure: unknown = await handler.handle(second.job, saveFails('not an error'), second.payload).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'PROGRESS_NOT_SAVED', retryable: true, cause: 'not an error' });
  });
});
