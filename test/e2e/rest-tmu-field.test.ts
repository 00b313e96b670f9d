/**
 * The `tmu` REST field (docs/rest.md) on a real WordPress 6.1 + MariaDB with the plugin, the sidecar and
 * the TMDb stand-in serving its hostile catalogue: Fight Club, Game of Thrones' first season and a
 * drama's are synced in the php column format, then again in the json format. Every TMU post type
 * answers the same shape in both; TMDb text is HTML-safe text; drafts stay out of public answers;
 * `_fields` without `tmu` reads nothing for it; a page of 100 movies costs the queries of a page of 10
 * (a mu-plugin counts every query of a request through the `query` filter).
 */
import { hostileRewrite } from '../../tools/tmdb-standin/hostile-text';
import { FullStack, startFullStack } from './support/full-stack';
import { Answer, cloneMovie, EMBED, installQueryCounter, ISO_DATE, KIND, PostType, strings, Tmu, TYPES } from './support/rest-tmu-fixtures';

jest.setTimeout(900_000);

const MOVIE = 550;
const SERIES = 1399;
const DRAMA = 96677;

describe('the tmu REST field', () => {
  let s: FullStack;
  const ids: Partial<Record<PostType, number>> = {};
  /** Anonymous answers in the php format, by post type. */
  const phpAnswers: Partial<Record<PostType, Tmu>> = {};

  beforeAll(async () => {
    s = await startFullStack({ wpPort: 18161, sidecarPort: 18861, dbName: `tmu_e2e_rest_e_${process.pid}`, env: { TMU_COLUMN_FORMAT: 'php' } });
    installQueryCounter(s.wp.wpDir);
    s.standin.setRewrite(hostileRewrite());
  });
  afterAll(async () => s?.close());

  const table = (name: string) => `${s.wp.tablePrefix}${name}`;

  /** A REST GET with the query counts; anonymous unless `admin`. */
  async function get(route: string, query: Record<string, string | number> = {}, admin = false): Promise<Answer> {
    const res = await fetch(s.wp.restUrl(route, query), { headers: { Accept: 'application/json', ...(admin ? { Authorization: s.wp.authHeader } : {}) } });
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // A PHP fatal stays as text for the assertion message.
    }
    return { status: res.status, body, queries: Number(res.headers.get('x-e2e-queries')), tmuQueries: Number(res.headers.get('x-e2e-tmu-queries')) };
  }

  async function tmuOf(type: PostType, id: number, query: Record<string, string | number> = {}, admin = false): Promise<Tmu> {
    const res = await get(`/wp/v2/${type}/${id}`, { _fields: 'id,tmu', ...query }, admin);
    expect(res.status).toBe(200);
    expect(res.body.tmu).toBeTruthy();
    return res.body.tmu as Tmu;
  }

  async function syncAll(): Promise<void> {
    await s.app.sync.sync('movie', MOVIE, { seasons: 'none' });
    await s.app.sync.sync('tv', SERIES, { images: false, credits: false, seasons: [1] });
    await s.app.sync.sync('drama', DRAMA, { images: false, videos: false, seasons: [1] });
    await s.waitForIdle();
  }

  async function answers(): Promise<Partial<Record<PostType, Tmu>>> {
    const all: Partial<Record<PostType, Tmu>> = {};
    for (const type of TYPES) all[type] = await tmuOf(type, ids[type] as number);
    return all;
  }

  it('syncs a movie, a series and a drama in the php format', async () => {
    await syncAll();
    const first = async (name: string, where: Record<string, unknown>, column = 'ID'): Promise<number> =>
      Number((await s.app.db(table(name)).where(where).orderBy('ID').first(column))[column]);
    ids.movie = await first('tmu_movies', { tmdb_id: MOVIE });
    ids.tv = await first('tmu_tv_series', { tmdb_id: SERIES });
    ids.drama = await first('tmu_dramas', { tmdb_id: DRAMA });
    ids.season = await first('tmu_tv_series_seasons', { tv_series: ids.tv, season_no: 1 });
    ids.episode = await first('tmu_tv_series_episodes', { tv_series: ids.tv, season_no: 1, episode_no: 1 });
    ids['drama-episode'] = await first('tmu_dramas_episodes', { dramas: ids.drama });
    ids.people = await first('tmu_movies_cast', { movie: ids.movie }, 'person');
    ids.video = await first('tmu_videos', { post_id: ids.movie });
    expect(Object.values(ids).every((id) => Number.isInteger(id) && id > 0)).toBe(true);
    const starCast = String((await s.app.db(table('tmu_movies')).where({ ID: ids.movie }).first('star_cast')).star_cast);
    expect(starCast.startsWith('a:')).toBe(true);
    Object.assign(phpAnswers, await answers());
  });

  it('declares every key it answers in the schema, for every post type', async () => {
    for (const type of TYPES) {
      const res = await fetch(s.wp.restUrl(`/wp/v2/${type}`), { method: 'OPTIONS', headers: { Accept: 'application/json' } });
      const schema = (await res.json()) as any;
      const field = schema.schema.properties.tmu;
      expect(field.context).toEqual(['view', 'edit', 'embed']);
      const keys = Object.keys(phpAnswers[type] as Tmu);
      expect(keys.filter((key) => !(key in field.properties))).toEqual([]);
      expect((phpAnswers[type] as Tmu).kind).toBe(KIND[type]);
    }
  });

  it('answers a movie with typed values, its cast and crew, videos, images and terms', async () => {
    const movie = phpAnswers.movie as Tmu;
    expect(movie.tmdb_id).toBe(MOVIE);
    expect(Number.isInteger(movie.runtime) && movie.runtime > 0).toBe(true);
    expect(movie.release_date).toMatch(ISO_DATE);
    expect(typeof movie.rating.average).toBe('number');
    expect(Number.isInteger(movie.rating.count)).toBe(true);
    expect(Number.isInteger(movie.budget)).toBe(true);
    expect(movie.poster.id).toBeGreaterThan(0);
    expect(movie.poster.sizes.full).toMatch(/^https?:\/\//);
    expect(movie.images.length).toBeGreaterThan(0);
    expect(movie.cast.length).toBeGreaterThan(3);
    for (const [index, credit] of movie.cast.entries()) {
      expect(Number.isInteger(credit.person_id)).toBe(true);
      expect(typeof credit.name).toBe('string');
      expect(credit.department).toBe('Acting');
      expect(credit.link.startsWith(s.wp.url)).toBe(true);
      if (index > 0) expect(credit.order).toBeGreaterThan(movie.cast[index - 1].order);
    }
    expect(movie.cast[0].person_id).toBe(ids.people);
    expect(movie.cast.some((credit: Tmu) => credit.profile && typeof credit.profile.full === 'string')).toBe(true);
    expect(movie.crew.length).toBeGreaterThan(0);
    expect(movie.crew.every((credit: Tmu) => typeof credit.job === 'string' && typeof credit.department === 'string')).toBe(true);
    expect(movie.videos.length).toBeGreaterThan(0);
    expect(movie.videos.every((video: Tmu) => EMBED.test(video.embed_url) && ['YouTube', 'Vimeo'].includes(video.site))).toBe(true);
    expect(movie.videos.map((video: Tmu) => video.id)).toContain(ids.video);
    for (const key of ['genres', 'countries', 'languages', 'years', 'keywords']) expect(Array.isArray(movie[key])).toBe(true);
    expect(movie.genres.length).toBeGreaterThan(0);
    expect(Object.keys(movie.genres[0]).sort()).toEqual(['id', 'link', 'name', 'slug']);
    expect(movie.years.map((term: Tmu) => term.name)).toContain(movie.release_date.slice(0, 4));
  });

  it('answers a series, a drama, a season and episodes with their ids, links and names', async () => {
    const tv = phpAnswers.tv as Tmu;
    expect(tv.seasons).toHaveLength(1);
    expect(tv.seasons[0]).toMatchObject({ id: ids.season, number: 1 });
    expect(tv.seasons[0].episodes).toHaveLength(10);
    expect(tv.seasons[0].episodes[0]).toMatchObject({ id: ids.episode, number: 1 });
    expect(
      tv.seasons[0].episodes.every((e: Tmu) => typeof e.name === 'string' && typeof e.overview === 'string' && ISO_DATE.test(e.air_date) && e.link.startsWith(s.wp.url)),
    ).toBe(true);
    expect(typeof tv.finished).toBe('boolean');
    expect(Array.isArray(tv.networks)).toBe(true);

    const season = phpAnswers.season as Tmu;
    expect(season).toMatchObject({ number: 1, series: { id: ids.tv } });
    expect(season.episodes.map((e: Tmu) => e.id)).toEqual(tv.seasons[0].episodes.map((e: Tmu) => e.id));

    const episode = phpAnswers.episode as Tmu;
    expect(episode).toMatchObject({ number: 1, season_number: 1, series: { id: ids.tv }, season: { id: ids.season, number: 1 } });
    expect(typeof episode.name).toBe('string');
    expect(typeof episode.overview).toBe('string');
    expect(episode.air_date).toMatch(ISO_DATE);
    expect(Array.isArray(episode.cast) && Array.isArray(episode.crew)).toBe(true);

    const drama = phpAnswers.drama as Tmu;
    // A drama's seasons have no post: they come from the episodes' numbers.
    expect(drama.seasons[0]).toMatchObject({ id: null, number: 1, link: null });
    expect(drama.cast.length).toBeGreaterThan(0);
    expect(drama.seasons.flatMap((x: Tmu) => x.episodes).map((e: Tmu) => e.id)).toContain(ids['drama-episode']);
    expect(phpAnswers['drama-episode']).toMatchObject({ series: { id: ids.drama } });
  });

  it('answers a person with a filmography, and a video with its player and title', async () => {
    const person = phpAnswers.people as Tmu;
    expect(typeof person.name).toBe('string');
    expect(person.filmography.map((f: Tmu) => f.post_id)).toContain(ids.movie);
    const credit = person.filmography.find((f: Tmu) => f.post_id === ids.movie);
    expect(credit).toMatchObject({ kind: 'movie', year: Number((phpAnswers.movie as Tmu).release_date.slice(0, 4)) });
    expect(credit.link.startsWith(s.wp.url)).toBe(true);
    const video = phpAnswers.video as Tmu;
    expect(video.video.embed_url).toMatch(EMBED);
    expect(video.parent.id).toBe(ids.movie);
  });

  it('answers TMDb text as HTML-safe text: no markup anywhere, the words as entities', async () => {
    for (const type of TYPES) {
      const text = strings(phpAnswers[type]);
      expect(text.filter((t) => /[<>]/.test(t))).toEqual([]);
    }
    const movie = phpAnswers.movie as Tmu;
    expect(movie.title).toContain('&lt;script&gt;');
    expect(movie.cast[0].character).toContain('&lt;');
    expect(movie.homepage).toBeNull();
    expect((phpAnswers.episode as Tmu).overview).toContain('&lt;');
  });

  it('answers the same shape after a switch to the json format', async () => {
    await s.restartSidecar({ TMU_COLUMN_FORMAT: 'json' });
    await syncAll();
    const row = await s.app.db(table('tmu_movies')).where({ ID: ids.movie }).first('star_cast', 'images');
    expect(String(row.star_cast).startsWith('[')).toBe(true);
    expect(String(row.images).startsWith('[')).toBe(true);
    const episodeCredits = await s.app.db(table('tmu_tv_series_episodes')).where({ ID: ids.episode }).first('credits');
    expect(String(episodeCredits.credits).startsWith('{')).toBe(true);
    const jsonAnswers = await answers();
    expect(jsonAnswers).toEqual(phpAnswers);
    // An episode's own guest stars and crew (its credits column), every person published.
    let credited = 0;
    for (const [type, name] of [
      ['episode', 'tmu_tv_series_episodes'],
      ['drama-episode', 'tmu_dramas_episodes'],
    ] as const) {
      const group = JSON.parse(String((await s.app.db(table(name)).where({ ID: ids[type] }).first('credits')).credits));
      const answer = jsonAnswers[type] as Tmu;
      expect(answer.cast.map((c: Tmu) => c.person_id)).toEqual(group.cast.map((c: Tmu) => c.person));
      expect(answer.crew.map((c: Tmu) => c.person_id)).toEqual(group.crew.map((c: Tmu) => c.person));
      credited += group.cast.length + group.crew.length;
    }
    expect(credited).toBeGreaterThan(0);
  });

  it('leaves drafts out of public answers', async () => {
    const person = ids.people as number;
    const setStatus = async (type: string, id: number, status: string) => {
      const res = await s.api('POST', `/wp/v2/${type}/${id}`, { body: { status } });
      expect(res.status).toBe(200);
      // Answers to writes carry no data: it is read for GET only.
      expect(res.body.tmu).toBeNull();
    };

    await setStatus('people', person, 'draft');
    expect((await tmuOf('movie', ids.movie as number)).cast.map((c: Tmu) => c.person_id)).not.toContain(person);
    expect((await tmuOf('movie', ids.movie as number, { context: 'edit' }, true)).cast.map((c: Tmu) => c.person_id)).toContain(person);
    await setStatus('people', person, 'publish');

    await setStatus('season', ids.season as number, 'draft');
    expect((await tmuOf('tv', ids.tv as number)).seasons).toEqual([]);
    expect((await tmuOf('episode', ids.episode as number)).season).toBeNull();
    expect((await get(`/wp/v2/season/${ids.season}`)).status).toBe(401);
    await setStatus('season', ids.season as number, 'publish');

    // A draft title crediting a published person: not in the person's public filmography.
    const draft = await cloneMovie(s, ids.movie as number, 'draft', 'draft-copy');
    expect((await get(`/wp/v2/movie/${draft}`)).status).toBe(401);
    expect((await tmuOf('people', person)).filmography.map((f: Tmu) => f.post_id)).not.toContain(draft);
    expect((await tmuOf('people', person, { context: 'edit' }, true)).filmography.map((f: Tmu) => f.post_id)).toContain(draft);
    expect((await get('/wp/v2/movie', { per_page: 100, _fields: 'id,tmu' })).body.map((m: Tmu) => m.id)).not.toContain(draft);
  });

  it('reads nothing for tmu when _fields leaves it out, and leaves the lists out of embeds', async () => {
    const without = await get('/wp/v2/movie', { per_page: 20, _fields: 'id,title' });
    expect(without.status).toBe(200);
    expect(without.body.every((m: Tmu) => !('tmu' in m))).toBe(true);
    expect(without.tmuQueries).toBe(0);
    const withTmu = await get('/wp/v2/movie', { per_page: 20, _fields: 'id,tmu' });
    expect(withTmu.tmuQueries).toBeGreaterThan(0);
    const nested = await get(`/wp/v2/movie/${ids.movie}`, { _fields: 'tmu.runtime,tmu.cast' });
    expect(Object.keys(nested.body.tmu).sort()).toEqual(['cast', 'runtime']);
    const embed = await get(`/wp/v2/movie/${ids.movie}`, { context: 'embed', _fields: 'id,tmu' });
    expect(embed.body.tmu).toMatchObject({ kind: 'movie', runtime: (phpAnswers.movie as Tmu).runtime });
    expect(embed.body.tmu.cast).toBeUndefined();
  });

  it('reads rows written by the legacy plugin and by the newer theme alike', async () => {
    const legacy = await cloneMovie(s, ids.movie as number, 'publish', 'legacy');
    const theme = await cloneMovie(s, ids.movie as number, 'publish', 'theme');
    const rows = s.app.db(table('tmu_movies'));
    await rows
      .clone()
      .where({ ID: legacy })
      .update({ production_companies: null, production_house: 'Fox 2000 Pictures, Regency Enterprises', release_date: null, release_timestamp: 940_000_000 });
    await rows.clone().where({ ID: theme }).update({ production_companies: null, production_house: '[{"name":"Fox 2000 Pictures"},{"name":"Regency Enterprises"}]' });
    for (const id of [legacy, theme]) expect((await tmuOf('movie', id)).production_companies).toEqual(['Fox 2000 Pictures', 'Regency Enterprises']);
    expect((await tmuOf('movie', legacy)).release_date).toBe('1999-10-15');
  });

  it('answers 100 movies in as many queries as 10', async () => {
    for (let i = 0; i < 110; i += 1) await cloneMovie(s, ids.movie as number, 'publish', `copy-${i}`);
    const page = async (perPage: number, admin: boolean) => {
      const res = await get('/wp/v2/movie', { per_page: perPage, orderby: 'id', order: 'desc', _fields: 'id,tmu', ...(admin ? { context: 'edit' } : {}) }, admin);
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(perPage);
      expect(res.body.every((m: Tmu) => m.tmu.cast.length === (phpAnswers.movie as Tmu).cast.length && m.tmu.poster.id === (phpAnswers.movie as Tmu).poster.id)).toBe(true);
      return res.queries;
    };
    for (const admin of [false, true]) {
      const ten = await page(10, admin);
      const hundred = await page(100, admin);
      const without = await get('/wp/v2/movie', { per_page: 100, orderby: 'id', order: 'desc', _fields: 'id', ...(admin ? { context: 'edit' } : {}) }, admin);
      expect(without.tmuQueries).toBe(0);
      process.stdout.write(
        `tmu REST field (${admin ? 'administrator, edit' : 'anonymous, view'}): ${ten} queries for 10 movies, ${hundred} for 100, ${without.queries} for 100 without tmu\n`,
      );
      expect(ten).toBeGreaterThan(without.queries);
      expect(hundred).toBe(ten);
    }
  });
});
