/**
 * What the site keeps and says about itself, on the whole product (WordPress 6.1 with the plugin,
 * MariaDB, the sidecar, the TMDb stand-in, Chromium): the TMDb key is sealed in wp_options, a
 * failed sync never reads as "Last synced", a trashed post is "In trash" on the import screen and
 * the user picks restore or a new post, and Test connection tells a sidecar that does not answer in
 * time from one that refuses.
 * Screenshots land in test-artifacts/.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Page } from 'playwright-core';
import { SecretBox } from '../../src/services/settings.service';
import { AdminStack, startAdminStack } from './support/admin-stack';
import { openAdmin, saveScreenshot } from './support/browser';
import { E2E_SECRET, FullStack } from './support/full-stack';
import { phpString } from './support/wordpress-stack';

jest.setTimeout(600_000);

const SETTINGS_PAGE = 'options-general.php?page=tmu-sidecar';
const IMPORT_PAGE = 'tools.php?page=tmu-import';
const SEALED_PREFIX = 'tmu-sealed:v1:';
const QUICK = { images: false, videos: false, credits: false };
/** Ids of 900000000 and above answer 404 on the stand-in. */
const MISSING_ID = 900_000_555;

describe('The library tells the truth', () => {
  let admin: AdminStack | undefined;
  let s: FullStack;
  let page: Page;

  // The row as a copy of the database would hold it, read past every cache.
  const optionRow = (): Promise<string> =>
    s.wp.runPhp(`global $wpdb; echo (string) $wpdb->get_var( "SELECT option_value FROM {$wpdb->options} WHERE option_name = 'tmu_sidecar_settings'" );`);
  const storedPlainKey = (key: string) =>
    s.wp.runPhp(`
global $wpdb;
$settings = get_option( 'tmu_sidecar_settings', array() );
$settings = is_array( $settings ) ? $settings : array();
$settings['tmdb_api_key'] = ${phpString(key)};
// Straight to the table, as an earlier version of the plugin left it.
$wpdb->update( $wpdb->options, array( 'option_value' => maybe_serialize( $settings ) ), array( 'option_name' => 'tmu_sidecar_settings' ) );
wp_cache_delete( 'tmu_sidecar_settings', 'options' );
wp_cache_delete( 'alloptions', 'options' );
echo 'ok';
`);

  const popularMovies = async (): Promise<Array<{ tmdb_id: number; title: string }>> => {
    const answer = await s.api('GET', '/tmu/v1/tmdb/browse', { query: { source: 'popular', type: 'movie', page: 1 } });
    expect(answer.status).toBe(200);
    return answer.body.items;
  };
  const moviePosts = async (tmdbId: number): Promise<Array<{ ID: number; post_status: string }>> =>
    JSON.parse(
      await s.wp.runPhp(`
global $wpdb;
echo wp_json_encode( $wpdb->get_results( $wpdb->prepare( "SELECT p.ID, p.post_status FROM {$wpdb->posts} p JOIN {$wpdb->postmeta} m ON m.post_id = p.ID AND m.meta_key = 'tmdb_id' WHERE p.post_type = 'movie' AND m.meta_value = %d ORDER BY p.ID", ${tmdbId} ) ) );
`),
    ).map((r: { ID: string; post_status: string }) => ({ ID: Number(r.ID), post_status: r.post_status }));
  const importMovies = async (ids: number[]) => {
    const res = await s.api('POST', '/tmu/v1/import', { body: { items: ids.map((id) => ({ type: 'movie', tmdb_id: id })), status: 'publish', options: QUICK } });
    expect(res.status).toBe(202);
    return s.waitForJob(res.body.job_id);
  };

  beforeAll(async () => {
    // A key of the length TMDb gives (the settings page refuses shorter ones), made up per run.
    admin = await startAdminStack({ wpPort: 18107, sidecarPort: 18807, dbName: `tmu_e2e_truth_${process.pid}`, standinApiKey: randomBytes(16).toString('hex') });
    ({ stack: s, page } = admin);
  });
  afterAll(() => admin?.close());

  it('seals the TMDb key saved on the settings page; the sidecar still gets the right key', async () => {
    // No key in the sidecar's environment: the only key it can have is the one the settings page pushes.
    await s.restartSidecar({ TMDB_API_KEY: undefined as unknown as string });
    const key = s.standin.apiKey;

    await openAdmin(page, s.wp, SETTINGS_PAGE);
    await page.getByLabel('TMDb API key').fill(key);
    await Promise.all([page.waitForURL(/settings-updated=true/), page.click('#submit')]);

    const row = await optionRow();
    expect(row).not.toContain(key);
    expect(row).toContain(SEALED_PREFIX);
    expect(await page.content()).not.toContain(key);
    await expect(page.locator('#tmu-api-key-status').textContent()).resolves.toContain('A key is saved');

    // The sidecar got the key in clear (it seals its own copy with the webhook secret) and TMDb accepts it.
    const pushed = await s.app.db(`${s.wp.tablePrefix}tmu_sync_state`).where({ key: 'wordpress_tmdb_api_key' }).first('value');
    expect(new SecretBox(E2E_SECRET).open(String(pushed?.value))).toBe(key);
    const browse = await s.api('GET', '/tmu/v1/tmdb/browse', { query: { source: 'popular', type: 'movie', page: 1 } });
    expect(browse.status).toBe(200);
    await saveScreenshot(page, 'settings-sealed-key');

    // A key an earlier version left in plain text is sealed when an admin page loads.
    await storedPlainKey(key);
    expect(await optionRow()).toContain(key);
    await openAdmin(page, s.wp, SETTINGS_PAGE);
    expect(await optionRow()).not.toContain(key);
    expect(await optionRow()).toContain(SEALED_PREFIX);

    // Sealed under salts the site no longer has: the page says to enter the key again, and nothing is pushed.
    const foreign = await s.wp.runPhp(`
$box = sodium_crypto_secretbox( ${phpString(key)}, str_repeat( "\\0", SODIUM_CRYPTO_SECRETBOX_NONCEBYTES ), sodium_crypto_generichash( 'other salts' ) );
echo ${phpString(SEALED_PREFIX)} . sodium_bin2base64( str_repeat( "\\0", SODIUM_CRYPTO_SECRETBOX_NONCEBYTES ) . $box, SODIUM_BASE64_VARIANT_URLSAFE_NO_PADDING );
`);
    await storedPlainKey(foreign.trim());
    await openAdmin(page, s.wp, SETTINGS_PAGE);
    await expect(page.locator('#tmu-api-key-status').textContent()).resolves.toContain('can no longer be read');
    expect((await s.wp.runPhp(`echo wp_json_encode( ( new \\TMU\\Sidecar\\Settings() )->sidecar_payload() );`)).includes('tmdb_api_key')).toBe(false);

    // Entered again: sealed anew, and the sidecar restarted without a key in its environment restores it.
    await page.getByLabel('TMDb API key').fill(key);
    await Promise.all([page.waitForURL(/settings-updated=true/), page.click('#submit')]);
    expect(await optionRow()).not.toContain(key);
    await s.restartSidecar({ TMDB_API_KEY: undefined as unknown as string });
    expect((await s.api('GET', '/tmu/v1/tmdb/browse', { query: { source: 'popular', type: 'movie', page: 1 } })).status).toBe(200);
    await s.restartSidecar();
  });

  it('a failed sync says it failed, and when, and keeps the last successful time apart', async () => {
    const [movie] = await popularMovies();
    expect(await importMovies([movie.tmdb_id])).toMatchObject({ status: 'succeeded' });
    const [post] = await moviePosts(movie.tmdb_id);
    const edit = async () => (await s.api('GET', `/wp/v2/movie/${post.ID}`, { query: { context: 'edit' } })).body.meta;
    const good = await edit();
    expect(good.tmu_last_synced_at).not.toBe('');

    // The next sync fails: TMDb has no such id.
    const failing = await s.api('POST', '/tmu/v1/sync', { body: { post_id: post.ID, tmdb_id: MISSING_ID, options: QUICK } });
    expect(failing.status).toBe(202);
    expect(await s.waitForJob(failing.body.job_id)).toMatchObject({ status: 'failed' });
    const bad = await edit();
    expect(bad.tmu_last_error).not.toBe('');
    expect(bad.tmu_last_synced_at).toBe(good.tmu_last_synced_at);
    expect(Date.parse(bad.tmu_last_failed_at)).toBeGreaterThanOrEqual(Date.parse(good.tmu_last_synced_at));

    // The edit screen: "Sync failed: <when>", then the last successful sync, never the failure as "Last synced".
    await openAdmin(page, s.wp, `post.php?post=${post.ID}&action=edit`);
    await expect(page.locator('#tmu-last-failed').isVisible()).resolves.toBe(true);
    await expect(page.locator('#tmu-last-failed').textContent()).resolves.toMatch(/Sync failed:\s+\S/);
    await expect(page.locator('#tmu-last-synced-label').textContent()).resolves.toBe('Last successful sync:');
    expect(await page.locator('.tmu-last-synced').textContent()).not.toContain('Last synced:');
    // Sync now fails again on the page: the box says so without a reload.
    await page.click('#tmu-sync-now');
    await page.locator('#tmu-sync-status', { hasText: 'Sync failed' }).waitFor({ timeout: 240_000 });
    await expect(page.locator('#tmu-last-synced-label').textContent()).resolves.toBe('Last successful sync:');
    await expect(page.locator('#tmu-last-failed').isVisible()).resolves.toBe(true);
    await saveScreenshot(page, 'meta-box-sync-failed');

    // The list's column says the same.
    await openAdmin(page, s.wp, 'edit.php?post_type=movie');
    const cell = page.locator(`#post-${post.ID} td.column-tmu_last_synced`);
    await expect(cell.textContent()).resolves.toMatch(/Sync failed .* ago[\s\S]*Last successful sync: .* ago/);
    await saveScreenshot(page, 'movie-list-sync-failed');

    // A good sync again: "Last synced", and the failure is gone.
    const fixed = await s.api('POST', '/tmu/v1/sync', { body: { post_id: post.ID, tmdb_id: movie.tmdb_id, options: QUICK } });
    expect(await s.waitForJob(fixed.body.job_id)).toMatchObject({ status: 'succeeded' });
    expect(await edit()).toMatchObject({ tmu_last_error: '', tmu_last_failed_at: '' });
    await openAdmin(page, s.wp, `post.php?post=${post.ID}&action=edit`);
    await expect(page.locator('#tmu-last-failed').isVisible()).resolves.toBe(false);
    await expect(page.locator('#tmu-last-synced-label').textContent()).resolves.toBe('Last synced:');
  });

  it('shows a trashed post as "In trash" with a restore link; importing asks restore or new post', async () => {
    const movies = (await popularMovies()).slice(1, 3);
    const [restored, renewed] = movies;
    expect(await importMovies(movies.map((m) => m.tmdb_id))).toMatchObject({ status: 'succeeded' });
    const [oldRestored] = await moviePosts(restored.tmdb_id);
    const [oldRenewed] = await moviePosts(renewed.tmdb_id);
    await s.wp.runPhp(`wp_trash_post( ${oldRestored.ID} ); wp_trash_post( ${oldRenewed.ID} ); echo 'ok';`);

    const cards = new Map((await popularMovies()).map((c: any) => [c.tmdb_id, c]));
    expect(cards.get(restored.tmdb_id)).toMatchObject({ in_library: false, in_trash: true, post_id: oldRestored.ID });
    expect(cards.get(restored.tmdb_id).restore_url).toContain(`post=${oldRestored.ID}&action=untrash&_wpnonce=`);

    // Without a choice the import is refused and names the titles: nothing is skipped silently.
    const undecided = await s.api('POST', '/tmu/v1/import', { body: { items: [{ type: 'movie', tmdb_id: restored.tmdb_id }], options: QUICK } });
    expect(undecided.status).toBe(409);
    expect(undecided.body).toMatchObject({ code: 'tmu_in_trash', data: { in_trash: [{ type: 'movie', tmdb_id: restored.tmdb_id, post_id: oldRestored.ID }] } });
    expect(await moviePosts(restored.tmdb_id)).toEqual([{ ID: oldRestored.ID, post_status: 'trash' }]);

    await openAdmin(page, s.wp, IMPORT_PAGE);
    await page.getByLabel('Type', { exact: true }).selectOption('movie');
    await page.getByLabel('Source', { exact: true }).selectOption('popular');
    await page.click('#tmu-import-browse-button');
    const card = page.locator(`.tmu-import-card[data-tmdb-id="${restored.tmdb_id}"]`);
    await card.waitFor();
    await expect(card.locator('.tmu-import-trash-badge').textContent()).resolves.toContain('In trash');
    expect(await card.getByRole('link', { name: `Restore ${restored.title} from the trash` }).getAttribute('href')).toContain('action=untrash');
    await expect(card.getAttribute('class')).resolves.not.toContain('is-in-library');

    // Picked without a choice: the screen asks before anything is sent.
    await card.getByRole('checkbox', { name: restored.title, exact: true }).check();
    const other = page.locator(`.tmu-import-card[data-tmdb-id="${renewed.tmdb_id}"]`);
    await other.getByRole('checkbox', { name: renewed.title, exact: true }).check();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.locator('#tmu-import-status', { hasText: 'In the trash: choose' }).waitFor();
    await saveScreenshot(page, 'import-in-trash');

    await card.getByLabel('Restore the post and sync into it').check();
    await other.getByLabel('Import as a new post (the trashed one is deleted)').check();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.waitForSelector('#tmu-import-status[data-state="done"], #tmu-import-status[data-state="partial"], #tmu-import-status[data-state="error"]', {
      timeout: 480_000,
    });
    expect(await page.locator('#tmu-import-status').textContent()).toBe('Done: 2 imported or already in the library, 0 failed.');

    // Restored: the same post, out of the trash, synced into; new: the trashed post is gone, a new one holds the title.
    const [afterRestored] = await moviePosts(restored.tmdb_id);
    expect(afterRestored.ID).toBe(oldRestored.ID);
    expect(afterRestored.post_status).not.toBe('trash');
    const jobId = Number(await page.locator('#tmu-import').getAttribute('data-job-id'));
    const log = await s.app.db(`${s.wp.tablePrefix}tmu_sync_log`).where({ job_id: jobId }).select('tmdb_id', 'action');
    expect(log.map((l: { tmdb_id: number; action: string }) => [Number(l.tmdb_id), l.action]).sort()).toEqual(
      [
        [restored.tmdb_id, 'synced'],
        [renewed.tmdb_id, 'synced'],
      ].sort(),
    );
    const renewedPosts = await moviePosts(renewed.tmdb_id);
    expect(renewedPosts).toHaveLength(1);
    expect(renewedPosts[0].ID).not.toBe(oldRenewed.ID);
    expect(renewedPosts[0].post_status).not.toBe('trash');
    await page.waitForFunction(`document.querySelectorAll('.tmu-import-card.is-in-trash').length === 0`);
  });

  it('Test connection tells a sidecar that refuses from one that does not answer in time', async () => {
    await s.sidecar.close();
    const port = Number(new URL(s.sidecarUrl).port);
    // Accepts connections and never answers: what a sidecar waiting for a busy WordPress looks like.
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    try {
      const refused = await s.api('POST', '/tmu/v1/test-connection');
      expect(refused.status).toBe(200);
      expect(refused.body).toMatchObject({ ok: false, failed: 'sidecar', causes: { sidecar: 'unreachable' } });
      expect(refused.body.message).toContain('nothing answers');
      expect(refused.body.message).not.toContain('No answer');

      await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
      const silentAnswer = await s.api('POST', '/tmu/v1/test-connection');
      expect(silentAnswer.body).toMatchObject({ ok: false, failed: 'sidecar', causes: { sidecar: 'no answer in time' } });
      expect(silentAnswer.body.message).toContain(`No answer from the sidecar at ${s.sidecarUrl} in 10 s`);
      expect(silentAnswer.body.message).toContain('PHP_CLI_SERVER_WORKERS');
      expect(silentAnswer.body.message).not.toContain('nothing answers');

      await openAdmin(page, s.wp, SETTINGS_PAGE);
      await page.click('#tmu-test-connection');
      await page.locator('#tmu-test-connection-result', { hasText: 'No answer from the sidecar' }).waitFor({ timeout: 120_000 });
      await saveScreenshot(page, 'test-connection-timeout');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
      await s.restartSidecar();
    }
  });
});
