/**
 * A real WordPress 6.1 whose every REST answer starts with a PHP warning (display_errors on, as
 * on many PHP 8.2 hosts with an older plugin): syncs read the JSON after it and create nothing
 * twice, and doctor and Test connection say what to change instead of blaming capabilities.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CliIo } from '../../src/cli/cli-io';
import { runDoctor } from '../../src/cli/commands/doctor.command';
import { startFullStack, FullStack } from './support/full-stack';

jest.setTimeout(900_000);

/**
 * Prints a warning into every REST answer before WordPress's JSON. The output buffer stands for
 * php.ini's output_buffering (4096 in both shipped php.ini files), which keeps status and headers
 * intact; `php -S` has none by default.
 */
const NOTICE_PLUGIN = `<?php
declare(strict_types=1);
if ( ! defined( 'ABSPATH' ) ) {
	exit;
}
add_action(
	'rest_api_init',
	static function (): void {
		ini_set( 'display_errors', '1' );
		ini_set( 'html_errors', '1' );
		ob_start();
		$legacy = array();
		echo $legacy['tmu_e2e_legacy_option'];
	}
);
`;

function captureIo(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (line) => lines.push(line), err: (line) => lines.push(line), isTty: false, env: {} };
}

/** The JSON after the warnings: the first brace from which the rest parses (read without the code under test). */
function jsonAfterNotice(body: unknown): any {
  if (typeof body !== 'string') return body;
  for (let i = 0; i < body.length; i += 1) {
    if (body[i] !== '{' && body[i] !== '[') continue;
    try {
      return JSON.parse(body.slice(i));
    } catch {
      // a bracket inside the warning text
    }
  }
  throw new Error(`no JSON in ${body.slice(0, 300)}`);
}

describe('a WordPress that prints PHP warnings into its REST answers', () => {
  let s: FullStack;

  beforeAll(async () => {
    s = await startFullStack({ wpPort: 18111, sidecarPort: 18811, dbName: `tmu_e2e_php_notice_${process.pid}` });
  });
  afterAll(async () => s?.close());

  /** Posts of a type carrying one TMDb id, and how many distinct ids they carry. */
  async function postsOfType(type: string): Promise<{ posts: number; distinctIds: number }> {
    const p = s.wp.tablePrefix;
    const rows: Array<{ ID: number; tmdb: string | null }> = await s.app
      .db(`${p}posts as p`)
      .leftJoin(`${p}postmeta as m`, function joinMeta() {
        this.on('m.post_id', 'p.ID').andOnVal('m.meta_key', 'tmdb_id');
      })
      .where('p.post_type', type)
      .whereNot('p.post_status', 'auto-draft')
      .select('p.ID', 'm.meta_value as tmdb');
    return { posts: rows.length, distinctIds: new Set(rows.map((r) => r.tmdb ?? `post:${r.ID}`)).size };
  }

  async function syncNow(postId: number): Promise<{ status: string; error: string | null }> {
    const queued = await s.api('POST', '/tmu/v1/sync', { body: { post_id: postId } });
    expect(queued.status).toBe(202);
    const jobId = Number(jsonAfterNotice(queued.body).job_id);
    const status = await s.waitForJobEnd(jobId, 600_000);
    await s.waitForIdle(600_000);
    const job = await s.app.db(`${s.wp.tablePrefix}tmu_sync_jobs`).where({ id: jobId }).first('error');
    return { status, error: job?.error ?? null };
  }

  it('syncs Fight Club twice into one movie post and one post per person, and both jobs succeed', async () => {
    const created = await s.api('POST', '/wp/v2/movie', { body: { title: '', status: 'draft', meta: { tmdb_id: 550 } } });
    expect(created.status).toBe(201);
    const postId = Number(created.body.id);

    fs.writeFileSync(path.join(s.wp.wpDir, 'wp-content', 'mu-plugins', 'e2e-php-notice.php'), NOTICE_PLUGIN);
    const raw = await (await fetch(s.wp.restUrl('/wp/v2/types'), { headers: { Authorization: s.wp.authHeader } })).text();
    // The fault is there: the answer does not start with JSON.
    console.log(`a REST answer now starts: ${raw.slice(0, 400)}`);
    expect(raw).toMatch(/^\s*<br \/>\s*<b>(Warning|Deprecated)<\/b>: /);
    expect(raw).toMatch(/<b>Warning<\/b>: +Undefined array key "tmu_e2e_legacy_option"/);

    const first = await syncNow(postId);
    expect(first).toEqual({ status: 'succeeded', error: null });
    const afterFirst = { movies: await postsOfType('movie'), people: await postsOfType('people'), snapshot: await s.snapshot() };
    expect(afterFirst.movies).toEqual({ posts: 1, distinctIds: 1 });
    expect(afterFirst.people.posts).toBeGreaterThan(100);
    expect(afterFirst.people.distinctIds).toBe(afterFirst.people.posts);

    const second = await syncNow(postId);
    expect(second).toEqual({ status: 'succeeded', error: null });
    const afterSecond = await s.snapshot();
    expect(await postsOfType('movie')).toEqual({ posts: 1, distinctIds: 1 });
    expect(await postsOfType('people')).toEqual(afterFirst.people);
    for (const key of ['posts:movie', 'posts:people', 'posts:attachment', 'posts:video', 'terms', 'tmu_movies', 'tmu_people', 'upload_files']) {
      expect([key, afterSecond[key]]).toEqual([key, afterFirst.snapshot[key]]);
    }
    const post = jsonAfterNotice((await s.api('GET', `/wp/v2/movie/${postId}`, { query: { context: 'edit' } })).body);
    expect(post.title.raw).toBe('Fight Club');
  });

  it('fails doctor with display_errors named, not with missing capabilities', async () => {
    const io = captureIo();
    expect(await runDoctor(s.app, io)).toBe(false);
    const line = io.lines.find((l) => / wordpress: /.test(l)) ?? '';
    expect(line).toMatch(/^FAIL {2}wordpress: php_output: WordPress REST answers start with PHP output \("Warning: Undefined array key "tmu_e2e_legacy_option" in /);
    expect(line).toMatch(/display_errors = Off/);
    expect(line).not.toMatch(/lacks|edit_posts|upload_files|<b>/);
  });

  it('answers Test connection with the PHP output and what to change', async () => {
    const probe = await s.api('POST', '/tmu/v1/test-connection');
    const body = jsonAfterNotice(probe.body);
    expect(body).toMatchObject({ ok: false, failed: 'wordpress', checks: { sidecar: 'ok', signature: 'ok', tmdb: 'ok', wordpress: 'failed' } });
    expect(body.causes.wordpress).toBe('PHP output in REST answers');
    expect(body.message).toMatch(/display_errors/);
  });
});
