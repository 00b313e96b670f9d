/** TmdbClient against the stand-in: the requests it sends, what it caches, and the English fallback. */
import sharp from 'sharp';
import { TmdbNotFoundError } from '../../src/errors';
import { MemoryApiCache } from '../../src/clients/tmdb/api-cache';
import { APPEND_TO_RESPONSE } from '../../src/clients/tmdb/tmdb.schema';
import type { TmdbStandin } from '../../tools/tmdb-standin/tmdb-standin.server';
import { hits, useTmdbClientKit, V3_KEY } from '../support/tmdb-standin/tmdb-client-kit';

const { standin, client } = useTmdbClientKit();

/** Records what the client stores, and with which TTL. */
class RecordingCache extends MemoryApiCache {
  readonly writes: Array<{ key: string; ttl: number }> = [];
  override async set(key: string, body: string, ttl: number): Promise<void> {
    this.writes.push({ key, ttl });
    return super.set(key, body, ttl);
  }
}

describe('TmdbClient against the stand-in', () => {
  let s: TmdbStandin;
  beforeAll(async () => {
    s = await standin();
  });
  beforeEach(() => {
    s.clearFaults();
    s.resetStats();
    s.setLatency(0);
  });

  it('fetches validated details with one append_to_response request, the v3 key in the query', async () => {
    const movie = await client(s).getMovie(550);
    expect(movie.title).toBe('Fight Club');
    expect(movie.credits?.cast.length).toBeGreaterThan(10);
    expect(movie.videos?.results.length).toBeGreaterThan(0);
    expect(movie.external_ids?.imdb_id).toBe('tt0137523');
    const [req] = s.requestLog();
    expect(req.query).toEqual({ append_to_response: APPEND_TO_RESPONSE.movie, include_image_language: 'en,null', language: 'en-US' });
    expect(req.credential).toBe('api_key');
  });

  it('fetches series, seasons and people, including synthesized ones', async () => {
    const c = client(s);
    const tv = await c.getTv(1399);
    expect(tv.aggregate_credits?.cast.length).toBeGreaterThan(100);
    const season = await c.getSeason(1399, 8);
    expect(season.episodes).toHaveLength(tv.seasons.find((x) => x.season_number === 8)?.episode_count ?? -1);
    const person = await c.getPerson(287);
    // A person's filmography is not asked for: nothing reads it, and it is most of the answer.
    expect(person.external_ids).toBeDefined();
    expect(person).not.toHaveProperty('combined_credits');
    expect((await c.getMovie(424242)).title).toBe('Synthetic Movie 424242');
    expect(s.requestLog().find((r) => r.path === '/3/tv/1399')?.query.append_to_response).toBe(APPEND_TO_RESPONSE.tv);
    expect(s.requestLog().find((r) => r.path === '/3/person/287')?.query.append_to_response).toBe(APPEND_TO_RESPONSE.person);
  });

  it('covers search, keywords, configuration, genres, changes, discover and credential checks', async () => {
    const c = client(s);
    expect((await c.search('fight club', 'movie')).results.map((r) => r.id)).toContain(550);
    const keyword = (await c.searchKeyword('dragon')).results[0];
    expect(keyword.name).toMatch(/dragon/i);
    expect((await c.discover('movie', { with_keywords: keyword.id })).results.length).toBeGreaterThan(0);
    expect((await c.getConfiguration()).images.poster_sizes).toContain('w500');
    expect((await c.getGenres('movie')).genres.length).toBeGreaterThan(10);
    s.setChanges('movie', [550, 603]);
    const changes = await c.getChanges('movie', { startDate: '2024-03-01', endDate: '2024-03-10' });
    expect(changes.results.map((r) => r.id)).toEqual([550, 603]);
    await expect(c.validateCredentials()).resolves.toBeUndefined();
  });

  it('downloads images of the requested size (through their own connection cap)', async () => {
    const c = client(s);
    expect(c.imageUrl('w500', '/poster.jpg')).toBe(`${s.imageBaseUrl}/w500/poster.jpg`);
    s.injectFaults([{ match: '/t/p/w780/', kind: '503', times: 1 }]);
    const poster = await c.downloadImage('w780', '/synthetic-movie-1-poster.jpg');
    expect(await sharp(poster).metadata()).toMatchObject({ width: 780, height: 1170, format: 'jpeg' });
    expect(s.stats().byPath['/t/p/w780/synthetic-movie-1-poster.jpg']).toBe(2);
    await expect(c.downloadImage('w500', '/no-such-format.bin')).rejects.toBeInstanceOf(TmdbNotFoundError);
  });

  describe('caching', () => {
    it('answers repeated calls from the cache, with no request', async () => {
      const c = client(s);
      const first = await c.getMovie(550);
      const second = await c.getMovie(550);
      expect(second).toEqual(first);
      expect(hits(s, '/movie/550')).toBe(1);
      await c.getMovie(550, { fresh: true });
      expect(hits(s, '/movie/550')).toBe(2);
    });

    it('keys by path and sorted query without credentials; 3600 s for details, 86400 s for configuration and genres', async () => {
      const cache = new RecordingCache();
      const c = client(s, { cache });
      await c.getMovie(603);
      await c.search('matrix', 'movie');
      await c.getConfiguration();
      await c.getGenres('tv');
      await c.getChanges('tv', { startDate: '2024-01-01', endDate: '2024-01-02' });
      expect(cache.writes).toEqual([
        { key: expect.stringMatching(/^\/movie\/603\?append_to_response=.*&include_image_language=en%2Cnull&language=en-US$/), ttl: 3600 },
        { key: '/search/movie?include_adult=false&language=en-US&page=1&query=matrix', ttl: 3600 },
        { key: '/configuration', ttl: 86400 },
        { key: '/genre/tv/list?language=en-US', ttl: 86400 },
      ]);
      expect(JSON.stringify(cache.writes)).not.toContain(V3_KEY);
    });

    it('shares one request among concurrent identical calls', async () => {
      s.setLatency(50);
      const c = client(s);
      const results = await Promise.all([c.getTv(1396), c.getTv(1396), c.getTv(1396)]);
      expect(results[2].name).toBe('Breaking Bad');
      expect(hits(s, '/tv/1396')).toBe(1);
    });
  });

  describe('language fallback', () => {
    it('fills empty translated fields from en-US with one extra request, keeping the translations it got', async () => {
      const c = client(s);
      const english = await c.getTv(1399);
      s.resetStats();
      const german = await c.getTv(1399, { language: 'de-DE' });
      expect(german.overview).toBe('Die Handlung ist in einer fiktiven Welt angesiedelt.');
      expect(german.tagline).toBe(english.tagline);
      expect(german.tagline).toBeTruthy();
      expect(german.seasons[1].overview).toBe(english.seasons[1].overview);
      // One translated request with appends, one en-US request for text only.
      expect(s.requestLog().map((r) => [r.query.language, r.query.append_to_response])).toEqual([
        ['de-DE', APPEND_TO_RESPONSE.tv],
        ['en-US', undefined],
      ]);
    });

    it('fills movie, season episode and person texts field by field', async () => {
      const c = client(s);
      const alien = await c.getMovie(348, { language: 'fr-FR' });
      expect(alien.overview).toMatch(/commercial/i);
      expect(hits(s, '/movie/348')).toBe(2);
      expect(s.requestLog().map((r) => r.query.language)).toEqual(['fr-FR', 'en-US']);
      const season = await c.getSeason(1399, 1, { language: 'fr-FR' });
      expect(season.episodes.every((e) => (e.overview ?? '').length > 0)).toBe(true);
      expect((await c.getPerson(287, { language: 'de-DE' })).biography).toMatch(/Pitt/);
    });
  });
});
