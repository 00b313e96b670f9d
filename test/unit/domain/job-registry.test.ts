import { ValidationError } from '../../../src/errors';
import { DEFAULT_MAX_ATTEMPTS, JOB_REGISTRY, JOB_TYPES, jobInput, jobPriorities, parseJobPayload } from '../../../src/domain/job-registry';
import { retryDelayMs } from '../../../src/domain/retry-policy';
import { tmdbId } from '../../support/factories';

describe('job registry: one entry per job type', () => {
  it('names every job type a handler is bound to, each with a schema, a priority and its attempts', () => {
    expect([...JOB_TYPES].sort()).toEqual(['bulk', 'changes', 'discover', 'import', 'list.refresh', 'people.refresh', 'refresh', 'sync', 'title.complete']);
    for (const type of JOB_TYPES) {
      expect(JOB_REGISTRY[type].maxAttempts).toBeGreaterThanOrEqual(DEFAULT_MAX_ATTEMPTS);
      expect(Number.isInteger(JOB_REGISTRY[type].priority)).toBe(true);
    }
  });

  it('puts a title sync (someone waits for it) ahead of background work', () => {
    const priorities = new Map(jobPriorities());
    for (const type of JOB_TYPES.filter((t) => t !== 'sync')) expect(priorities.get('sync')).toBeLessThan(priorities.get(type) as number);
  });

  it('builds a sync job: object key per title, 5 attempts (a title outlasts a short outage), the delivery kept', () => {
    const id = tmdbId();
    const input = jobInput('sync', { type: 'movie', tmdb_id: id }, { deliveryId: 'd-1' });
    expect(input).toEqual({ type: 'sync', payload: { type: 'movie', tmdb_id: id }, objectKey: `movie:${id}`, maxAttempts: 5, deliveryId: 'd-1' });
  });

  it('gives long jobs more attempts and their queue identity', () => {
    expect(jobInput('changes', {})).toMatchObject({ objectKey: 'changes:auto', maxAttempts: 10 });
    expect(jobInput('refresh', { schedule: 'weekly' })).toMatchObject({ objectKey: 'refresh', maxAttempts: 10, payload: { schedule: 'weekly' } });
    expect(jobInput('bulk', { types: ['tv', 'movie'], limit: 5 })).toMatchObject({ objectKey: 'bulk:movie,tv:5:', maxAttempts: 10 });
    const items = [{ type: 'movie' as const, tmdb_id: tmdbId() }];
    const imported = jobInput('import', { items });
    expect(imported.payload).toEqual({ items, status: 'publish', resync: false });
    expect(imported.objectKey).toMatch(/^import:[0-9a-f]{40}$/);
  });

  it("keeps who asked for a sync or an import, so WordPress shows its log to that user only; one user does not join another's import", () => {
    const id = tmdbId();
    expect(jobInput('sync', { type: 'movie', tmdb_id: id, requested_by: 7 }).payload).toEqual({ type: 'movie', tmdb_id: id, requested_by: 7 });
    const items = [{ type: 'movie' as const, tmdb_id: id }];
    const mine = jobInput('import', { items, status: 'draft', requested_by: 7 });
    expect(mine.payload).toMatchObject({ requested_by: 7 });
    expect(jobInput('import', { items, status: 'draft', requested_by: 8 }).objectKey).not.toBe(mine.objectKey);
    expect(jobInput('import', { items, status: 'draft', requested_by: 7 }).objectKey).toBe(mine.objectKey);
    expect(() => jobInput('sync', { type: 'movie', tmdb_id: id, requested_by: 0 })).toThrow(/invalid sync payload/);
  });

  it('lets the caller name the object (a discovery) or none (a random pick)', () => {
    expect(jobInput('discover', { keyword: 'heist' }, { objectKey: 'discover:movie:heist:' }).objectKey).toBe('discover:movie:heist:');
    expect(jobInput('discover', { keyword: 'heist', random: true }, { objectKey: null }).objectKey).toBeNull();
    expect(jobInput('list.refresh', { list_id: 7 }).objectKey).toBe('list:7');
    expect(jobInput('people.refresh', { ids: [1, 2] })).toMatchObject({ objectKey: null, payload: { ids: [1, 2], portraits: [] } });
  });

  it("queues one title.complete per title, parent job first in the stored payload, with a title's attempts", () => {
    const id = tmdbId();
    const input = jobInput('title.complete', { type: 'tv', tmdb_id: id, parent_job: 42, options: { videos: false } });
    expect(input).toMatchObject({ objectKey: `complete:tv:${id}`, maxAttempts: 5 });
    // The import screen finds an import's completions by this prefix of the stored JSON.
    expect(JSON.stringify(input.payload).startsWith('{"parent_job":42,')).toBe(true);
    expect(() => jobInput('title.complete', { type: 'person' as 'movie', tmdb_id: id, parent_job: 42 })).toThrow(/invalid title.complete payload/);
    // Follow-up work: after the imports and bulks that make it.
    expect(JOB_REGISTRY['title.complete'].priority).toBeGreaterThan(JOB_REGISTRY.import.priority);
    expect(JOB_REGISTRY['people.refresh'].priority).toBe(JOB_REGISTRY['title.complete'].priority);
  });

  it('refuses a bad payload at enqueue, naming the field', () => {
    const bad = () => jobInput('sync', { type: 'movie', tmdb_id: -1 });
    expect(bad).toThrow(ValidationError);
    expect(bad).toThrow(/invalid sync payload/);
    try {
      bad();
    } catch (error) {
      expect((error as ValidationError).field).toBe('tmdb_id');
    }
  });

  it('checks a stored payload again for the worker: typed, or the message the job fails with', () => {
    const id = tmdbId();
    expect(parseJobPayload('sync', { type: 'tv', tmdb_id: id, options: { seasons: [1] } })).toEqual({
      ok: true,
      payload: { type: 'tv', tmdb_id: id, options: { seasons: [1] } },
    });
    const refused = parseJobPayload('sync', { type: 'film', tmdb_id: id });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toMatch(/^invalid payload: /);
    expect(parseJobPayload('list.refresh', { slug: 'heists-3' })).toEqual({ ok: true, payload: { slug: 'heists-3' } });
  });
});

describe('retryDelayMs: the one backoff', () => {
  it('doubles per retry, with jitter between half and all of it', () => {
    expect(retryDelayMs(0, 1000, () => 0)).toBe(500);
    expect(retryDelayMs(0, 1000, () => 0.999)).toBeCloseTo(999.5);
    expect(retryDelayMs(3, 1000, () => 0)).toBe(4000);
    expect(retryDelayMs(3, 1000, () => 1)).toBe(8000);
  });
});
