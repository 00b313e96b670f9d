import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/cli';
import type { CliIo } from '../../src/cli/cli-io';
import { countRows } from '../../src/repositories/repositories';
import { describeEachDatabase } from '../support/test-databases';
import { startTmdbStandin, TmdbStandin } from '../../tools/tmdb-standin/tmdb-standin.server';

function captureIo(env: NodeJS.ProcessEnv): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), isTty: false, env };
}

describeEachDatabase('tmu-sidecar CLI', (t) => {
  let standin: TmdbStandin;
  let env: NodeJS.ProcessEnv;
  let uploadsDir: string;
  const rows = async () => {
    const { tmu_api_cache: _cache, ...rest } = await countRows(t.db, t.prefix);
    return rest;
  };

  beforeAll(async () => {
    standin = await startTmdbStandin({ rps: 1000 });
    uploadsDir = mkdtempSync(path.join(tmpdir(), 'tmu-cli-uploads-'));
    env = {
      DATABASE_URL: t.url,
      TMDB_API_KEY: standin.apiKey,
      TMDB_BASE_URL: standin.url,
      TMDB_IMAGE_BASE_URL: standin.imageBaseUrl,
      TMDB_MAX_RPS: '500',
      TMDB_MAX_RETRIES: '1',
      UPLOADS_DIR: uploadsDir,
    };
  });
  afterAll(async () => {
    await standin?.close();
    if (uploadsDir) rmSync(uploadsDir, { recursive: true, force: true });
  });

  it('syncs movie 550, prints a summary, and a second run changes no counts', async () => {
    const io = captureIo(env);
    expect(await runCli(['sync', 'movie', '550', '--no-images'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/created movie 550 "Fight Club" as post \d+, people 258/);
    const movie = await t.db(t.table('tmu_movies')).where({ tmdb_id: 550 }).first();
    expect(movie).toMatchObject({ release_date: '1999-10-15', certification: 'R', runtime: 139, budget: 63000000, revenue: 100853753 });
    expect(movie.star_cast).toMatch(/^a:4:\{/);
    const before = await rows();
    expect(before.tmu_movies_cast).toBe(75);
    expect(before.tmu_people).toBe(258);

    const again = captureIo(env);
    expect(await runCli(['sync', 'movie', '550', '--no-images'], again)).toBe(0);
    expect(again.stdout.join('\n')).toMatch(/updated movie 550/);
    expect(await rows()).toEqual(before);
  });

  it('exits non-zero with a one-line reason for an unknown id or a bad payload, writing nothing', async () => {
    const before = await rows();
    const unknown = captureIo(env);
    expect(await runCli(['sync', 'movie', '999999999'], unknown)).toBe(1);
    expect(unknown.stderr).toHaveLength(1);
    expect(unknown.stderr[0]).toMatch(/^error: tmdb_not_found: /);

    standin.injectFaults([{ match: '/movie/680', kind: 'malformed-payload', times: 1 }]);
    const malformed = captureIo(env);
    expect(await runCli(['sync', 'movie', '680'], malformed)).toBe(1);
    expect(malformed.stderr).toHaveLength(1);
    expect(malformed.stderr[0]).toMatch(/^error: tmdb_bad_payload: /);
    expect(await rows()).toEqual(before);
  });

  it('names a bad setting and never prints the key', async () => {
    const io = captureIo({ ...env, TMDB_MAX_RPS: 'lots' });
    expect(await runCli(['sync', 'movie', '550'], io)).toBe(3);
    expect(io.stderr[0]).toMatch(/TMDB_MAX_RPS/);

    const wrongKey = captureIo({ ...env, TMDB_API_KEY: 'wrong-key-1234567890' });
    // An id not in the response cache, so the request reaches the stand-in.
    expect(await runCli(['sync', 'movie', '13'], wrongKey)).toBe(1);
    expect(wrongKey.stderr[0]).toMatch(/^error: tmdb_auth: /);
    expect(wrongKey.stderr.join('\n')).not.toContain('wrong-key-1234567890');
  });

  it('searches, and doctor says which part fails', async () => {
    const search = captureIo(env);
    expect(await runCli(['search', 'Fight', 'Club', '--type', 'movie'], search)).toBe(0);
    expect(search.stdout.some((l) => /^movie\t550\tFight Club \(1999\)$/.test(l))).toBe(true);

    // The local store asked for by name: on MySQL without it, doctor fails (below).
    const doctor = captureIo({ ...env, CONTENT_STORE: 'local' });
    expect(await runCli(['doctor'], doctor)).toBe(0);
    expect(doctor.stdout.filter((l) => l.startsWith('ok '))).toHaveLength(4);

    const unnamed = captureIo(env);
    expect(await runCli(['doctor'], unnamed)).toBe(t.kind === 'mysql' ? 1 : 0);
    expect(unnamed.stdout.find((l) => l.includes('wordpress:'))).toMatch(
      t.kind === 'mysql' ? /^FAIL {2}wordpress: config_invalid: DATABASE_URL is MySQL but WP_URL is not set/ : /^ok {4}wordpress: not configured/,
    );

    const badKey = captureIo({ ...env, TMDB_API_KEY: 'not-the-key-0000' });
    expect(await runCli(['doctor'], badKey)).toBe(1);
    expect(badKey.stdout.find((l) => l.includes('tmdb'))).toMatch(/^FAIL {2}tmdb: tmdb_auth/);
  });

  it('rejects bad usage with exit code 2', async () => {
    const io = captureIo(env);
    expect(await runCli(['sync', 'film', '1'], io)).toBe(2);
    expect(await runCli(['frobnicate'], io)).toBe(2);
  });
});
