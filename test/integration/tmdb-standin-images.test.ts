/** The TMDb stand-in's image CDN (/t/p/<size>/<file>): real images of TMDb's sizes. */
import sharp from 'sharp';
import type { TmdbStandin } from '../../tools/tmdb-standin/tmdb-standin.server';
import { standinsClosedAfterAll } from '../support/tmdb-standin/standin-request-kit';

const standin = standinsClosedAfterAll();

describe('TMDb stand-in: images', () => {
  let s: TmdbStandin;
  beforeAll(async () => {
    s = await standin();
  });

  it.each([
    ['w500', '/synthetic-movie-1-poster.jpg', 500, 750, 'jpeg'],
    ['h632', '/profile-face.png', 421, 632, 'png'],
    ['w1280', '/synthetic-movie-1-backdrop.jpg', 1280, 720, 'jpeg'],
    ['w300', '/synthetic-tv-1-s1e1-still.jpg', 300, 169, 'jpeg'],
    ['original', '/xyz.jpg', 2000, 3000, 'jpeg'],
  ])('GET /t/p/%s%s is a real image of that size', async (size, file, width, height, format) => {
    const res = await fetch(`${s.imageBaseUrl}/${size}${file}`);
    expect(res.status).toBe(200);
    const buf = Buffer.from(await res.arrayBuffer());
    expect(await sharp(buf).metadata()).toMatchObject({ width, height, format });
  });

  it('serves the same bytes again from its cache, counts image requests, and 404s unknown sizes', async () => {
    s.resetStats();
    const a = Buffer.from(await (await fetch(`${s.imageBaseUrl}/w185/abc.png`)).arrayBuffer());
    const b = Buffer.from(await (await fetch(`${s.imageBaseUrl}/w185/abc.png`)).arrayBuffer());
    expect(a.equals(b)).toBe(true);
    expect(s.stats().byPath['/t/p/w185/abc.png']).toBe(2);
    expect((await fetch(`${s.imageBaseUrl}/huge/abc.png`)).status).toBe(404);
  });
});
