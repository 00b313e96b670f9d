/**
 * Columns written by a real sync, read back by PHP's own unserialize() (needs the php
 * binary, hence the e2e suite): what the legacy templates get must be the legacy arrays.
 */
import { execFileSync } from 'node:child_process';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';

function phpUnserializeToJson(serialized: string): unknown {
  const out = execFileSync('php', ['-r', 'echo json_encode(unserialize(stream_get_contents(STDIN)));'], { input: serialized });
  return JSON.parse(out.toString('utf8'));
}

describeEachDatabase('PHP reads the columns a sync wrote', (t) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(t);
    await h.app.sync.sync('movie', 550);
    await h.app.sync.sync('tv', 1399, { credits: false });
  });
  afterAll(async () => h?.close());

  it('unserializes star cast, images, video data and seasons into the legacy arrays', async () => {
    const movie = await t.db(t.table('tmu_movies')).where({ tmdb_id: 550 }).first();
    const stars = phpUnserializeToJson(movie.star_cast) as Array<Record<string, unknown>>;
    expect(stars).toHaveLength(4);
    expect(stars[0]).toEqual({ person: expect.any(Number), character: 'Narrator' });
    const images = phpUnserializeToJson(movie.images) as number[];
    expect(images.length).toBeGreaterThan(0);
    expect(images.every((id) => Number.isInteger(id))).toBe(true);
    const video = await t.db(t.table('tmu_videos')).where({ post_id: movie.ID }).first();
    expect(phpUnserializeToJson(video.video_data)).toEqual({ source: expect.any(String), content_type: expect.any(String) });
    const series = await t.db(t.table('tmu_tv_series')).where({ tmdb_id: 1399 }).first();
    const seasons = phpUnserializeToJson(series.seasons) as string[];
    expect(seasons).toHaveLength(8);
    expect(seasons.every((id) => /^\d+$/.test(id))).toBe(true);
  });
});
