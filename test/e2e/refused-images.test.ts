/**
 * A real WordPress that refuses some uploads (a must-use plugin fails every backdrop and portrait
 * upload, as a full disk or a web server's body limit would): the title, its rows and its people
 * are still written, the refused images are listed on the job and the post, no empty file is left,
 * and the next sync without the refusal uploads them. Also: TABLE_PREFIX checked against the
 * prefix WordPress reports, by doctor and by Test connection.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../../src/cli/cli';
import type { CliIo } from '../../src/cli/cli-io';
import { loadConfig } from '../../src/config/config';
import { buildContainer } from '../../src/main';
import { captureLogger } from '../support/tmdb-standin/tmdb-test-kit';
import { startFullStack, FullStack } from './support/full-stack';

jest.setTimeout(600_000);

const REFUSING_PLUGIN = 'refuse-big-images.php';
/**
 * Fails the upload as a full disk does: the file's copy in the uploads folder is left empty and
 * WordPress answers 500 rest_upload_*. Runs after the plugin's own prefilter, which made the folder.
 */
const REFUSE_BACKDROPS_AND_PORTRAITS = `<?php
add_filter( 'wp_handle_upload_prefilter', static function ( $file ) {
	if ( preg_match( '/-(backdrop|profile)\\.(webp|jpg)$/', (string) $file['name'] ) ) {
		$uploads = wp_upload_dir();
		file_put_contents( trailingslashit( $uploads['path'] ) . sanitize_file_name( $file['name'] ), '' );
		$file['error'] = 'No space left on device';
	}
	return $file;
}, 20 );
// The same refusal through the plugin's media route: the part arrives as PHP reports a failed write.
add_filter( 'rest_pre_dispatch', static function ( $result, $server, $request ) {
	if ( '/tmu/v1/media' === $request->get_route() ) {
		$files = $request->get_file_params();
		foreach ( $files as $field => $part ) {
			if ( preg_match( '/-(backdrop|profile)(-\\d+x\\d+)?\\.(webp|jpg)$/', (string) $part['name'] ) ) {
				$files[ $field ]['error'] = UPLOAD_ERR_CANT_WRITE;
			}
		}
		$request->set_file_params( $files );
	}
	return $result;
}, 10, 3 );
`;

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

function captureIo(env: NodeJS.ProcessEnv): CliIo & { stdout: string[] } {
  const stdout: string[] = [];
  return { stdout, out: (l) => stdout.push(l), err: () => undefined, isTty: false, env };
}

describe('images a real WordPress refuses', () => {
  let s: FullStack;
  let postId: number;
  let skipped: string[];
  const refusingPlugin = () => path.join(s.wp.wpDir, 'wp-content', 'mu-plugins', REFUSING_PLUGIN);
  const attachmentPaths = async (): Promise<string[]> =>
    (await s.app.db(`${s.wp.tablePrefix}postmeta`).where({ meta_key: 'tmdb_file_path' }).select('meta_value')).map((r) => String(r.meta_value));
  const sidecarEnv = (): NodeJS.ProcessEnv => ({
    DATABASE_URL: s.wp.db.url,
    TABLE_PREFIX: s.wp.tablePrefix,
    WP_URL: s.wp.url,
    WP_USERNAME: s.wp.admin.username,
    WP_APP_PASSWORD: s.wp.appPassword,
    TMDB_API_KEY: s.standin.apiKey,
    TMDB_BASE_URL: s.standin.url,
    TMDB_IMAGE_BASE_URL: s.standin.imageBaseUrl,
  });

  async function syncNow(): Promise<Record<string, any>> {
    const queued = await s.api('POST', '/tmu/v1/sync', { body: { post_id: postId } });
    expect(queued.status).toBe(202);
    return s.waitForJob(queued.body.job_id);
  }

  beforeAll(async () => {
    s = await startFullStack({ wpPort: 18113, sidecarPort: 18813, dbName: `tmu_e2e_refused_${process.pid}` });
  });
  afterAll(async () => s?.close());

  it('syncs the title, its rows and its people, and lists the refused images on the job and the post', async () => {
    fs.writeFileSync(refusingPlugin(), REFUSE_BACKDROPS_AND_PORTRAITS);
    const created = await s.api('POST', '/wp/v2/movie', { body: { title: '', status: 'draft', meta: { tmdb_id: 550 } } });
    expect(created.status).toBe(201);
    postId = created.body.id;

    const job = await syncNow();
    expect(job.status).toBe('succeeded');
    const post = await s.api('GET', `/wp/v2/movie/${postId}`, { query: { context: 'edit' } });
    expect(post.body.title.raw).toBe('Fight Club');
    skipped = String(post.body.meta.tmu_skipped_images).split(' ').filter(Boolean);
    expect(skipped.length).toBeGreaterThan(0);
    for (const filePath of skipped) expect(filePath).toMatch(/^\/[A-Za-z0-9._-]+$/);
    expect(job.log.join('\n')).toContain(`${skipped.length} images refused by WordPress and skipped until the next sync (${skipped.join(' ')})`);
    // The poster was not refused: it is the featured image.
    expect(post.body.featured_media).toBeGreaterThan(0);
    const attached = await attachmentPaths();
    expect(skipped.filter((p) => attached.includes(p))).toEqual([]);

    const row = await s.app.db(`${s.wp.tablePrefix}tmu_movies`).where({ ID: postId }).first();
    expect(row).toMatchObject({ tmdb_id: 550 });
    const [{ n: cast }] = await s.app.db(`${s.wp.tablePrefix}tmu_movies_cast`).where({ movie: postId }).count({ n: '*' });
    expect(Number(cast)).toBeGreaterThan(0);

    // The sync meta is for editors only.
    const visitor = await s.api('GET', `/wp/v2/movie/${postId}`, { auth: null });
    expect(visitor.body.meta?.tmu_skipped_images).toBeUndefined();
  });

  it('refreshes every person though their portraits are refused, and leaves no empty file', async () => {
    await s.waitForIdle();
    const failed = await s.app.db(`${s.wp.tablePrefix}tmu_sync_jobs`).where({ status: 'failed' }).select('type', 'error');
    expect(failed).toEqual([]);
    const [{ n: waiting }] = await s.app.db(`${s.wp.tablePrefix}tmu_people`).whereNull('synced_at').count({ n: '*' });
    expect(Number(waiting)).toBe(0);
    const [pitt] = await s.app.db(`${s.wp.tablePrefix}tmu_people`).where({ tmdb_id: 287 }).select('ID');
    const person = await s.api('GET', `/wp/v2/people/${pitt.ID}`, { query: { context: 'edit' } });
    expect(String(person.body.meta.tmu_skipped_images)).toMatch(/^\/\S+$/);
    expect(filesUnder(s.wp.uploadsDir).filter((file) => fs.statSync(file).size === 0)).toEqual([]);
  });

  it('uploads the refused images at the next sync once WordPress takes them', async () => {
    fs.rmSync(refusingPlugin());
    const job = await syncNow();
    expect(job.status).toBe('succeeded');
    expect(job.log.join('\n')).not.toContain('refused by WordPress');
    const post = await s.api('GET', `/wp/v2/movie/${postId}`, { query: { context: 'edit' } });
    expect(post.body.meta.tmu_skipped_images).toBe('');
    const attached = await attachmentPaths();
    expect(skipped.filter((p) => !attached.includes(p))).toEqual([]);
  });

  it('doctor and Test connection fail on a TABLE_PREFIX that is not WordPress’s, and name the right one', async () => {
    const right = captureIo(sidecarEnv());
    expect(await runCli(['doctor'], right)).toBe(0);
    expect(right.stdout.find((l) => l.includes('wordpress:'))).toMatch(
      /^ok {4}wordpress: .*tables wp_tmu_\*; PHP max_execution_time \d+ s, memory_limit [^,]+, batch limit \d+ writes$/,
    );

    const wrong = captureIo({ ...sidecarEnv(), TABLE_PREFIX: 'wpx_' });
    expect(await runCli(['doctor'], wrong)).toBe(1);
    expect(wrong.stdout.find((l) => l.includes('wordpress:'))).toMatch(
      /^FAIL {2}wordpress: table_prefix_mismatch: TABLE_PREFIX is "wpx_" but WordPress's table prefix is "wp_".*set TABLE_PREFIX=wp_$/,
    );

    const app = await buildContainer(loadConfig({ ...sidecarEnv(), TABLE_PREFIX: 'wpx_' }), { logger: captureLogger('error').logger, migrate: false });
    try {
      const answer = await app.webhooks.handle({ event: 'connection.test' }, null);
      expect(answer.body).toMatchObject({ wordpress: 'wrong_prefix', wordpress_message: expect.stringContaining('set TABLE_PREFIX=wp_') });
    } finally {
      await app.close();
    }
    expect((await s.app.webhooks.handle({ event: 'connection.test' }, null)).body).toMatchObject({ wordpress: 'ok' });
  });
});
