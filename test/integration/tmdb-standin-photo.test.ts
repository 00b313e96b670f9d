/** The stand-in's image CDN with `images: 'photo'`: pictures that weigh like TMDb's, the same bytes for a path each time. */
import sharp from 'sharp';
import { startTmdbStandin, TmdbStandin } from '../../tools/tmdb-standin/tmdb-standin.server';

describe('TMDb stand-in: photo-like images', () => {
  let photo: TmdbStandin;
  let flat: TmdbStandin;

  beforeAll(async () => {
    photo = await startTmdbStandin({ images: 'photo' });
    flat = await startTmdbStandin();
  });
  afterAll(async () => {
    await photo?.close();
    await flat?.close();
  });

  const get = async (s: TmdbStandin, size: string, file: string) => {
    const res = await fetch(`${s.imageBaseUrl}/${size}${file}`);
    return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
  };

  it('serves a w500 poster and a w1280 backdrop at TMDb sizes and weights; the flat default stays tiny', async () => {
    const poster = await get(photo, 'w500', '/synthetic-movie-77-poster.jpg');
    const backdrop = await get(photo, 'w1280', '/synthetic-movie-77-backdrop.jpg');
    expect([poster.status, poster.type]).toEqual([200, 'image/jpeg']);
    expect(await sharp(poster.body).metadata()).toMatchObject({ width: 500, height: 750, format: 'jpeg' });
    expect(await sharp(backdrop.body).metadata()).toMatchObject({ width: 1280, height: 720 });
    expect(poster.body.length).toBeGreaterThan(0.1 * 500 * 750);
    expect(backdrop.body.length).toBeGreaterThan(0.1 * 1280 * 720);
    expect((await get(flat, 'w500', '/synthetic-movie-77-poster.jpg')).body.length).toBeLessThan(0.02 * 500 * 750);
  });

  it('answers a path with the same bytes again, and 404s a size TMDb does not serve', async () => {
    const first = await get(photo, 'h632', '/synthetic-person-700000001-profile.jpg');
    const again = await get(photo, 'h632', '/synthetic-person-700000001-profile.jpg');
    expect(first.body.equals(again.body)).toBe(true);
    expect((await get(photo, 'q10', '/synthetic-movie-77-poster.jpg')).status).toBe(404);
  });
});
