/**
 * The WordPress plugin against a real WordPress (Debian's package, php -S, MariaDB), with a
 * local HTTP server playing the sidecar: it records requests, checks signatures with the shared
 * secret (401 when wrong) and answers webhooks with 202 {job_id}.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { FakeSidecar, RecordedRequest, signatureFor, startFakeSidecar } from './support/fake-sidecar';
import { basicAuth, phpString, projectRoot, startWordPressStack, WordPressStack, WordPressUser } from './support/wordpress-stack';

const execFileAsync = promisify(execFile);

const PLUGIN_DIR = path.join(projectRoot(__dirname), 'wp-plugin', 'tmu-sidecar');
const SECRET = 'e2e-shared-secret-0123456789abcdef';
const POST_TYPES = ['movie', 'tv', 'season', 'episode', 'drama', 'drama-episode', 'people', 'video'];
const TAXONOMIES: Record<string, string[]> = {
  genre: ['movie', 'tv', 'drama'],
  country: ['movie', 'tv', 'drama'],
  language: ['movie', 'tv', 'drama'],
  'by-year': ['movie', 'tv', 'drama'],
  keyword: ['movie', 'tv'],
  network: ['tv'],
  channel: ['drama'],
  nationality: ['people'],
};
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

interface ApiResult<T = any> {
  status: number;
  body: T;
  ms: number;
}

function makeApi(stack: () => WordPressStack) {
  return async function api<T = any>(
    method: string,
    route: string,
    options: { body?: unknown; auth?: string | null; query?: Record<string, string | number> } = {},
  ): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const auth = options.auth === undefined ? stack().authHeader : options.auth;
    if (auth) headers.Authorization = auth;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const started = Date.now();
    const res = await fetch(stack().restUrl(route, options.query), { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* keep text */
    }
    return { status: res.status, body: parsed as T, ms: Date.now() - started };
  };
}

/** Logged-in admin page fetch. */
async function adminPage(stack: WordPressStack, cookie: string, pathAndQuery: string): Promise<{ status: number; html: string }> {
  const res = await fetch(`${stack.url}${pathAndQuery}`, { headers: { Cookie: cookie }, redirect: 'manual' });
  return { status: res.status, html: await res.text() };
}

/** POST a form as a logged-in user; resolves with the status and Location. */
async function postForm(stack: WordPressStack, cookie: string, pathAndQuery: string, fields: Array<[string, string]>) {
  const res = await fetch(`${stack.url}${pathAndQuery}`, {
    method: 'POST',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
  const html = await res.text();
  return { status: res.status, location: res.headers.get('location') ?? '', html };
}

/** Path and query of a Location header (absolute or relative). */
function relativeUrl(location: string): string {
  const url = new URL(location, 'http://placeholder.invalid');
  return url.pathname + url.search;
}

function hiddenValue(html: string, name: string, after = 0): string {
  const rest = html.slice(after);
  const match = new RegExp(`name="${name.replace(/[[\]]/g, '\\$&')}" value="([^"]*)"`).exec(rest);
  if (!match) throw new Error(`no hidden field ${name} in page`);
  return match[1];
}

function settingsFormFields(html: string, values: Record<string, string>): Array<[string, string]> {
  return [
    ['option_page', 'tmu_sidecar'],
    ['action', 'update'],
    ['_wpnonce', hiddenValue(html, '_wpnonce', html.indexOf('id="tmu-settings-form"'))],
    ['_wp_http_referer', '/wp-admin/options-general.php?page=tmu-sidecar'],
    ...Object.entries(values).map(([k, v]) => [`tmu_sidecar_settings[${k}]`, v] as [string, string]),
  ];
}

function expectSigned(request: RecordedRequest, secret = SECRET): void {
  const timestamp = String(request.headers['x-tmu-timestamp']);
  expect(timestamp).toMatch(/^\d+$/);
  expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(60);
  expect(String(request.headers['x-tmu-delivery'])).toMatch(UUID_V4);
  expect(request.headers['x-tmu-signature']).toBe(signatureFor(secret, timestamp, request.method, request.url, request.rawBody));
  expect(request.signatureValid).toBe(true);
}

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
    sidecar = await startFakeSidecar({ port: 18711, secret: SECRET });
    stack = await startWordPressStack({
      port: 18081,
      dbName: 'tmu_e2e_plugin',
      constants: { TMU_SIDECAR_URL: sidecar.url, TMU_WEBHOOK_SECRET: SECRET },
    });
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
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.php')) files.push(full);
      }
    };
    walk(PLUGIN_DIR);
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

  test('import sends sync.requested without post_id; bulk sends bulk.requested', async () => {
    const imported = await api('POST', '/tmu/v1/import', { body: { type: 'people', tmdb_id: 287, options: { videos: false } } });
    expect(imported.status).toBe(202);
    expect(imported.body.job_id).toEqual(expect.any(Number));
    const sync = sidecar.events('sync.requested')[0];
    expectSigned(sync);
    expect(sync.body).toEqual({ event: 'sync.requested', type: 'person', tmdb_id: 287, options: { images: true, videos: false, credits: true }, requested_by: stack.admin.id });

    const all = await api('POST', '/tmu/v1/bulk', { body: {} });
    expect(all.status).toBe(202);
    const some = await api('POST', '/tmu/v1/bulk', { body: { types: ['movie', 'people'] } });
    expect(some.status).toBe(202);
    const bulks = sidecar.events('bulk.requested');
    expect(bulks.map((r) => r.body)).toEqual([{ event: 'bulk.requested' }, { event: 'bulk.requested', types: ['movie', 'person'] }]);
    bulks.forEach((r) => expectSigned(r));

    expect((await api('POST', '/tmu/v1/import', { body: { type: 'book', tmdb_id: 1 } })).status).toBe(400);
    expect((await api('POST', '/tmu/v1/bulk', { body: { types: ['book'] } })).status).toBe(400);
  });

  test('search forwards a signed GET /search and returns the results', async () => {
    const res = await api('GET', '/tmu/v1/search', { query: { q: 'fight club & co', type: 'movie' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ page: 1, total_pages: 1 });
    expect(res.body.results).toEqual([
      {
        tmdb_id: 550,
        type: 'movie',
        title: 'Fight Club',
        year: 1999,
        poster_url: 'https://image.tmdb.org/t/p/w185/pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK.jpg',
        overview: 'A ticking-time-bomb insomniac...',
      },
    ]);
    const [request] = sidecar.requests;
    expect(request.method).toBe('GET');
    expect(request.url).toBe('/search?q=fight%20club%20%26%20co&type=movie');
    expect(request.rawBody).toBe('');
    expectSigned(request);

    expect((await api('GET', '/tmu/v1/search', { query: { q: 'x', type: 'book' } })).status).toBe(400);
    expect((await api('GET', '/tmu/v1/search')).status).toBe(400);
  });

  test('GET tmu/v1/jobs/{id} reads the jobs table directly', async () => {
    const prefix = stack.tablePrefix;
    const out = await stack.runPhp(`
global $wpdb;
$table = $wpdb->prefix . 'tmu_sync_jobs';
$wpdb->query( "CREATE TABLE IF NOT EXISTS {$table} (
	id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
	type varchar(64) NOT NULL,
	payload longtext NULL,
	status varchar(16) NOT NULL DEFAULT 'queued',
	attempts int NOT NULL DEFAULT 0,
	progress longtext NULL,
	error longtext NULL,
	created_at datetime(3) NULL,
	started_at datetime(3) NULL,
	finished_at datetime(3) NULL
)" );
$wpdb->insert( $table, array(
	'type'        => 'sync',
	'payload'     => wp_json_encode( array( 'type' => 'movie', 'tmdb_id' => 550, 'post_id' => ${movieId} ) ),
	'status'      => 'partial',
	'attempts'    => 1,
	'progress'    => wp_json_encode( array( 'done' => 3, 'failed' => 1, 'total' => 4, 'errors' => array( array( 'tmdb_id' => 551, 'post_id' => null, 'message' => 'TMDb answered 404' ) ), 'log' => array( 'movie 550 synced', 'video abc failed' ) ) ),
	'error'       => null,
	'created_at'  => '2024-05-01 10:00:00.250',
	'started_at'  => '2024-05-01 10:00:01',
	'finished_at' => '2024-05-01 10:00:09',
) );
$first = $wpdb->insert_id;
$wpdb->insert( $table, array( 'type' => 'sync', 'payload' => '{"type":"tv","tmdb_id":1399}', 'status' => 'running', 'progress' => '{"done":1,"total":10}', 'created_at' => '2024-05-01 11:00:00' ) );
$second = $wpdb->insert_id;
$wpdb->insert( $table, array( 'type' => 'sync', 'payload' => '{"type":"movie","tmdb_id":42}', 'status' => 'failed', 'attempts' => 5, 'progress' => '{"done":0,"failed":1,"total":1}', 'error' => 'TMDb key rejected', 'created_at' => '2024-05-01 12:00:00' ) );
echo wp_json_encode( array( $first, $second, $wpdb->insert_id, $table ) );
`);
    const [partialId, runningId, failedId, table] = JSON.parse(out) as [number, number, number, string];
    expect(table).toBe(`${prefix}tmu_sync_jobs`);

    const partial = await api('GET', `/tmu/v1/jobs/${partialId}`);
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({
      id: partialId,
      type: 'sync',
      status: 'partial',
      attempts: 1,
      progress: { done: 3, failed: 1, total: 4 },
      log: ['movie 550 synced', 'video abc failed'],
      errors: [{ tmdb_id: 551, post_id: null, message: 'TMDb answered 404' }],
      created_at: '2024-05-01T10:00:00.250Z',
      started_at: '2024-05-01T10:00:01.000Z',
      finished_at: '2024-05-01T10:00:09.000Z',
      target: { type: 'movie', tmdb_id: 550, post_id: movieId },
    });
    expect(partial.body.post).toMatchObject({ id: movieId, title: 'Fight Club', featured_media: 0 });
    expect(partial.body.post.featured_image_html).toContain('_thumbnail_id');

    const running = await api('GET', `/tmu/v1/jobs/${runningId}`);
    expect(running.body).toMatchObject({ id: runningId, status: 'running', progress: { done: 1, failed: 0, total: 10 }, errors: [], finished_at: null });
    expect(running.body.post).toBeUndefined();

    const failed = await api('GET', `/tmu/v1/jobs/${failedId}`);
    expect(failed.body).toMatchObject({
      status: 'failed',
      attempts: 5,
      error: 'TMDb key rejected',
      errors: [{ tmdb_id: 42, post_id: null, message: 'TMDb key rejected' }],
    });

    const missing = await api('GET', '/tmu/v1/jobs/99999');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('tmu_job_not_found');
    expect((await api('GET', '/tmu/v1/jobs/abc')).status).toBe(404); // no route
    expect(sidecar.requests).toHaveLength(0);
  });

  test('with the sidecar down, sync answers 503 tmu_sidecar_unreachable at once, and Test connection says so', async () => {
    await sidecar.close();
    try {
      const res = await api('POST', '/tmu/v1/sync', { body: { post_id: movieId } });
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('tmu_sidecar_unreachable');
      expect(res.body.message).toBe(`The TMU sidecar is unreachable at ${sidecar.url}`);
      expect(res.ms).toBeLessThan(5000);

      const search = await api('GET', '/tmu/v1/search', { query: { q: 'matrix' } });
      expect(search.status).toBe(503);

      const probe = await api('POST', '/tmu/v1/test-connection');
      expect(probe.status).toBe(200);
      expect(probe.body).toMatchObject({ ok: false, failed: 'sidecar', checks: { sidecar: 'failed', signature: 'unknown', tmdb: 'unknown' } });
      expect(probe.body.message).toMatch(/unreachable/i);
    } finally {
      await sidecar.listen();
    }
  });

  test('Test connection: OK, signature rejected (wrong secret), TMDb key invalid', async () => {
    const ok = await api('POST', '/tmu/v1/test-connection');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, failed: null, checks: { sidecar: 'ok', signature: 'ok', tmdb: 'ok' } });
    const [probe] = sidecar.events('connection.test');
    expectSigned(probe);
    expect(probe.body).toEqual({ event: 'connection.test' });

    sidecar.secret = 'the-sidecar-has-another-secret-000';
    const rejected = await api('POST', '/tmu/v1/test-connection');
    expect(rejected.body).toMatchObject({ ok: false, failed: 'signature', checks: { sidecar: 'ok', signature: 'failed', tmdb: 'unknown' } });
    expect(rejected.body.message).toMatch(/^Signature rejected/);
    const sync = await api('POST', '/tmu/v1/sync', { body: { post_id: movieId } });
    expect(sync.status).toBe(502);
    expect(sync.body.code).toBe('tmu_sidecar_signature_rejected');

    sidecar.secret = SECRET;
    let tmdbAnswer: unknown = 'invalid_key';
    sidecar.handler = (r) =>
      (r.body as { event?: string } | null)?.event === 'connection.test'
        ? { status: 200, body: { sidecar: 'ok', signature: 'ok', tmdb: tmdbAnswer } }
        : undefined;
    const badKey = await api('POST', '/tmu/v1/test-connection');
    expect(badKey.body).toMatchObject({ ok: false, failed: 'tmdb', checks: { sidecar: 'ok', signature: 'ok', tmdb: 'failed' } });
    expect(badKey.body.message).toMatch(/^TMDb key invalid/);

    tmdbAnswer = { ok: false, message: 'Invalid API key: You must be granted a valid key.' };
    const detailed = await api('POST', '/tmu/v1/test-connection');
    expect(detailed.body.failed).toBe('tmdb');
    expect(detailed.body.message).toContain('Invalid API key: You must be granted a valid key.');

    tmdbAnswer = 'unreachable';
    const noTmdb = await api('POST', '/tmu/v1/test-connection');
    expect(noTmdb.body).toMatchObject({ ok: false, failed: 'tmdb', checks: { tmdb: 'failed' } });
    expect(noTmdb.body.message).toMatch(/^TMDb unreachable/);
    expect(noTmdb.body.causes.tmdb).toBe('unreachable');

    // The headline and the TMDb row name the same cause: a 404 is "not found", never "unreachable".
    tmdbAnswer = 'not_found';
    const notFound = await api('POST', '/tmu/v1/test-connection');
    expect(notFound.body).toMatchObject({ ok: false, failed: 'tmdb', checks: { tmdb: 'failed' }, causes: { tmdb: 'not found (HTTP 404)' } });
    expect(notFound.body.message).toMatch(/^TMDb not found: /);
    tmdbAnswer = 'refused';
    const refused = await api('POST', '/tmu/v1/test-connection');
    expect(refused.body).toMatchObject({ failed: 'tmdb', causes: { tmdb: 'connection refused' } });
    expect(refused.body.message).toMatch(/^TMDb refused the connection/);
    tmdbAnswer = 'invalid_key';
    expect((await api('POST', '/tmu/v1/test-connection')).body.causes.tmdb).toBe('key invalid');
  });

  test('sidecar errors become WP_Errors: 400 with the sidecar message, 502 without a job id', async () => {
    sidecar.handler = () => ({ status: 400, body: { error: { code: 'invalid_payload', message: 'tmdb_id must be positive', field: 'tmdb_id' } } });
    const refused = await api('POST', '/tmu/v1/sync', { body: { post_id: movieId } });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('tmu_sidecar_rejected');
    expect(refused.body.message).toContain('tmdb_id must be positive');

    sidecar.handler = () => ({ status: 202, body: {} });
    const noJob = await api('POST', '/tmu/v1/sync', { body: { post_id: movieId } });
    expect(noJob.status).toBe(502);
    expect(noJob.body.code).toBe('tmu_sidecar_bad_response');
  });

  test('saving in the editor stores the TMDb id from the meta box and auto-syncs (non-blocking)', async () => {
    const cookie = await stack.login();
    const draft = await api('POST', '/wp/v2/movie', { body: { title: 'Se7en', status: 'draft' } });
    const page = await adminPage(stack, cookie, `/wp-admin/post.php?post=${draft.body.id}&action=edit`);
    expect(page.status).toBe(200);
    for (const id of ['tmu-tmdb-id', 'tmu-search-input', 'tmu-search-button', 'tmu-search-results', 'tmu-sync-now', 'tmu-sync-status', 'tmu-sync-images', 'tmu-last-synced']) {
      expect(page.html).toContain(`id="${id}"`);
    }
    expect(page.html).toContain('assets/js/meta-box.js');
    expect(page.html).toContain('tmuSidecarMetaBox');
    expect(page.html).not.toContain('id="postcustom"');

    const formStart = page.html.indexOf('<form name="post"');
    expect(formStart).toBeGreaterThan(0);
    const saved = await postForm(stack, cookie, '/wp-admin/post.php', [
      ['_wpnonce', hiddenValue(page.html, '_wpnonce', formStart)],
      ['_wp_http_referer', `/wp-admin/post.php?post=${draft.body.id}&action=edit`],
      ['user_ID', String(stack.admin.id)],
      ['action', 'editpost'],
      ['originalaction', 'editpost'],
      ['post_type', 'movie'],
      ['original_post_status', 'draft'],
      ['post_ID', String(draft.body.id)],
      ['post_title', 'Se7en'],
      ['content', ''],
      ['post_status', 'publish'],
      ['publish', 'Publish'],
      ['tmu_sidecar_meta_nonce', hiddenValue(page.html, 'tmu_sidecar_meta_nonce')],
      ['tmu_tmdb_id', '807'],
    ]);
    expect(saved.status).toBe(302);
    const stored = await api('GET', `/wp/v2/movie/${draft.body.id}`, { query: { context: 'edit' } });
    expect(stored.body.meta.tmdb_id).toBe(807);
    expect(stored.body.slug).toBe(`${draft.body.id}-se7en`);

    const webhook = await sidecar.waitFor((r) => (r.body as { event?: string } | null)?.event === 'sync.requested');
    expectSigned(webhook);
    expect(webhook.body).toEqual({
      event: 'sync.requested',
      type: 'movie',
      tmdb_id: 807,
      post_id: draft.body.id,
      options: { images: true, videos: true, credits: true },
      requested_by: stack.admin.id,
    });

    // A forged save without the meta box nonce changes nothing.
    sidecar.reset();
    const forged = await postForm(stack, cookie, '/wp-admin/post.php', [
      ['_wpnonce', hiddenValue(page.html, '_wpnonce', formStart)],
      ['action', 'editpost'],
      ['post_type', 'movie'],
      ['post_ID', String(draft.body.id)],
      ['post_title', 'Se7en'],
      ['tmu_tmdb_id', '1'],
    ]);
    expect(forged.status).toBe(302);
    const unchanged = await api('GET', `/wp/v2/movie/${draft.body.id}`, { query: { context: 'edit' } });
    expect(unchanged.body.meta.tmdb_id).toBe(807);
  });

  test('auto-sync also runs for code saves, and deleting a TMU post sends post.deleted', async () => {
    const out = await stack.runPhp(`
wp_set_current_user( ${stack.admin.id} );
$id = wp_insert_post( array( 'post_type' => 'tv', 'post_title' => 'Breaking Bad', 'post_status' => 'publish', 'meta_input' => array( 'tmdb_id' => 1396 ) ) );
echo (int) $id;
`);
    const tvPostId = Number(out.trim());
    const autoSync = await sidecar.waitFor((r) => (r.body as { event?: string } | null)?.event === 'sync.requested');
    expect(autoSync.body).toEqual({
      event: 'sync.requested',
      type: 'tv',
      tmdb_id: 1396,
      post_id: tvPostId,
      options: { images: true, videos: true, credits: true, seasons: 'all' },
      requested_by: stack.admin.id,
    });

    const started = Date.now();
    await stack.runPhp(`wp_delete_post( ${tvPostId}, true );`);
    const deleted = await sidecar.waitFor((r) => (r.body as { event?: string } | null)?.event === 'post.deleted');
    expectSigned(deleted);
    expect(deleted.body).toEqual({ event: 'post.deleted', post_id: tvPostId, type: 'tv' });
    expect(Date.now() - started).toBeLessThan(10_000);

    // With the sidecar down, deleting still works and does not hang.
    await sidecar.close();
    try {
      const begin = Date.now();
      const gone = await stack.runPhp(`
$id = wp_insert_post( array( 'post_type' => 'people', 'post_title' => 'Temp Person', 'post_status' => 'publish' ) );
wp_delete_post( $id, true );
echo null === get_post( $id ) ? 'deleted' : 'still there';
`);
      expect(gone.trim()).toBe('deleted');
      expect(Date.now() - begin).toBeLessThan(10_000);
    } finally {
      await sidecar.listen();
    }
  });

  test('the settings page never echoes the API key and shows the constants as locked', async () => {
    // Made up per run: a test value, never a real credential.
    const apiKey = `e2eTmdbKey${randomBytes(12).toString('hex')}`;
    await stack.runPhp(`
$settings = get_option( 'tmu_sidecar_settings', array() );
$settings = is_array( $settings ) ? $settings : array();
$settings['tmdb_api_key'] = ${phpString(apiKey)};
update_option( 'tmu_sidecar_settings', $settings );
`);
    const cookie = await stack.login();
    const page = await adminPage(stack, cookie, '/wp-admin/options-general.php?page=tmu-sidecar');
    expect(page.status).toBe(200);
    expect(page.html).toContain('id="tmu-tmdb-api-key"');
    expect(page.html).not.toContain(apiKey);
    expect(page.html).toContain('A key is saved');
    expect(page.html).toContain('id="tmu-test-connection"');
    expect(page.html).toContain('id="tmu-test-connection-result"');
    expect(page.html).toContain('Set by TMU_SIDECAR_URL in wp-config.php.');
    expect(page.html).toContain('Set by TMU_WEBHOOK_SECRET in wp-config.php.');
    expect(page.html).not.toContain(SECRET);
    expect(page.html).toMatch(/id="tmu-sidecar-url"[^>]*disabled/);
    expect(page.html).toContain('assets/js/settings.js');

    // Subscribers cannot open it.
    const subCookie = await stack.login(subscriber.username, subscriber.password);
    const denied = await adminPage(stack, subCookie, '/wp-admin/options-general.php?page=tmu-sidecar');
    expect(denied.status).toBe(403);
  });

  test('the plugin logged no PHP warnings or notices', () => {
    const lines = stack
      .debugLog()
      .split('\n')
      .filter((line) => line.includes('tmu-sidecar') || line.includes('TMU Sidecar'));
    // "not delivered" lines are the expected diagnostics of fire-and-forget events while the sidecar was down.
    expect(lines.filter((line) => !line.includes('not delivered'))).toEqual([]);
  });
});

describe('TMU Sidecar plugin configured on its settings page (no constants)', () => {
  const SETTINGS_SECRET = 'settings-page-secret-abcdef012345';
  let stack: WordPressStack;
  let sidecar: FakeSidecar;
  const api = makeApi(() => stack);

  beforeAll(async () => {
    sidecar = await startFakeSidecar({ port: 18712, secret: SETTINGS_SECRET });
    stack = await startWordPressStack({ port: 18082, dbName: 'tmu_e2e_plugin_settings', tablePrefix: 'tmu_' });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await sidecar?.close();
  });

  beforeEach(() => sidecar.reset());

  test('activation stored a random webhook secret and the defaults', async () => {
    const out = await stack.runPhp(`echo wp_json_encode( get_option( 'tmu_sidecar_settings' ) );`);
    const settings = JSON.parse(out) as Record<string, unknown>;
    expect(settings.webhook_secret).toMatch(/^[0-9a-f]{64}$/);
    expect(settings).toMatchObject({ tmdb_api_key: '', language: 'en-US', auto_sync: true, sync_images: true });
  });

  test('saving the form stores the key without echoing it and pushes a signed settings.updated', async () => {
    const apiKey = `formTmdbKey${randomBytes(12).toString('hex')}`;
    const cookie = await stack.login();
    const page = await adminPage(stack, cookie, '/wp-admin/options-general.php?page=tmu-sidecar');
    expect(page.html).toContain('No key is saved yet');
    expect(page.html).not.toMatch(/id="tmu-sidecar-url"[^>]*disabled/);

    const saved = await postForm(
      stack,
      cookie,
      '/wp-admin/options.php',
      settingsFormFields(page.html, {
        tmdb_api_key: apiKey,
        language: 'de-DE',
        sync_images: '1',
        sync_videos: '0',
        sync_credits: '1',
        sync_seasons: '1',
        auto_sync: '1',
        sidecar_url: sidecar.url,
        webhook_secret: SETTINGS_SECRET,
      }),
    );
    expect(saved.status).toBe(302);
    expect(saved.location).toContain('settings-updated=true');

    const [push] = sidecar.events('settings.updated');
    expect(push).toBeDefined();
    expectSigned(push, SETTINGS_SECRET);
    expect(push.body).toEqual({
      event: 'settings.updated',
      tmdb_api_key: apiKey,
      auto_sync: true,
      sync_images: true,
      sync_videos: false,
      sync_credits: true,
      sync_seasons: true,
      language: 'de-DE',
    });

    const after = await adminPage(stack, cookie, '/wp-admin/options-general.php?page=tmu-sidecar&settings-updated=true');
    expect(after.html).toContain('Settings saved.');
    expect(after.html).not.toContain(apiKey);
    expect(after.html).toContain('A key is saved');

    // An empty key field keeps the saved key.
    sidecar.reset();
    const again = await postForm(
      stack,
      cookie,
      '/wp-admin/options.php',
      settingsFormFields(after.html, { tmdb_api_key: '', language: 'de-DE', auto_sync: '0', sidecar_url: sidecar.url, webhook_secret: '' }),
    );
    expect(again.status).toBe(302);
    const stored = JSON.parse(await stack.runPhp(`echo wp_json_encode( get_option( 'tmu_sidecar_settings' ) );`)) as Record<string, unknown>;
    expect(stored).toMatchObject({ auto_sync: false, webhook_secret: SETTINGS_SECRET, sidecar_url: sidecar.url });
    // The key is kept sealed, never in plain text; the plugin opens it to push it.
    expect(String(stored.tmdb_api_key)).toMatch(/^tmu-sealed:v1:/);
    expect(String(stored.tmdb_api_key)).not.toContain(apiKey);
    expect((await stack.runPhp(`echo ( new \\TMU\\Sidecar\\Settings() )->api_key();`)).trim()).toBe(apiKey);
    expect(sidecar.events('settings.updated')[0].body).toMatchObject({ tmdb_api_key: apiKey, auto_sync: false });

    // The configured URL and secret are used by the REST routes.
    const probe = await api('POST', '/tmu/v1/test-connection');
    expect(probe.body).toMatchObject({ ok: true, sidecar_url: sidecar.url });
  });

  test('a failed push shows an admin notice and does not block saving', async () => {
    const cookie = await stack.login();
    const page = await adminPage(stack, cookie, '/wp-admin/options-general.php?page=tmu-sidecar');
    await sidecar.close();
    try {
      const saved = await postForm(stack, cookie, '/wp-admin/options.php', settingsFormFields(page.html, { language: 'fr-FR', auto_sync: '1' }));
      expect(saved.status).toBe(302);
      const after = await adminPage(stack, cookie, relativeUrl(saved.location));
      expect(after.html).toContain('the sidecar was not updated');
      expect(after.html).toContain('unreachable');
      const stored = JSON.parse(await stack.runPhp(`echo wp_json_encode( get_option( 'tmu_sidecar_settings' ) );`)) as Record<string, unknown>;
      expect(stored.language).toBe('fr-FR');
    } finally {
      await sidecar.listen();
    }
  });

  test('invalid values are refused with a message and the stored ones kept', async () => {
    const cookie = await stack.login();
    const page = await adminPage(stack, cookie, '/wp-admin/options-general.php?page=tmu-sidecar');
    const saved = await postForm(
      stack,
      cookie,
      '/wp-admin/options.php',
      settingsFormFields(page.html, { language: 'english', sidecar_url: 'ftp://nope', webhook_secret: 'short' }),
    );
    expect(saved.status).toBe(302);
    const after = await adminPage(stack, cookie, relativeUrl(saved.location));
    expect(after.html).toContain('The language must look like en-US.');
    expect(after.html).toContain('The sidecar URL must be an http or https URL.');
    expect(after.html).toContain('The webhook secret must be at least 16');
    const stored = JSON.parse(await stack.runPhp(`echo wp_json_encode( get_option( 'tmu_sidecar_settings' ) );`)) as Record<string, unknown>;
    expect(stored).toMatchObject({ language: 'fr-FR', sidecar_url: sidecar.url, webhook_secret: SETTINGS_SECRET });
  });

  test('uninstall deletes the options and leaves the content', async () => {
    const created = await api('POST', '/wp/v2/movie', { body: { title: 'Heat', status: 'publish', meta: { tmdb_id: 949 } } });
    expect(created.status).toBe(201);
    const out = await stack.runPhp(`
define( 'WP_UNINSTALL_PLUGIN', 'tmu-sidecar/tmu-sidecar.php' );
include WP_PLUGIN_DIR . '/tmu-sidecar/uninstall.php';
echo wp_json_encode( array( 'option' => get_option( 'tmu_sidecar_settings', 'gone' ), 'post' => get_post_type( ${created.body.id} ), 'meta' => get_post_meta( ${created.body.id}, 'tmdb_id', true ) ) );
`);
    expect(JSON.parse(out)).toEqual({ option: 'gone', post: 'movie', meta: '949' });
  });
});
