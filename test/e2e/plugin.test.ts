/**
 * The WordPress plugin against a real WordPress (Debian's package, php -S, MariaDB), with a
 * local HTTP server playing the sidecar: it records requests, checks signatures with the shared
 * secret (401 when wrong) and answers webhooks with 202 {job_id}. This part: what the plugin
 * registers, the slugs it gives, and the sync requests it forwards or refuses; plugin-sidecar-calls and
 * plugin-wp-admin hold the rest, plugin-settings-page the plugin without constants.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { FakeSidecar } from './support/fake-sidecar';
import { expectSigned, makeApi, SECRET } from './support/plugin-requests';
import { PNG_1X1, pluginLogLines, pluginPhpFiles, POST_TYPES, startConstantsSite, TAXONOMIES } from './support/plugin-site';
import { basicAuth, WordPressStack, WordPressUser } from './support/wordpress-stack';

const execFileAsync = promisify(execFile);

describe('TMU Sidecar plugin in a real WordPress (constants in wp-config.php)', () => {
  let stack: WordPressStack;
  let sidecar: FakeSidecar;
  let subscriber: WordPressUser;
  let contributor: WordPressUser;
  let editor: WordPressUser;
  let movieId = 0;
  let tvId = 0;
  const api = makeApi(() => stack);

  beforeAll(async () => {
    ({ stack, sidecar } = await startConstantsSite({ wpPort: 18081, sidecarPort: 18711, dbName: 'tmu_e2e_plugin' }));
    subscriber = await stack.createUser('sub', 'subscriber');
    contributor = await stack.createUser('contrib', 'contributor');
    editor = await stack.createUser('ed', 'editor');
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await sidecar?.close();
  });

  beforeEach(() => sidecar.reset());

  test('every plugin PHP file passes php -l', async () => {
    const files = pluginPhpFiles();
    expect(files.length).toBeGreaterThanOrEqual(9);
    for (const file of files) {
      const { stdout } = await execFileAsync('php', ['-l', file]);
      expect(stdout).toContain('No syntax errors detected');
    }
  });

  test('the plugin is active', async () => {
    const res = await api('GET', '/wp/v2/plugins/tmu-sidecar/tmu-sidecar');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('active');
    expect(res.body.textdomain).toBe('tmu-sidecar');
  });

  test('constants in wp-config.php win over the settings', async () => {
    const out = await stack.runPhp(`
update_option( 'tmu_sidecar_settings', array( 'sidecar_url' => 'http://10.0.0.1:1', 'webhook_secret' => 'stored-secret-not-used-0000' ) );
$settings = new TMU\\Sidecar\\Settings();
echo wp_json_encode( array( 'url' => $settings->sidecar_url(), 'secret' => $settings->webhook_secret() ) );
delete_option( 'tmu_sidecar_settings' );
`);
    expect(JSON.parse(out)).toEqual({ url: sidecar.url, secret: SECRET });
  });

  test('post types and taxonomies are in the REST API with the legacy slugs', async () => {
    const types = await api<Record<string, { slug: string; rest_base: string; hierarchical: boolean; taxonomies: string[] }>>('GET', '/wp/v2/types');
    expect(types.status).toBe(200);
    for (const slug of POST_TYPES) {
      expect(types.body[slug]).toBeDefined();
      expect(types.body[slug].slug).toBe(slug);
      expect(types.body[slug].rest_base).toBe(slug);
    }
    expect(types.body.episode.hierarchical).toBe(true);
    expect(types.body['drama-episode'].hierarchical).toBe(true);
    expect(types.body.movie.hierarchical).toBe(false);
    expect(types.body.season.hierarchical).toBe(false);

    const taxonomies = await api<Record<string, { slug: string; rest_base: string; types: string[]; hierarchical: boolean }>>('GET', '/wp/v2/taxonomies');
    expect(taxonomies.status).toBe(200);
    for (const [slug, objectTypes] of Object.entries(TAXONOMIES)) {
      expect(taxonomies.body[slug]).toBeDefined();
      expect(taxonomies.body[slug].rest_base).toBe(slug);
      expect(taxonomies.body[slug].hierarchical).toBe(false);
      expect([...taxonomies.body[slug].types].sort()).toEqual([...objectTypes].sort());
    }
  });

  test('a movie created over REST keeps meta tmdb_id, gets the slug {ID}-{title}, and ?tmdb_id= finds it', async () => {
    const created = await api('POST', '/wp/v2/movie', { body: { title: 'Fight Club', status: 'publish', meta: { tmdb_id: 550 } } });
    expect(created.status).toBe(201);
    movieId = created.body.id;
    expect(created.body.meta.tmdb_id).toBe(550);
    expect(created.body.slug).toBe(`${movieId}-fight-club`);

    const other = await api('POST', '/wp/v2/movie', { body: { title: 'The Matrix', status: 'publish', meta: { tmdb_id: 603 } } });
    expect(other.status).toBe(201);

    const found = await api<Array<{ id: number }>>('GET', '/wp/v2/movie', { query: { tmdb_id: 550 } });
    expect(found.status).toBe(200);
    expect(found.body.map((p) => p.id)).toEqual([movieId]);
    const none = await api<unknown[]>('GET', '/wp/v2/movie', { query: { tmdb_id: 999999 } });
    expect(none.body).toEqual([]);

    // The title changes, the slug follows.
    const renamed = await api('POST', `/wp/v2/movie/${movieId}`, { body: { title: 'Fight Club (1999)' } });
    expect(renamed.body.slug).toBe(`${movieId}-fight-club-1999`);
    await api('POST', `/wp/v2/movie/${movieId}`, { body: { title: 'Fight Club' } });

    // Writes made with an application password (the sidecar's way) never trigger auto-sync.
    expect(sidecar.events('sync.requested')).toHaveLength(0);
  });

  test('seasons, episodes and drama episodes get {parent series ID}-{title}; people and videos {ID}-{title}', async () => {
    const tv = await api('POST', '/wp/v2/tv', { body: { title: 'Game of Thrones', status: 'publish', meta: { tmdb_id: 1399 } } });
    tvId = tv.body.id;
    expect(tv.body.slug).toBe(`${tvId}-game-of-thrones`);

    const season = await api('POST', '/wp/v2/season', { body: { title: 'Season 1', status: 'publish', meta: { tmu_parent_id: tvId, tmdb_id: 3624 } } });
    expect(season.status).toBe(201);
    expect(season.body.slug).toBe(`${tvId}-season-1`);
    expect(season.body.meta.tmu_parent_id).toBe(tvId);

    const episode = await api('POST', '/wp/v2/episode', { body: { title: 'Winter Is Coming', status: 'publish', meta: { tmu_parent_id: tvId, tmdb_id: 63056 } } });
    expect(episode.body.slug).toBe(`${tvId}-winter-is-coming`);

    const drama = await api('POST', '/wp/v2/drama', { body: { title: 'Crash Landing on You', status: 'publish', meta: { tmdb_id: 94796 } } });
    const dramaEpisode = await api('POST', '/wp/v2/drama-episode', { body: { title: 'Episode 1', status: 'publish', meta: { tmu_parent_id: drama.body.id } } });
    expect(dramaEpisode.body.slug).toBe(`${drama.body.id}-episode-1`);

    const person = await api('POST', '/wp/v2/people', { body: { title: 'Brad Pitt', status: 'publish', meta: { tmdb_id: 287 } } });
    expect(person.body.slug).toBe(`${person.body.id}-brad-pitt`);
    const video = await api('POST', '/wp/v2/video', { body: { title: 'Official Trailer', status: 'publish', meta: { tmu_parent_id: movieId } } });
    expect(video.body.slug).toBe(`${video.body.id}-official-trailer`);

    const seasons = await api<Array<{ id: number }>>('GET', '/wp/v2/season', { query: { tmdb_id: 3624 } });
    expect(seasons.body.map((p) => p.id)).toEqual([season.body.id]);
  });

  test('attachments are found by tmdb_file_path and terms by tmdb_id', async () => {
    const upload = await fetch(stack.restUrl('/wp/v2/media'), {
      method: 'POST',
      headers: { Authorization: stack.authHeader, 'Content-Type': 'image/png', 'Content-Disposition': 'attachment; filename="poster.png"' },
      body: PNG_1X1,
    });
    expect(upload.status).toBe(201);
    const media = (await upload.json()) as { id: number };
    const updated = await api('POST', `/wp/v2/media/${media.id}`, { body: { meta: { tmdb_file_path: '/pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK.jpg' } } });
    expect(updated.status).toBe(200);
    expect(updated.body.meta.tmdb_file_path).toBe('/pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK.jpg');

    const found = await api<Array<{ id: number }>>('GET', '/wp/v2/media', { query: { tmdb_file_path: '/pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK.jpg' } });
    expect(found.body.map((m) => m.id)).toEqual([media.id]);
    const none = await api<unknown[]>('GET', '/wp/v2/media', { query: { tmdb_file_path: '/nope.jpg' } });
    expect(none.body).toEqual([]);

    const term = await api('POST', '/wp/v2/genre', { body: { name: 'Drama', meta: { tmdb_id: 18 } } });
    expect(term.status).toBe(201);
    expect(term.body.meta.tmdb_id).toBe(18);
    await api('POST', '/wp/v2/genre', { body: { name: 'Comedy', meta: { tmdb_id: 35 } } });
    const genres = await api<Array<{ id: number }>>('GET', '/wp/v2/genre', { query: { tmdb_id: 18 } });
    expect(genres.body.map((t) => t.id)).toEqual([term.body.id]);
  });

  test('POST tmu/v1/sync forwards a signed sync.requested and returns the job id', async () => {
    const res = await api('POST', '/tmu/v1/sync', { body: { post_id: movieId } });
    expect(res.status).toBe(202);
    expect(typeof res.body.job_id).toBe('number');

    const [webhook] = sidecar.events('sync.requested');
    expect(webhook).toBeDefined();
    expectSigned(webhook);
    expect(webhook.headers['content-type']).toBe('application/json');
    expect(webhook.body).toEqual({
      event: 'sync.requested',
      type: 'movie',
      tmdb_id: 550,
      post_id: movieId,
      options: { images: true, videos: true, credits: true },
      requested_by: stack.admin.id,
    });
    expect(sidecar.requests).toHaveLength(1);
  });

  test('sync options from the request win over the settings; people are "person"; tmdb_id can be set on the way', async () => {
    const tv = await api('POST', '/tmu/v1/sync', { body: { post_id: tvId, options: { images: false, seasons: [2, 1] } } });
    expect(tv.status).toBe(202);
    expect(sidecar.events('sync.requested')[0].body).toEqual({
      event: 'sync.requested',
      type: 'tv',
      tmdb_id: 1399,
      post_id: tvId,
      options: { images: false, videos: true, credits: true, seasons: [1, 2] },
      requested_by: stack.admin.id,
    });

    const person = await api('POST', '/wp/v2/people', { body: { title: 'Edward Norton', status: 'draft' } });
    sidecar.reset();
    const res = await api('POST', '/tmu/v1/sync', { body: { post_id: person.body.id, tmdb_id: 819, options: { seasons: true } } });
    expect(res.status).toBe(202);
    expect(sidecar.events('sync.requested')[0].body).toEqual({
      event: 'sync.requested',
      type: 'person',
      tmdb_id: 819,
      post_id: person.body.id,
      options: { images: true, videos: true, credits: true },
      requested_by: stack.admin.id,
    });
    const after = await api('GET', `/wp/v2/people/${person.body.id}`, { query: { context: 'edit' } });
    expect(after.body.meta.tmdb_id).toBe(819);

    const bad = await api('POST', '/tmu/v1/sync', { body: { post_id: tvId, options: { seasons: 'some' } } });
    expect(bad.status).toBe(400);
  });

  test('sync refuses posts without a TMDb id, unsupported types and missing posts', async () => {
    const bare = await api('POST', '/wp/v2/movie', { body: { title: 'No Id Yet', status: 'draft' } });
    const noId = await api('POST', '/tmu/v1/sync', { body: { post_id: bare.body.id } });
    expect(noId.status).toBe(400);
    expect(noId.body.code).toBe('tmu_missing_tmdb_id');

    const seasons = await api<Array<{ id: number }>>('GET', '/wp/v2/season');
    const season = await api('POST', '/tmu/v1/sync', { body: { post_id: seasons.body[0].id } });
    expect(season.status).toBe(400);
    expect(season.body.code).toBe('tmu_unsupported_post_type');

    const missing = await api('POST', '/tmu/v1/sync', { body: { post_id: 987654 } });
    expect(missing.status).toBe(404);

    const invalid = await api('POST', '/tmu/v1/sync', { body: {} });
    expect(invalid.status).toBe(400);
    expect(sidecar.requests).toHaveLength(0);
  });

  test('unauthenticated requests get 401, users without the capability 403, and nothing reaches the sidecar', async () => {
    const anonymous = await api('POST', '/tmu/v1/sync', { body: { post_id: movieId }, auth: null });
    expect(anonymous.status).toBe(401);
    expect((await api('GET', '/tmu/v1/jobs/1', { auth: null })).status).toBe(401);
    expect((await api('GET', '/tmu/v1/search', { query: { q: 'x' }, auth: null })).status).toBe(401);
    expect((await api('POST', '/tmu/v1/test-connection', { auth: null })).status).toBe(401);
    expect((await api('POST', '/tmu/v1/import', { body: { type: 'movie', tmdb_id: 550 }, auth: null })).status).toBe(401);
    expect((await api('POST', '/tmu/v1/bulk', { body: {}, auth: null })).status).toBe(401);
    const wrongPassword = await api('POST', '/tmu/v1/sync', { body: { post_id: movieId }, auth: basicAuth('admin', 'wrong wrong wrong wrong') });
    expect(wrongPassword.status).toBe(401);

    const sub = basicAuth(subscriber.username, subscriber.appPassword);
    expect((await api('POST', '/tmu/v1/sync', { body: { post_id: movieId }, auth: sub })).status).toBe(403);
    expect((await api('GET', '/tmu/v1/jobs/1', { auth: sub })).status).toBe(403);
    expect((await api('GET', '/tmu/v1/search', { query: { q: 'x' }, auth: sub })).status).toBe(403);
    expect((await api('POST', '/tmu/v1/import', { body: { type: 'movie', tmdb_id: 550 }, auth: sub })).status).toBe(403);

    const contrib = basicAuth(contributor.username, contributor.appPassword);
    // A contributor cannot edit the admin's movie, nor publish.
    expect((await api('POST', '/tmu/v1/sync', { body: { post_id: movieId }, auth: contrib })).status).toBe(403);
    expect((await api('POST', '/tmu/v1/import', { body: { type: 'movie', tmdb_id: 550 }, auth: contrib })).status).toBe(403);

    const ed = basicAuth(editor.username, editor.appPassword);
    expect((await api('POST', '/tmu/v1/test-connection', { auth: ed })).status).toBe(403);
    expect((await api('POST', '/tmu/v1/bulk', { body: {}, auth: ed })).status).toBe(403);
    // An editor may sync any post.
    expect((await api('POST', '/tmu/v1/sync', { body: { post_id: movieId }, auth: ed })).status).toBe(202);

    expect(sidecar.requests).toHaveLength(1);
  });

  test('the plugin logged no PHP warnings or notices', () => {
    const lines = pluginLogLines(stack);
    // "not delivered" lines are the expected diagnostics of fire-and-forget events while the sidecar was down.
    expect(lines.filter((line) => !line.includes('not delivered'))).toEqual([]);
  });
});
