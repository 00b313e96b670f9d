/**
 * The whole product on a real stack: WordPress 6.1 with the plugin, MariaDB, the sidecar
 * (HTTP API + worker, writing through the WP REST API) and the TMDb stand-in.
 */
import { createColumnCodec } from '../../src/mappers/column-codec';
import { buildContainer } from '../../src/main';
import { startFullStack, FullStack } from './support/full-stack';

jest.setTimeout(600_000);

const php = createColumnCodec('php');

describe('sync through a real WordPress', () => {
  let s: FullStack;
  let moviePostId: number;

  beforeAll(async () => {
    s = await startFullStack({ wpPort: 18085, sidecarPort: 18785, dbName: `tmu_e2e_sync_${process.pid}` });
  });
  afterAll(async () => s?.close());

  async function syncPost(postId: number, options?: Record<string, unknown>) {
    const queued = await s.api('POST', '/tmu/v1/sync', { body: { post_id: postId, ...(options ? { options } : {}) } });
    expect(queued.status).toBe(202);
    const job = await s.waitForJob(queued.body.job_id);
    expect(job).toMatchObject({ status: 'succeeded' });
    return job;
  }

  /** WordPress requests made while fn runs: total and by "METHOD /route". */
  async function countWordPressRequests(fn: () => Promise<unknown>): Promise<{ total: number; byRoute: Record<string, number> }> {
    const before = await s.wordPressRequests();
    await fn();
    const after = await s.wordPressRequests();
    const byRoute: Record<string, number> = {};
    for (const [route, n] of after) if (n - (before.get(route) ?? 0) > 0) byRoute[route] = n - (before.get(route) ?? 0);
    const total = Object.values(byRoute).reduce((a, b) => a + b, 0);
    console.log(`WordPress requests: ${total} ${JSON.stringify(byRoute)}`);
    return { total, byRoute };
  }

  /**
   * The WordPress requests of one sync job alone. The job's end is read from the job table every few ms
   * (not through WordPress, which is slow under load), so the people.refresh job that starts right after
   * it is not counted with it.
   */
  async function countSyncRequests(postId: number) {
    let jobId = 0;
    const counted = await countWordPressRequests(async () => {
      const queued = await s.api('POST', '/tmu/v1/sync', { body: { post_id: postId } });
      expect(queued.status).toBe(202);
      jobId = queued.body.job_id;
      expect(await s.waitForJobEnd(jobId)).toBe('succeeded');
    });
    expect(await s.waitForJob(jobId)).toMatchObject({ status: 'succeeded' });
    return counted;
  }

  it('syncs a movie an editor created with TMDb id 550 when Sync now is clicked', async () => {
    const created = await s.api('POST', '/wp/v2/movie', { body: { title: '', status: 'draft', meta: { tmdb_id: 550 } } });
    expect(created.status).toBe(201);
    moviePostId = created.body.id;
    const firstSync = await countSyncRequests(moviePostId);
    // 258 credited people, 11 images, terms, videos: batched, at most 40 requests (was about 1,100).
    expect(firstSync.total).toBeLessThanOrEqual(40);
    // One look-up for all of a title's new images, not one per upload (26 in all, 8 resolves, when measured).
    expect(firstSync.byRoute['POST /tmu/v1/resolve']).toBeLessThanOrEqual(10);
    expect(firstSync.total).toBeLessThanOrEqual(30);
    expect(firstSync.byRoute['POST /batch/v1']).toBeGreaterThan(0);
    // The people's own details follow in a background job, in batches too: far fewer requests than people.
    const details = await countWordPressRequests(() => s.waitForIdle());
    expect(details.total).toBeLessThanOrEqual(40);
    // The portraits of a round share one look-up too (20 in all, 6 resolves, when measured).
    expect(details.byRoute['POST /tmu/v1/resolve'] ?? 0).toBeLessThanOrEqual(8);
    const [{ n: waiting }] = await s.app.db('wp_tmu_people').whereNull('synced_at').count({ n: '*' });
    expect(Number(waiting)).toBe(0);

    const post = await s.api('GET', `/wp/v2/movie/${moviePostId}`, { query: { context: 'edit' } });
    expect(post.body.title.raw).toBe('Fight Club');
    expect(post.body.content.raw).toMatch(/insomniac/);
    for (const taxonomy of ['genre', 'country', 'language', 'by-year', 'keyword']) {
      expect(post.body[taxonomy].length).toBeGreaterThan(0);
    }
    const years = await s.api('GET', '/wp/v2/by-year', { query: { include: post.body['by-year'].join(',') } });
    expect(years.body.map((t: { name: string }) => t.name)).toContain('1999');
    expect(post.body.meta.tmu_last_synced_at).not.toBe('');
    expect(post.body.meta.tmu_last_error).toBe('');

    const media = await s.api('GET', `/wp/v2/media/${post.body.featured_media}`);
    expect(media.body.mime_type).toBe('image/webp');
    expect(media.body.media_details.width).toBeLessThanOrEqual(780);
    expect(media.body.alt_text).toBe('Fight Club');

    const row = await s.app.db('wp_tmu_movies').where({ tmdb_id: 550 }).first();
    expect(row.ID).toBe(moviePostId);
    expect(row).toMatchObject({ release_date: '1999-10-15', certification: 'R', runtime: 139 });
    const stars = php.decode(row.star_cast) as Array<{ person: number }>;
    const people = await s.api('GET', '/wp/v2/people', { query: { include: stars.map((x) => x.person).join(','), status: 'any' } });
    expect(people.body.map((p: { title: { rendered: string } }) => p.title.rendered)).toEqual(expect.arrayContaining(['Edward Norton', 'Brad Pitt', 'Helena Bonham Carter']));
    const cast = await s.app.db('wp_tmu_movies_cast').where({ movie: moviePostId });
    expect(cast.length).toBe(75);
    const castPosts = await s.app
      .db('wp_posts')
      .whereIn(
        'ID',
        cast.map((c) => c.person),
      )
      .andWhere({ post_type: 'people' });
    expect(castPosts.length).toBe(new Set(cast.map((c) => c.person)).size);
    const crew = await s.app.db('wp_tmu_movies_crew').where({ movie: moviePostId });
    expect(crew.length).toBeGreaterThan(100);

    const videos = await s.app.db('wp_tmu_videos').where({ post_id: moviePostId });
    expect(videos.length).toBeGreaterThan(0);
    const videoPosts = await s.app
      .db('wp_posts')
      .whereIn(
        'ID',
        videos.map((v) => v.ID),
      )
      .andWhere({ post_type: 'video' });
    expect(videoPosts).toHaveLength(videos.length);
    expect(php.decode(row.videos)).toEqual(videos.map((v) => Number(v.ID)).sort((a, b) => a - b));
  });

  it('changes nothing when synced again: posts, terms, attachments, rows and upload files', async () => {
    const before = await s.snapshot();
    const resync = await countSyncRequests(moviePostId);
    // Reads in one resolve request (no image lookup of its own), the sync stamp in one batch.
    expect(resync.total).toBeLessThanOrEqual(5);
    expect(Object.keys(resync.byRoute).filter((r) => r.includes('/media'))).toEqual([]);
    await s.waitForIdle();
    expect(await s.snapshot()).toEqual(before);
  });

  it('keeps a title an editor changed by hand', async () => {
    await s.api('POST', `/wp/v2/movie/${moviePostId}`, { body: { title: 'Fight Club (Director’s notes)' } });
    await syncPost(moviePostId);
    const post = await s.api('GET', `/wp/v2/movie/${moviePostId}`, { query: { context: 'edit' } });
    expect(post.body.title.raw).toBe('Fight Club (Director’s notes)');
    expect(post.body.content.raw).toMatch(/insomniac/);
  });

  it('fills an auto-draft from a fresh editor screen and keeps it from being garbage-collected', async () => {
    const id = Number(
      await s.wp.runPhp(`
        $id = wp_insert_post(array('post_type' => 'movie', 'post_title' => 'Auto Draft', 'post_status' => 'auto-draft'));
        update_post_meta($id, 'tmdb_id', 603);
        echo $id;
      `),
    );
    await syncPost(id, { images: false, credits: false });
    const post = await s.api('GET', `/wp/v2/movie/${id}`, { query: { context: 'edit' } });
    expect(post.body.title.raw).toBe('The Matrix');
    expect(post.body.status).toBe('draft');
  });

  it('imports TV 1399 with every season: season and episode posts, rows and the seasons column', async () => {
    const queued = await s.api('POST', '/tmu/v1/import', { body: { type: 'tv', tmdb_id: 1399 } });
    expect(queued.status).toBe(202);
    const job = await s.waitForJob(queued.body.job_id);
    expect(job.status).toBe('succeeded');
    const series = await s.app.db('wp_tmu_tv_series').where({ tmdb_id: 1399 }).first();
    const seasons = await s.app.db('wp_tmu_tv_series_seasons').where({ tv_series: series.ID }).orderBy('season_no');
    expect(seasons.map((r) => Number(r.season_no))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(php.decode(series.seasons)).toEqual(seasons.map((r) => String(r.ID)));
    const seasonPosts = await s.app.db('wp_posts').whereIn(
      'ID',
      seasons.map((r) => r.ID),
    );
    expect(seasonPosts.every((p) => p.post_type === 'season')).toBe(true);
    expect(seasonPosts.find((p) => Number(p.ID) === Number(seasons[0].ID))?.post_title).toBe('Game of Thrones - Season 1');
    const episodes = await s.app.db('wp_tmu_tv_series_episodes').where({ tv_series: series.ID });
    expect(episodes).toHaveLength(73);
    const episodePosts = await s.app
      .db('wp_posts')
      .whereIn(
        'ID',
        episodes.map((e) => e.ID),
      )
      .andWhere({ post_type: 'episode' });
    expect(episodePosts).toHaveLength(73);
    expect(episodePosts.map((p) => p.post_title)).toContain('Game of Thrones - Season 1 Episode 1');
    // Episode credits name every guest star and crew member as a people post, in the legacy shape.
    const pilot = episodes.find((e) => Number(e.season_no) === 1 && Number(e.episode_no) === 1);
    const credits = php.decode(pilot.credits) as { cast: Array<{ person: number; department: string; acting_job: string }>; crew: Array<Record<string, string | number>> };
    expect(credits.cast.length).toBeGreaterThan(10);
    expect(credits.crew.length).toBeGreaterThan(0);
    expect(credits.cast.every((c) => c.department === 'Acting' && typeof c.acting_job === 'string')).toBe(true);
    expect(credits.crew.every((c) => typeof c[`${String(c.department).toLowerCase()}_job`] === 'string')).toBe(true);
    const credited = [...credits.cast.map((c) => c.person), ...credits.crew.map((c) => Number(c.person))];
    const creditedPosts = await s.app.db('wp_posts').whereIn('ID', credited).andWhere({ post_type: 'people' });
    expect(creditedPosts).toHaveLength(new Set(credited).size);
    const network = await s.api('GET', `/wp/v2/tv/${series.ID}`);
    expect(network.body.network.length).toBeGreaterThan(0);
    // The network's logo is uploaded once and kept as the term meta `logo` (an attachment id).
    const term = await s.api('GET', `/wp/v2/network/${network.body.network[0]}`);
    expect(term.body.meta.logo).toBeGreaterThan(0);
    const logo = await s.api('GET', `/wp/v2/media/${term.body.meta.logo}`);
    expect(logo.status).toBe(200);
  });

  it('imports a drama and a person', async () => {
    const drama = await s.api('POST', '/tmu/v1/import', { body: { type: 'drama', tmdb_id: 1396, options: { credits: false, images: false } } });
    expect((await s.waitForJob(drama.body.job_id)).status).toBe('succeeded');
    const row = await s.app.db('wp_tmu_dramas').where({ tmdb_id: 1396 }).first();
    const post = await s.app.db('wp_posts').where({ ID: row.ID }).first();
    expect(post).toMatchObject({ post_type: 'drama', post_title: 'Breaking Bad' });
    const episodes = await s.app.db('wp_tmu_dramas_episodes').where({ dramas: row.ID });
    expect(new Set(episodes.map((e) => Number(e.season_no))).size).toBeGreaterThan(1);

    const person = await s.api('POST', '/tmu/v1/import', { body: { type: 'person', tmdb_id: 287 } });
    expect((await s.waitForJob(person.body.job_id)).status).toBe('succeeded');
    const pitt = await s.app.db('wp_tmu_people').where({ tmdb_id: 287 }).first();
    expect(pitt).toMatchObject({ gender: 'Male', date_of_birth: '1963-12-18' });
    const pittPost = await s.api('GET', `/wp/v2/people/${pitt.ID}`);
    expect(pittPost.body.title.rendered).toBe('Brad Pitt');
    expect(pittPost.body.featured_media).toBeGreaterThan(0);
  });

  it('unserializes the PHP columns in WordPress into the arrays the legacy templates expect', async () => {
    const out = await s.wp.runPhp(`
      global $wpdb;
      $row = $wpdb->get_row("SELECT * FROM {$wpdb->prefix}tmu_movies WHERE tmdb_id = 550");
      $stars = unserialize($row->star_cast);
      $images = unserialize($row->images);
      $ep = $wpdb->get_row("SELECT credits FROM {$wpdb->prefix}tmu_tv_series_episodes WHERE season_no = 1 AND episode_no = 1");
      $credits = unserialize($ep->credits);
      echo json_encode(array(
        'stars' => $stars,
        'first_star_title' => get_the_title($stars[0]['person']),
        'images_are_attachments' => array_values(array_unique(array_map('get_post_type', $images))),
        'credits_keys' => array_keys($credits),
        'cast_entry_keys' => isset($credits['cast'][0]) ? array_keys($credits['cast'][0]) : array(),
      ));
    `);
    const result = JSON.parse(out);
    expect(result.stars).toHaveLength(4);
    expect(result.stars[0]).toEqual({ person: expect.any(Number), character: 'Narrator' });
    expect(result.first_star_title).toBe('Edward Norton');
    expect(result.images_are_attachments).toEqual(['attachment']);
    expect(result.credits_keys).toEqual(['cast', 'crew']);
  });

  it('rejects unsigned, stale and tampered webhooks at the sidecar, and runs nothing', async () => {
    const jobs = async () => Number((await s.app.db('wp_tmu_sync_jobs').count({ n: '*' }))[0].n);
    const before = await jobs();
    const body = JSON.stringify({ event: 'sync.requested', type: 'movie', tmdb_id: 680 });
    const { signedHeaders } = await import('../../src/http/webhook-signature');
    const { E2E_SECRET } = await import('./support/full-stack');
    const send = (headers: Record<string, string>, payload = body) =>
      fetch(`${s.sidecarUrl}/webhooks/wordpress`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload });
    expect((await send({})).status).toBe(401);
    const stale = signedHeaders(E2E_SECRET, 'POST', '/webhooks/wordpress', body, 'stale-1', Date.now() - 600_000);
    expect((await send(stale)).status).toBe(401);
    const signed = signedHeaders(E2E_SECRET, 'POST', '/webhooks/wordpress', body, 'tampered-1');
    expect((await send(signed, body.replace('680', '681'))).status).toBe(401);
    expect(await jobs()).toBe(before);
  });

  it('removes the rows of a deleted post', async () => {
    const row = await s.app.db('wp_tmu_movies').where({ tmdb_id: 550 }).first();
    const deleted = await s.api('DELETE', `/wp/v2/movie/${row.ID}`, { query: { force: 'true' } });
    expect(deleted.status).toBe(200);
    for (let i = 0; i < 40; i += 1) {
      if ((await s.app.db('wp_tmu_movies').where({ ID: row.ID })).length === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(await s.app.db('wp_tmu_movies').where({ ID: row.ID })).toHaveLength(0);
    expect(await s.app.db('wp_tmu_movies_cast').where({ movie: row.ID })).toHaveLength(0);
    expect(await s.app.db('wp_tmu_videos').where({ post_id: row.ID })).toHaveLength(0);
  });
  it('makes one post when two sidecar processes create the same person at once', async () => {
    // A second container on the same WordPress and database: another sidecar process, with its own in-process queues.
    const other = await buildContainer(s.app.config, { logger: s.app.logger, migrate: false });
    try {
      const input = { type: 'people' as const, key: '990001', tmdbId: 990001, title: 'Raced Person', status: 'publish' as const };
      const refs = await Promise.all([
        s.app.store.findOrCreatePost(input),
        other.store.findOrCreatePost(input),
        s.app.store.findOrCreatePost(input),
        other.store.findOrCreatePost(input),
      ]);
      expect(new Set(refs.map((r) => r.id)).size).toBe(1);
      expect(refs.filter((r) => r.created)).toHaveLength(1);
      const found = await s.api('GET', '/wp/v2/people', { query: { tmdb_id: 990001, status: 'any', context: 'edit' } });
      expect(found.body).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});
