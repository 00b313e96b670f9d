/**
 * POST tmu/v1/media against a real WordPress with the plugin (php -S, MariaDB): several images per
 * request with the sizes the sidecar made (WordPress neither decodes nor resizes them), one attachment
 * per TMDb file path whichever route made it, hot-linked images rendered with the CDN's URLs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { tmdbId } from '../support/factories';
import { filesUnder } from './support/create-bodies';
import { BAD_HOTLINKS, CDN, IMAGE_WORK_PLUGIN, ImageSize, makeSizes, MediaItemSpec, mediaForm, photo, SizedFile } from './support/media-batch-forms';
import { basicAuth, phpString, startWordPressStack, WordPressStack } from './support/wordpress-stack';

jest.setTimeout(180_000);

interface ItemAnswer {
  key: string;
  id?: number;
  existing?: boolean;
  error?: { code: string; message: string; status: number };
}

describe('POST tmu/v1/media', () => {
  let stack: WordPressStack;
  let imageSizes: Record<string, ImageSize>;
  let backdrop: Buffer;
  let backdropSizes: SizedFile[];

  beforeAll(async () => {
    stack = await startWordPressStack({ port: 18135, dbName: `tmu_e2e_media_batch_${process.pid}` });
    fs.writeFileSync(path.join(stack.wpDir, 'wp-content', 'mu-plugins', 'e2e-image-work.php'), IMAGE_WORK_PLUGIN);
    imageSizes = (await json('POST', '/tmu/v1/resolve', {})).body.host.image_sizes;
    backdrop = await photo(1280, 720);
    backdropSizes = await makeSizes(backdrop, 1280, 720, imageSizes);
  }, 180_000);
  afterAll(async () => stack?.stop());

  async function json(method: string, route: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }> {
    const headers: Record<string, string> = { Authorization: stack.authHeader };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(stack.restUrl(route), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: await res.json(), headers: res.headers };
  }

  async function send(specs: MediaItemSpec[], auth = stack.authHeader): Promise<{ status: number; body: any; cpuUs: number; ms: number }> {
    const started = Date.now();
    const res = await fetch(stack.restUrl('/tmu/v1/media'), { method: 'POST', headers: { Authorization: auth }, body: mediaForm(specs) });
    const body = await res.json();
    return { status: res.status, body, cpuUs: Number(res.headers.get('x-e2e-cpu-us') ?? 0), ms: Date.now() - started };
  }

  async function php(code: string): Promise<string> {
    return (await stack.runPhp(code)).trim().split('\n').pop() ?? '';
  }

  const imageWork = async () => Number(await php(`echo (int) get_option( 'tmu_e2e_image_work', 0 );`));
  const metadata = async (id: number) => JSON.parse(await php(`echo wp_json_encode( wp_get_attachment_metadata( ${id} ) );`));
  const attachmentsWithKey = async (key: string): Promise<number[]> =>
    JSON.parse(
      await php(`
global $wpdb;
echo wp_json_encode( array_map( 'intval', $wpdb->get_col( $wpdb->prepare( "SELECT p.ID FROM {$wpdb->posts} p INNER JOIN {$wpdb->postmeta} m ON m.post_id = p.ID AND m.meta_key = 'tmdb_file_path' WHERE p.post_type = 'attachment' AND m.meta_value = %s ORDER BY p.ID", ${phpString(key)} ) ) ) );`),
    );

  const backdropItem = (name: string, extra: Partial<MediaItemSpec> = {}): MediaItemSpec => ({
    key: `/${name}.webp`,
    title: `Backdrop ${name}`,
    alt: `Backdrop ${name}`,
    main: { fileName: `${name}.webp`, buffer: backdrop, width: 1280, height: 720 },
    sizes: backdropSizes,
    ...extra,
  });

  it("reports what it supports, the image sizes and its bounds in resolve's host", async () => {
    const host = (await json('POST', '/tmu/v1/resolve', {})).body.host;
    expect(host.features).toEqual(expect.arrayContaining(['idempotent_creates', 'media_batch', 'hotlink']));
    expect(host.image_sizes.thumbnail).toEqual({ width: 150, height: 150, crop: true });
    expect(host.image_sizes.medium).toEqual({ width: 300, height: 300, crop: false });
    expect(host.big_image_threshold).toBe(2560);
    expect(host.media_batch_limit).toBe(20);
    expect(host.media_max_files).toBeGreaterThan(0);
    expect(host.media_max_bytes).toBeGreaterThan(0);
  });

  it('stores several images in one request with the sizes sent, byte for byte, without WordPress touching a pixel', async () => {
    const parent = (await json('POST', '/wp/v2/posts', { title: 'Parent', status: 'publish' })).body.id;
    const names = [1, 2, 3].map((n) => `several-${n}-${tmdbId()}`);
    const workBefore = await imageWork();
    const answer = await send(names.map((name) => backdropItem(name, { post: parent })));
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((i: ItemAnswer) => [i.key, i.existing])).toEqual(names.map((n) => [`/${n}.webp`, false]));
    expect(new Set(answer.body.items.map((i: ItemAnswer) => i.id)).size).toBe(3);
    expect(await imageWork()).toBe(workBefore);

    const id = answer.body.items[0].id as number;
    const meta = await metadata(id);
    expect([meta.width, meta.height, meta.filesize]).toEqual([1280, 720, backdrop.length]);
    expect(fs.readFileSync(path.join(stack.uploadsDir, meta.file)).equals(backdrop)).toBe(true);
    expect(Object.keys(meta.sizes).sort()).toEqual(backdropSizes.map((s) => s.name).sort());
    const folder = path.dirname(path.join(stack.uploadsDir, meta.file));
    for (const size of backdropSizes) {
      const stored = meta.sizes[size.name];
      expect([stored.width, stored.height, stored['mime-type'], stored.filesize]).toEqual([size.width, size.height, 'image/webp', size.buffer.length]);
      expect(stored.file).toBe(`${names[0]}-${size.width}x${size.height}.webp`);
      expect(fs.readFileSync(path.join(folder, stored.file)).equals(size.buffer)).toBe(true);
    }
    const post = JSON.parse(
      await php(`$p = get_post( ${id} ); echo wp_json_encode( array( $p->post_parent, $p->post_title, get_post_meta( ${id}, '_wp_attachment_image_alt', true ) ) );`),
    );
    expect(post).toEqual([parent, `Backdrop ${names[0]}`, `Backdrop ${names[0]}`]);
  });

  it('renders the sent sizes: wp_get_attachment_image medium and a srcset of the sizes of the same shape', async () => {
    const name = `srcset-${tmdbId()}`;
    const id = (await send([backdropItem(name)])).body.items[0].id;
    const html = await php(`echo wp_get_attachment_image( ${id}, 'medium' );`);
    const medium = backdropSizes.find((s) => s.name === 'medium')!;
    expect(html).toMatch(new RegExp(`src="http://127\\.0\\.0\\.1:18135/wp-content/uploads/\\d{4}/\\d{2}/${name}-${medium.width}x${medium.height}\\.webp"`));
    const srcset = /srcset="([^"]+)"/.exec(html)?.[1] ?? '';
    const widths = srcset.split(', ').map((entry) => Number(/ (\d+)w$/.exec(entry)?.[1]));
    const sameShape = backdropSizes.filter((s) => Math.abs(s.width / s.height - 1280 / 720) < 0.01).map((s) => s.width);
    expect(widths.sort((a, b) => a - b)).toEqual([...sameShape, 1280].sort((a, b) => a - b));
    expect(srcset).toContain(`${name}.webp 1280w`);
  });

  it('answers a repeat with the same attachment, existing, writing no file', async () => {
    const name = `repeat-${tmdbId()}`;
    const first = await send([backdropItem(name)]);
    const files = filesUnder(stack.uploadsDir).length;
    const again = await send([backdropItem(name)]);
    expect(again.body.items).toEqual([{ key: `/${name}.webp`, id: first.body.items[0].id, existing: true }]);
    expect(filesUnder(stack.uploadsDir).length).toBe(files);
  });

  it('makes one attachment when two requests for the same key race', async () => {
    const name = `race-${tmdbId()}`;
    const [a, b] = await Promise.all([send([backdropItem(name)]), send([backdropItem(name)])]);
    const answers = [a.body.items[0], b.body.items[0]];
    expect(answers[0].id).toBe(answers[1].id);
    expect(answers.map((x: ItemAnswer) => x.existing).sort()).toEqual([false, true]);
    expect(await attachmentsWithKey(`/${name}.webp`)).toEqual([answers[0].id]);
    expect(filesUnder(stack.uploadsDir).filter((f) => path.basename(f).startsWith(name))).toHaveLength(1 + new Set(backdropSizes.map((s) => `${s.width}x${s.height}`)).size);
  });

  it('shares keys with /wp/v2/media both ways', async () => {
    const viaCore = `/core-first-${tmdbId()}.jpg`;
    const form = new FormData();
    form.append('file', new Blob([await photo(60, 90, 'jpeg')], { type: 'image/jpeg' }), 'core-first.jpg');
    form.append('meta[tmdb_file_path]', viaCore);
    const core = await fetch(stack.restUrl('/wp/v2/media'), { method: 'POST', headers: { Authorization: stack.authHeader }, body: form });
    const coreId = ((await core.json()) as { id: number }).id;
    expect((await send([backdropItem('ignored', { key: viaCore })])).body.items).toEqual([{ key: viaCore, id: coreId, existing: true }]);

    const name = `batch-first-${tmdbId()}`;
    const batchId = (await send([backdropItem(name)])).body.items[0].id;
    const again = new FormData();
    again.append('file', new Blob([backdrop], { type: 'image/webp' }), `${name}.webp`);
    again.append('meta[tmdb_file_path]', `/${name}.webp`);
    const res = await fetch(stack.restUrl('/wp/v2/media'), { method: 'POST', headers: { Authorization: stack.authHeader }, body: again });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-tmu-existing')).toBe(String(batchId));
  });

  it('refuses a part that is no image, per item, while the other items stand; nothing of it stays in uploads', async () => {
    const [good, bad] = [`good-${tmdbId()}`, `notimage-${tmdbId()}`];
    const text = Buffer.from('<?php echo "not an image";');
    const answer = await send([backdropItem(good), backdropItem(bad, { main: { fileName: `${bad}.webp`, buffer: text, width: 1280, height: 720 } })]);
    expect(answer.status).toBe(200);
    expect(answer.body.items[0]).toEqual({ key: `/${good}.webp`, id: expect.any(Number), existing: false });
    expect(answer.body.items[1]).toEqual({ key: `/${bad}.webp`, error: { code: 'tmu_media_bad_type', message: expect.any(String), status: 415 } });
    expect(filesUnder(stack.uploadsDir).filter((f) => path.basename(f).startsWith(bad))).toEqual([]);
    expect(await attachmentsWithKey(`/${bad}.webp`)).toEqual([]);
  });

  it('leaves no file behind when a size cannot be stored, and says so without a path', async () => {
    const folder = await php(`echo wp_upload_dir()['path'];`);
    const medium = backdropSizes.find((s) => s.name === 'medium')!;
    fs.mkdirSync(path.join(folder, `collide-fixed-${medium.width}x${medium.height}.webp`), { recursive: true });
    const answer = await send([backdropItem(`collide-${tmdbId()}`)]);
    const item = answer.body.items[0] as ItemAnswer;
    expect(item.error).toEqual({ code: 'tmu_media_store_failed', message: expect.any(String), status: 500 });
    expect(item.error!.message).not.toContain('/');
    expect(filesUnder(folder).filter((f) => path.basename(f).startsWith('collide-'))).toEqual([]);
  });

  it('refuses who may not upload (403), and an item whose post the user may not edit', async () => {
    const id = tmdbId();
    const subscriber = await stack.createUser(`mbsub${id}`, 'subscriber');
    const refused = await send([backdropItem(`sub-${id}`)], basicAuth(subscriber.username, subscriber.appPassword));
    expect(refused.status).toBe(403);
    const author = await stack.createUser(`mbauthor${id}`, 'author');
    const adminPost = (await json('POST', '/wp/v2/posts', { title: "Not the author's", status: 'publish' })).body.id;
    const answer = await send([backdropItem(`author-${id}`, { post: adminPost }), backdropItem(`author-own-${id}`)], basicAuth(author.username, author.appPassword));
    expect(answer.body.items[0].error).toEqual({ code: 'tmu_media_cannot_edit', message: expect.any(String), status: 403 });
    expect(answer.body.items[1]).toMatchObject({ existing: false, id: expect.any(Number) });
  });

  it('refuses more items than media_batch_limit', async () => {
    const specs = Array.from({ length: 21 }, (_, i) => ({ key: `/too-many-${i}.jpg`, hotlink: { url: `${CDN}original/too-many-${i}.jpg`, base: CDN } }));
    const answer = await send(specs);
    expect([answer.status, answer.body.code]).toEqual([400, 'tmu_media_too_many']);
  });

  it("hot-links: an attachment with no file whose URL, sizes, srcset and post thumbnail are the CDN's, escaped", async () => {
    const file = `/hot${tmdbId()}.jpg`;
    const answer = await send([
      { key: file, title: 'Hot poster', alt: 'A "quoted" <b>poster</b>', width: 2000, height: 3000, mime: 'image/jpeg', hotlink: { url: `${CDN}original${file}`, base: CDN } },
    ]);
    const id = answer.body.items[0].id as number;
    expect(answer.body.items[0].existing).toBe(false);
    const post = (await json('POST', '/wp/v2/posts', { title: 'With a hot-linked thumbnail', status: 'publish', featured_media: id })).body.id;
    const out = JSON.parse(
      await php(`
global $post;
$post = get_post( ${post} );
setup_postdata( $post );
ob_start();
the_post_thumbnail( 'medium' );
echo wp_json_encode( array(
	'file'  => get_post_meta( ${id}, '_wp_attached_file', true ),
	'url'   => wp_get_attachment_url( ${id} ),
	'src'   => wp_get_attachment_image_src( ${id}, 'medium' ),
	'full'  => wp_get_attachment_image_src( ${id}, 'full' ),
	'thumb' => ob_get_clean(),
) );`),
    );
    expect(out.file).toBe('');
    expect(out.url).toBe(`${CDN}original${file}`);
    expect(out.src).toEqual([`${CDN}w342${file}`, 200, 300, true]);
    expect(out.full).toEqual([`${CDN}original${file}`, 2000, 3000, false]);
    expect(out.thumb).toContain(`src="${CDN}w342${file}"`);
    expect(out.thumb).toContain('alt="A &quot;quoted&quot; poster"');
    const srcset = (/srcset="([^"]+)"/.exec(out.thumb)?.[1] ?? '').split(', ');
    expect(srcset.length).toBeGreaterThan(2);
    expect(srcset.every((entry) => entry.startsWith(CDN) && entry.includes(file))).toBe(true);
    expect(out.thumb).not.toContain('/wp-content/uploads/');
    const rest = await json('GET', `/wp/v2/media/${id}`);
    expect(rest.body.source_url).toBe(`${CDN}original${file}`);
    // Deleting it touches no file: there is none to delete.
    const files = filesUnder(stack.uploadsDir).length;
    expect(await php(`echo wp_delete_attachment( ${id}, true ) ? 'deleted' : 'kept';`)).toBe('deleted');
    expect(filesUnder(stack.uploadsDir).length).toBe(files);
  });

  it('takes hot-link-only items as a JSON body', async () => {
    const file = `/hot-json-${tmdbId()}.jpg`;
    const answer = await json('POST', '/tmu/v1/media', {
      items: [{ key: file, post: 0, file: null, width: 500, height: 750, mime: 'image/jpeg', sizes: {}, hotlink: { url: `${CDN}w500${file}`, base: CDN } }],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.items).toEqual([{ key: file, id: expect.any(Number), existing: false }]);
    expect(await php(`echo wp_get_attachment_url( ${answer.body.items[0].id} );`)).toBe(`${CDN}w500${file}`);
  });

  it.each(BAD_HOTLINKS)('refuses a hot-link to %s, per item', async (_name, hotlink) => {
    const good = `/hot-good-${tmdbId()}.jpg`;
    const answer = await send([
      { key: `/hot-bad-${tmdbId()}.jpg`, width: 500, height: 750, mime: 'image/jpeg', hotlink },
      { key: good, width: 500, height: 750, mime: 'image/jpeg', hotlink: { url: `${CDN}original${good}`, base: CDN } },
    ]);
    expect(answer.body.items[0].error).toEqual({ code: 'tmu_media_bad_hotlink', message: expect.any(String), status: 400 });
    expect(answer.body.items[1]).toMatchObject({ key: good, existing: false });
  });

  it('costs WordPress less CPU per image than /wp/v2/media with the same backdrop (prints the figures)', async () => {
    const rounds = 4;
    const core = { cpuUs: 0, ms: 0 };
    const workBefore = await imageWork();
    for (let i = 0; i < rounds; i++) {
      const form = new FormData();
      form.append('file', new Blob([backdrop], { type: 'image/webp' }), `measure-core-${i}.webp`);
      form.append('meta[tmdb_file_path]', `/measure-core-${tmdbId()}.webp`);
      const started = Date.now();
      const res = await fetch(stack.restUrl('/wp/v2/media'), { method: 'POST', headers: { Authorization: stack.authHeader }, body: form });
      await res.json();
      core.ms += Date.now() - started;
      core.cpuUs += Number(res.headers.get('x-e2e-cpu-us') ?? 0);
    }
    // The counter sees WordPress's own resizing, so its silence for tmu/v1/media above means something.
    expect(await imageWork()).toBeGreaterThan(workBefore);
    const batch = await send(Array.from({ length: rounds }, () => backdropItem(`measure-batch-${tmdbId()}`)));
    expect(batch.body.items.every((i: ItemAnswer) => i.existing === false)).toBe(true);
    const perImage = (total: number) => (total / rounds).toFixed(1);
    console.log(
      `WordPress per 1280x720 WebP backdrop (${backdropSizes.length} sizes): /wp/v2/media ${perImage(core.cpuUs / 1000)} ms CPU, ${perImage(core.ms)} ms wall; ` +
        `tmu/v1/media (${rounds} per request) ${perImage(batch.cpuUs / 1000)} ms CPU, ${perImage(batch.ms)} ms wall`,
    );
    expect(batch.cpuUs).toBeLessThan(core.cpuUs);
  });

  it('logged no database error and no PHP warning from the plugin', () => {
    const lines = stack.debugLog().split('\n');
    expect(lines.filter((line) => /database error|PHP (Warning|Fatal|Notice)/i.test(line) || (/Deprecated/.test(line) && line.includes('tmu-sidecar')))).toEqual([]);
  });
});
