/**
 * The plugin against a real WordPress (Debian's package, php -S, MariaDB) configured on its settings
 * page, with no constants in wp-config.php, and a local HTTP server playing the sidecar that checks the
 * signatures of what the settings page pushes.
 */
import { randomBytes } from 'node:crypto';

import { FakeSidecar, startFakeSidecar } from './support/fake-sidecar';
import { adminPage, expectSigned, makeApi, postForm, relativeUrl, settingsFormFields } from './support/plugin-requests';
import { startWordPressStack, WordPressStack } from './support/wordpress-stack';

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
      // The where-to-watch region the form left at its default.
      watch_region: 'US',
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
