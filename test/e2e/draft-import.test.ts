/**
 * Drafts stay drafts, on a real WordPress 6.1 with the plugin, the sidecar and the TMDb stand-in:
 * a series imported as a draft brings no public post with it; publishing it as an editor would
 * publishes its seasons, episodes, videos and people; trashing it takes them back, except a person
 * another published title credits.
 */
import { FullStack, startFullStack } from './support/full-stack';
import { basicAuth, WordPressUser } from './support/wordpress-stack';

jest.setTimeout(900_000);

const TMU_TYPES = ['movie', 'tv', 'season', 'episode', 'drama', 'drama-episode', 'people', 'video'];
const SERIES = 1399;
/** A published movie whose crew shares a person (the casting director) with the series. */
const SHARED_MOVIE = 10140;
/** A movie a contributor imports. */
const CONTRIBUTOR_MOVIE = 550;
const QUICK = { images: false, videos: true, credits: true, seasons: [1] };

describe('a series imported as a draft', () => {
  let s: FullStack;
  let editor: WordPressUser;
  let contributor: WordPressUser;
  let seriesId: number;
  /** Every people post the series made: its cast and crew, and its episodes' guest stars and crew. */
  let seriesPeople: number[];

  beforeAll(async () => {
    s = await startFullStack({ wpPort: 18103, sidecarPort: 18803, dbName: `tmu_e2e_drafts_${process.pid}` });
    editor = await s.wp.createUser('drafts-editor', 'editor');
    contributor = await s.wp.createUser('drafts-contributor', 'contributor');
  });
  afterAll(async () => s?.close());

  const posts = () => `${s.wp.tablePrefix}posts`;
  const table = (name: string) => `${s.wp.tablePrefix}${name}`;

  /** Post type → how many of its posts are public. */
  async function publicByType(): Promise<Record<string, number>> {
    const rows = await s.app.db(posts()).select('post_type').count({ n: '*' }).whereIn('post_type', TMU_TYPES).where('post_status', 'publish').groupBy('post_type');
    return Object.fromEntries(rows.map((r: any) => [String(r.post_type), Number(r.n)]));
  }

  async function statusesOf(ids: number[]): Promise<string[]> {
    const rows = await s.app.db(posts()).whereIn('ID', ids).distinct('post_status');
    return rows.map((r: any) => String(r.post_status)).sort();
  }

  async function children(parentId: number): Promise<number[]> {
    const [seasons, episodes, videos] = await Promise.all([
      s.app.db(table('tmu_tv_series_seasons')).where({ tv_series: parentId }).pluck('ID'),
      s.app.db(table('tmu_tv_series_episodes')).where({ tv_series: parentId }).pluck('ID'),
      s.app.db(table('tmu_videos')).where({ post_id: parentId }).pluck('ID'),
    ]);
    expect(seasons).toHaveLength(1);
    expect(episodes).toHaveLength(10);
    expect(videos.length).toBeGreaterThan(0);
    return [...seasons, ...episodes, ...videos].map(Number);
  }

  async function creditedBy(kind: 'movies' | 'tv_series', column: string, postId: number): Promise<number[]> {
    const [cast, crew] = await Promise.all([
      s.app
        .db(table(`tmu_${kind}_cast`))
        .where({ [column]: postId })
        .pluck('person'),
      s.app
        .db(table(`tmu_${kind}_crew`))
        .where({ [column]: postId })
        .pluck('person'),
    ]);
    return [...new Set([...cast, ...crew].map(Number))];
  }

  /** What a logged-out visitor gets for a post's page. */
  async function visitorStatus(type: string, id: number): Promise<number> {
    return (await fetch(`${s.wp.url}/?post_type=${type}&p=${id}`)).status;
  }

  async function importTitles(type: 'tv' | 'movie', tmdbId: number, status: 'draft' | 'publish', auth?: string): Promise<number> {
    const queued = await s.api('POST', '/tmu/v1/import', { body: { items: [{ type, tmdb_id: tmdbId }], status, options: QUICK }, auth });
    expect(queued.status).toBe(202);
    expect(await s.waitForJob(queued.body.job_id)).toMatchObject({ status: 'succeeded' });
    await s.waitForIdle();
    const row = await s.app
      .db(table(type === 'tv' ? 'tmu_tv_series' : 'tmu_movies'))
      .where({ tmdb_id: tmdbId })
      .first('ID');
    return Number(row.ID);
  }

  it('brings no public post: 0 of every TMU type, and a visitor gets 404 for an episode and a person', async () => {
    seriesId = await importTitles('tv', SERIES, 'draft');
    expect(await publicByType()).toEqual({});
    const kids = await children(seriesId);
    const people = await creditedBy('tv_series', 'tv_series', seriesId);
    seriesPeople = (await s.app.db(posts()).where({ post_type: 'people' }).pluck('ID')).map(Number);
    expect(people.length).toBeGreaterThan(10);
    expect(seriesPeople.length).toBeGreaterThanOrEqual(people.length);
    expect(await statusesOf([seriesId, ...kids, ...seriesPeople])).toEqual(['draft']);
    const episode = Number((await s.app.db(table('tmu_tv_series_episodes')).where({ tv_series: seriesId }).first('ID')).ID);
    expect(await visitorStatus('episode', episode)).toBe(404);
    expect(await visitorStatus('people', people[0])).toBe(404);
  });

  it('a published title that credits one of its people makes that person public', async () => {
    const movieId = await importTitles('movie', SHARED_MOVIE, 'publish');
    const moviePeople = await creditedBy('movies', 'movie', movieId);
    const both = moviePeople.filter((id) => seriesPeople.includes(id));
    expect(both).toHaveLength(1);
    expect(await statusesOf(both)).toEqual(['publish']);
    expect(await statusesOf(seriesPeople.filter((id) => !both.includes(id)))).toEqual(['draft']);
  });

  it('publishing the series as an editor publishes every season, episode, video and person of it', async () => {
    const auth = basicAuth(editor.username, editor.appPassword);
    const published = await s.api('POST', `/wp/v2/tv/${seriesId}`, { body: { status: 'publish' }, auth });
    expect(published.status).toBe(200);
    await s.waitForIdle();
    const kids = await children(seriesId);
    expect(await statusesOf([seriesId, ...kids, ...seriesPeople])).toEqual(['publish']);
    const episode = Number((await s.app.db(table('tmu_tv_series_episodes')).where({ tv_series: seriesId }).first('ID')).ID);
    expect(await visitorStatus('episode', episode)).toBe(200);
    expect(await visitorStatus('people', seriesPeople[0])).toBe(200);
  });

  it('trashing it takes them back, except a person another published title credits', async () => {
    const auth = basicAuth(editor.username, editor.appPassword);
    expect((await s.api('DELETE', `/wp/v2/tv/${seriesId}`, { auth })).status).toBe(200);
    const movieId = Number((await s.app.db(table('tmu_movies')).where({ tmdb_id: SHARED_MOVIE }).first('ID')).ID);
    const moviePeople = await creditedBy('movies', 'movie', movieId);
    const onlySeries = seriesPeople.filter((id) => !moviePeople.includes(id));
    expect(await statusesOf(await children(seriesId))).toEqual(['draft']);
    expect(await statusesOf(onlySeries)).toEqual(['draft']);
    expect(await statusesOf(seriesPeople.filter((id) => moviePeople.includes(id)))).toEqual(['publish']);
    expect(await visitorStatus('people', onlySeries[0])).toBe(404);
    const episode = Number((await s.app.db(table('tmu_tv_series_episodes')).where({ tv_series: seriesId }).first('ID')).ID);
    expect(await visitorStatus('episode', episode)).toBe(404);
  });

  it('what a contributor imports stays non-public, its people included', async () => {
    const movieId = await importTitles('movie', CONTRIBUTOR_MOVIE, 'draft', basicAuth(contributor.username, contributor.appPassword));
    const shared = await creditedBy('movies', 'movie', Number((await s.app.db(table('tmu_movies')).where({ tmdb_id: SHARED_MOVIE }).first('ID')).ID));
    const people = (await creditedBy('movies', 'movie', movieId)).filter((id) => !shared.includes(id));
    const videos = (await s.app.db(table('tmu_videos')).where({ post_id: movieId }).pluck('ID')).map(Number);
    expect(people.length).toBeGreaterThan(10);
    expect(videos.length).toBeGreaterThan(0);
    expect(await statusesOf([movieId, ...videos, ...people])).toEqual(['draft']);
  });
});
