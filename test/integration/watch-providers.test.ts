/**
 * Where to watch: the details request carries TMDb's watch providers (no extra request), the
 * sync fills streaming_platforms for the region the plugin pushed (else WATCH_REGION, else US),
 * an edited list stays the editor's with TMDb's beside it, and the stand-in answers the route.
 */
import { hostileRewrite, HOSTILE_PAYLOADS } from '../../tools/tmdb-standin/hostile-text';
import { createColumnCodec } from '../../src/mappers/column-codec';
import { encodeHtmlText } from '../../src/mappers/tmdb-text.mapper';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';

const php = createColumnCodec('php');
const LEAN = { images: false, videos: false, credits: false, seasons: 'none' } as const;

describeEachDatabase('where to watch', (t) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(t);
  });
  afterAll(async () => h?.close());

  const stored = async (table: string, id: number) =>
    php.decode((await t.db(t.table(table)).where({ ID: id }).first()).streaming_platforms) as Array<{ name: string; url: string | null }>;

  it('answers /movie/{id}/watch/providers and /tv/{id}/watch/providers from recordings', async () => {
    const get = async (path: string) => (await fetch(`${h.standin.url}${path}?api_key=${h.standin.apiKey}`)).json();
    expect(await get('/movie/550/watch/providers')).toMatchObject({ id: 550, results: { US: { flatrate: [{ provider_name: 'Netflix' }] } } });
    expect(await get('/tv/1399/watch/providers')).toMatchObject({ id: 1399, results: { US: { flatrate: [{ provider_name: 'HBO Max' }] } } });
  });

  it('fills streaming_platforms for US by default, from the one details request', async () => {
    h.standin.resetStats();
    const { postId } = await h.app.sync.sync('movie', 550, { ...LEAN, fresh: true });
    expect(await stored('tmu_movies', postId)).toEqual([{ name: 'Netflix', url: 'https://www.themoviedb.org/movie/550/watch?locale=US' }]);
    const movieRequests = h.standin.requestLog().filter((r) => r.path.startsWith('/3/movie/550'));
    expect(movieRequests.map((r) => r.path)).toEqual(['/3/movie/550']);
    expect(String(movieRequests[0].query.append_to_response).split(',')).toContain('watch/providers');
  });

  it('follows the region the plugin pushes, and keeps an edited list with TMDb’s beside it', async () => {
    expect((await h.app.webhooks.handle({ event: 'settings.updated', watch_region: 'GB' }, null)).body).toMatchObject({ applied: ['watch_region'], column_format: 'php' });
    const { postId } = await h.app.sync.sync('drama', 1396, LEAN);
    const gb = await stored('tmu_dramas', postId);
    expect(gb.length).toBeGreaterThan(0);
    expect(gb.every((l) => l.url?.endsWith('locale=GB'))).toBe(true);

    const edited = [{ name: 'Our own cinema', url: 'https://example.org/breaking-bad' }, ...gb.slice(1)];
    await t
      .db(t.table('tmu_dramas'))
      .where({ ID: postId })
      .update({ streaming_platforms: php.encode(edited) });
    await h.app.sync.sync('drama', 1396, LEAN);
    expect(await stored('tmu_dramas', postId)).toEqual(edited);
    const print = await t.db(t.table('tmu_sync_fingerprints')).where({ object_type: 'drama', object_id: postId, field: 'streaming_platforms' }).first();
    expect(php.decode(print.tmdb_value)).toEqual(gb);
  });

  it('keeps hostile provider names as text', async () => {
    await h.app.webhooks.handle({ event: 'settings.updated', watch_region: 'US' }, null);
    h.standin.setRewrite(hostileRewrite());
    try {
      const { postId } = await h.app.sync.sync('movie', 550, { ...LEAN, fresh: true });
      const [netflix] = await stored('tmu_movies', postId);
      expect(netflix.name).toContain(encodeHtmlText(HOSTILE_PAYLOADS[1]));
      expect(netflix.name).not.toMatch(/<img/);
    } finally {
      h.standin.setRewrite(null);
    }
  });
});
