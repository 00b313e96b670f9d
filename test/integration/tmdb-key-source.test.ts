/**
 * Which TMDb key is in use: `doctor` honours a key pushed from the plugin's settings page and names
 * its source, GET /health/details carries `tmdb_key_source` (never the key), and a missing key is
 * its own answer (`key_missing`), not "invalid key". Before, doctor said "TMDB_API_KEY ... is not
 * set" beside a working pushed key, and no key at all read as an invalid one.
 */
import { runCli } from '../../src/cli/cli';
import { startServer } from '../../src/cli/commands/serve.command';
import { loadConfig } from '../../src/config/config';
import { buildContainer, AppContainer } from '../../src/main';
import { captureLogger } from '../support/tmdb-standin/tmdb-test-kit';
import type { CliIo } from '../../src/cli/cli-io';
import { describeEachDatabase } from '../support/test-databases';
import { signedClient, TEST_WEBHOOK_SECRET } from '../support/signed-client';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';

function captureIo(env: NodeJS.ProcessEnv): CliIo & { stdout: string[] } {
  const stdout: string[] = [];
  return { stdout, out: (l) => stdout.push(l), err: () => undefined, isTty: false, env };
}

describeEachDatabase('which TMDb key is in use', (t) => {
  let h: SyncHarness;
  const apps: AppContainer[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    h = await startSyncHarness(t, { env: { TMU_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, PORT: '0' } });
    env = { ...h.env, TMDB_API_KEY: '', TMDB_MAX_RETRIES: '0', CONTENT_STORE: 'local' };
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await h?.close();
  });

  async function container(): Promise<AppContainer> {
    const app = await buildContainer(loadConfig(env), { logger: captureLogger('error').logger, migrate: false });
    apps.push(app);
    return app;
  }

  async function keySourceOverHttp(app: AppContainer): Promise<unknown> {
    const server = await startServer(app);
    try {
      const res = await signedClient(() => server.url, TEST_WEBHOOK_SECRET).call('GET', '/health/details');
      expect(JSON.stringify(res.body)).not.toContain(h.standin.apiKey);
      return (res.body as { tmdb_key_source?: unknown }).tmdb_key_source;
    } finally {
      await server.close();
    }
  }

  it('says none, and key_missing (not invalid_key), when no key is set anywhere', async () => {
    const app = await container();
    expect(await keySourceOverHttp(app)).toBe('none');
    expect((await app.webhooks.handle({ event: 'connection.test' }, null)).body).toMatchObject({ tmdb: 'key_missing', tmdb_message: 'No TMDb API key is set.' });
    const doctor = captureIo(env);
    expect(await runCli(['doctor'], doctor)).toBe(1);
    expect(doctor.stdout.find((line) => line.includes('tmdb:'))).toMatch(/^FAIL {2}tmdb: .*No TMDb API key is set/);
  });

  it("uses a key pushed from the settings page, and doctor says it is the settings page's", async () => {
    const pusher = await container();
    expect(await pusher.settings.apply({ tmdb_api_key: h.standin.apiKey })).toContain('tmdb_api_key');
    expect(await keySourceOverHttp(pusher)).toBe('settings');

    const doctor = captureIo(env);
    expect(await runCli(['doctor'], doctor)).toBe(0);
    const line = doctor.stdout.find((l) => l.includes('tmdb:')) ?? '';
    expect(line).toMatch(/^ok {4}tmdb: the key saved on the plugin's settings page is in use/);
    expect(line).not.toContain(h.standin.apiKey);
  });

  it('names the environment when TMDB_API_KEY is set (it wins over a pushed key)', async () => {
    const doctor = captureIo({ ...env, TMDB_API_KEY: h.standin.apiKey });
    expect(await runCli(['doctor'], doctor)).toBe(0);
    expect(doctor.stdout.find((l) => l.includes('tmdb:'))).toMatch(/^ok {4}tmdb: the key from the environment/);
    expect(await keySourceOverHttp(h.app)).toBe('environment');
  });
});
