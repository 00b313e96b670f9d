/**
 * The plugin in wp-admin on a real WordPress with the sidecar set in wp-config.php and a fake sidecar:
 * the meta box saves the TMDb id and auto-syncs, code saves and deletes reach the sidecar, and the
 * settings page keeps the API key to itself and shows the constants as locked.
 */
import { randomBytes } from 'node:crypto';

import { FakeSidecar } from './support/fake-sidecar';
import { adminPage, expectSigned, hiddenValue, makeApi, postForm, SECRET } from './support/plugin-requests';
import { pluginLogLines, startConstantsSite } from './support/plugin-site';
import { phpString, WordPressStack, WordPressUser } from './support/wordpress-stack';

describe('TMU Sidecar plugin in a real WordPress (constants in wp-config.php): wp-admin', () => {
  let stack: WordPressStack;
  let sidecar: FakeSidecar;
  let subscriber: WordPressUser;
  const api = makeApi(() => stack);

  beforeAll(async () => {
    ({ stack, sidecar } = await startConstantsSite({ wpPort: 18223, sidecarPort: 18923, dbName: 'tmu_e2e_plugin_admin' }));
    subscriber = await stack.createUser('sub', 'subscriber');
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await sidecar?.close();
  });

  beforeEach(() => sidecar.reset());

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
    const lines = pluginLogLines(stack);
    // "not delivered" lines are the expected diagnostics of fire-and-forget events while the sidecar was down.
    expect(lines.filter((line) => !line.includes('not delivered'))).toEqual([]);
  });
});
