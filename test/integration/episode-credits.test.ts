/** Episode credits name every credited person (EPISODE_CREDITS=all), like the legacy importer; `known` keeps the lighter behaviour. */
import { createColumnCodec } from '../../src/mappers/column-codec';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness } from '../support/sync-harness';

const php = createColumnCodec('php');

type EpisodeCredits = { cast: Array<{ person: number; department: string; acting_job: string }>; crew: Array<Record<string, string | number>> };

describeEachDatabase('episode credits', (t) => {
  async function syncFirstSeason(env: Record<string, string>) {
    const h = await startSyncHarness(t, { env });
    try {
      const result = await h.app.sync.sync('tv', 1399, { images: false, videos: false, seasons: [1] });
      const episode = await t.db(t.table('tmu_tv_series_episodes')).where({ tv_series: result.postId, season_no: 1, episode_no: 1 }).first();
      const payload = (await h.app.tmdb.getSeason(1399, 1)).episodes[0];
      const [{ n }] = await t.db(t.table('tmu_people')).count({ n: '*' });
      return { credits: php.decode(episode.credits) as EpisodeCredits, payload, people: Number(n) };
    } finally {
      await h.close();
    }
  }

  it('makes people posts for everyone an episode credits, in the legacy shape; `known` makes only the series’ own', async () => {
    const known = await syncFirstSeason({ EPISODE_CREDITS: 'known' });
    const all = await syncFirstSeason({ EPISODE_CREDITS: 'all' });
    // People credited only on an episode (not in the series' aggregate credits) exist only with `all`;
    // for Game of Thrones TMDb's aggregate credits already list nearly everyone.
    expect(all.people).toBeGreaterThanOrEqual(known.people);

    expect(all.credits.cast).toHaveLength(all.payload.guest_stars.length);
    expect(all.credits.crew).toHaveLength(all.payload.crew.length);
    expect(all.credits.cast.every((c) => c.department === 'Acting' && Number.isInteger(c.person))).toBe(true);
    for (const entry of all.credits.crew) expect(entry[`${String(entry.department).toLowerCase()}_job`]).toEqual(expect.any(String));
    const credited = [...all.credits.cast.map((c) => c.person), ...all.credits.crew.map((c) => Number(c.person))];
    const rows = await t.db(t.table('tmu_people')).whereIn('ID', credited);
    expect(rows).toHaveLength(new Set(credited).size);
  });
});
