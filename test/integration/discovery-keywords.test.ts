/**
 * Keyword resolution (exact match, tmu_keywords cache, unknown keywords
 * remembered for a day), adult titles, and random picks from TMDb.
 */
import { ValidationError } from '../../src/errors';
import { KeywordNotFoundError } from '../../src/services/discovery/discovery.errors';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { addDays, discoveryKit, DiscoveryKit, forgetTmdbAnswers, isAdult } from '../support/discovery-harness';

jest.setTimeout(300_000);

describeEachDatabase('keyword discovery', (t) => {
  let h: SyncHarness;
  let k: DiscoveryKit;

  beforeAll(async () => {
    h = await startSyncHarness(t);
    k = discoveryKit(h);
  });
  afterAll(async () => h?.close());

  const keywordRow = (slug: string) => t.db(t.table('tmu_keywords')).where({ slug }).first();

  describe('resolving a keyword', () => {
    it("prefers the exact name match over TMDb's first answer, whatever the case", async () => {
      // The recorded /search/keyword?query=disney lists "disneyland" first and "disney" last.
      const first = (await h.app.tmdb.searchKeyword('disney')).results;
      expect(first[0]).toEqual({ id: 188291, name: 'disneyland' });
      const resolved = await k.keywords.resolve('DISNEY');
      expect(resolved).toEqual({ name: 'disney', slug: 'disney', tmdbKeywordId: 307595 });
      expect(await keywordRow('disney')).toMatchObject({ name: 'disney', tmdb_keyword_id: 307595, not_found_until: null });
    });

    it('takes a slug as well as a name', async () => {
      const resolved = await k.keywords.resolve('walt-disney');
      expect(resolved).toMatchObject({ name: 'walt disney', slug: 'walt-disney', tmdbKeywordId: 301306 });
      expect(k.calls.searchKeyword.at(-1)).toBe('walt disney');
    });

    it('answers from tmu_keywords for 30 days, then (or when asked) from TMDb', async () => {
      k.calls.searchKeyword.length = 0;
      await k.keywords.resolve('Disney');
      k.clock.now = addDays(k.clock.now, 29);
      await k.keywords.resolve('disney');
      expect(k.calls.searchKeyword).toEqual([]);

      await k.keywords.resolve('disney', { refresh: true });
      expect(k.calls.searchKeyword).toEqual(['disney']);
      k.clock.now = addDays(k.clock.now, 31);
      await k.keywords.resolve('disney');
      expect(k.calls.searchKeyword).toEqual(['disney', 'disney']);
      expect(toMillis((await keywordRow('disney')).resolved_at)).toBe(k.clock.now.getTime());
    });

    it('refuses an unknown keyword with a typed error and does not ask again for a day', async () => {
      k.calls.searchKeyword.length = 0;
      const unknown = 'zyxwv unheard of';
      const error = await k.keywords.resolve(unknown).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KeywordNotFoundError);
      expect(error).toMatchObject({ code: 'keyword_not_found', status: 404, field: 'keyword' });
      const row = await keywordRow('zyxwv-unheard-of');
      expect(row.tmdb_keyword_id).toBeNull();
      expect(new Date(toMillis(row.not_found_until)).toISOString()).toBe(addDays(k.clock.now, 1).toISOString());

      k.clock.now = new Date(k.clock.now.getTime() + 23 * 3_600_000);
      await expect(k.keywords.resolve(unknown)).rejects.toMatchObject({ code: 'keyword_not_found' });
      expect(k.calls.searchKeyword).toEqual([unknown]);

      k.clock.now = new Date(k.clock.now.getTime() + 2 * 3_600_000);
      await expect(k.keywords.resolve(unknown)).rejects.toMatchObject({ code: 'keyword_not_found' });
      expect(k.calls.searchKeyword).toEqual([unknown, unknown]);
    });

    it('joins keywords with "," (all) or "|" (any), and refuses a mix', async () => {
      expect(await k.keywords.resolveExpression('disney | plot')).toMatchObject({ withKeywords: '307595|348908', slug: 'disney-plot' });
      expect((await k.keywords.resolveExpression('disney,plot')).withKeywords).toBe('307595,348908');
      await expect(k.keywords.resolveExpression('disney,plot|lost')).rejects.toBeInstanceOf(ValidationError);
    });
  });

  describe('adult titles', () => {
    it('are never asked for nor kept unless the site allows them', async () => {
      const result = await k.discovery.discover({ kind: 'movie', withKeywords: '307595', filters: { include_adult: true }, limit: 40 });
      expect(k.calls.discover.every((c) => c.params.include_adult === false)).toBe(true);
      expect(result.items).toHaveLength(40);
      expect(result.items.filter((i) => isAdult(h, 'movie', i.tmdbId))).toEqual([]);
    });

    it('are dropped even when TMDb ignores include_adult=false', async () => {
      const careless = discoveryKit(h, { rewriteDiscover: (p) => ({ ...p, include_adult: true }) });
      const result = await careless.discovery.discover({ kind: 'movie', withKeywords: '307595', limit: 40 });
      expect(result.skipped.adult).toBeGreaterThan(0);
      expect(result.items.filter((i) => isAdult(h, 'movie', i.tmdbId))).toEqual([]);
    });

    it('appear when ALLOW_ADULT is on and the filter asks for them, not otherwise', async () => {
      const allowed = discoveryKit(h, { allowAdult: true });
      const without = await allowed.discovery.discover({ kind: 'movie', withKeywords: '307595', limit: 40 });
      expect(without.items.filter((i) => isAdult(h, 'movie', i.tmdbId))).toEqual([]);
      const withAdult = await allowed.discovery.discover({ kind: 'movie', withKeywords: '307595', filters: { include_adult: true }, limit: 40 });
      expect(allowed.calls.discover.at(-1)?.params.include_adult).toBe(true);
      expect(withAdult.items.filter((i) => isAdult(h, 'movie', i.tmdbId)).length).toBeGreaterThan(0);
    });
  });

  describe('random picks', () => {
    it('reads total_pages once, then a random page and a random result, and syncs the title', async () => {
      k.calls.discover.length = 0;
      await forgetTmdbAnswers(t);
      const firstPage = await h.app.tmdb.discover('movie', { with_keywords: '348908', include_adult: false, sort_by: 'popularity.desc', page: 1 });
      expect(firstPage.total_pages).toBeGreaterThan(2);
      k.randoms.push(0.99, 0.5);

      const pick = await k.random.pick({ keyword: 'plot' });

      const page = firstPage.total_pages;
      const onPage = (await h.app.tmdb.discover('movie', { with_keywords: '348908', include_adult: false, sort_by: 'popularity.desc', page })).results;
      const chosen = onPage[Math.floor(0.5 * onPage.length)];
      expect(pick).toMatchObject({ source: 'tmdb', tmdbId: chosen.id, page, totalPages: firstPage.total_pages, mediaType: 'movie' });
      expect(k.calls.discover.map((c) => c.params.page)).toEqual([1, page]);
      const row = await t.db(t.table('tmu_movies')).where({ ID: pick.postId }).first();
      expect(Number(row.tmdb_id)).toBe(chosen.id);

      k.randoms.push(0, 0);
      const again = await k.random.pick({ keyword: 'plot' });
      expect(again).toMatchObject({ source: 'tmdb', page: 1 });
      expect(k.calls.discover.map((c) => c.params.page)).toEqual([1, page, 1]);
    });
  });
});

function toMillis(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  const s = String(value);
  return /^\d+$/.test(s) ? Number(s) : Date.parse(/Z$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
}
