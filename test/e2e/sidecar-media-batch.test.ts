/**
 * The sidecar's images into a real WordPress through the plugin's `tmu/v1/media`: a title's images
 * arrive several to a request with the sizes the sidecar made (WordPress's registered sizes, by its
 * rules and names), and WordPress neither decodes nor resizes them (a must-use plugin counts every
 * call into WordPress's own resizer). No image goes through `/wp/v2/media`.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { isAdultSynthetic } from '../../tools/tmdb-standin/synthetic-ids';
import { startFullStack, FullStack } from './support/full-stack';

jest.setTimeout(600_000);

const COUNTING_PLUGIN = 'count-wordpress-resizes.php';
/** Counts each time WordPress would make sub-sizes or metadata of an upload itself. */
const COUNT_RESIZES = `<?php
$tmu_e2e_count = static function ( $value ) {
	update_option( 'tmu_e2e_wp_resizes', (int) get_option( 'tmu_e2e_wp_resizes', 0 ) + 1, false );
	return $value;
};
add_filter( 'intermediate_image_sizes_advanced', $tmu_e2e_count );
add_filter( 'wp_generate_attachment_metadata', $tmu_e2e_count );
`;

interface AttachmentMeta {
  file: string;
  width: number;
  height: number;
  sizes: Record<string, { file: string; width: number; height: number; 'mime-type': string }>;
}

describe('sidecar images through tmu/v1/media', () => {
  let s: FullStack;
  const requestsBetween = async (fn: () => Promise<unknown>) => {
    const before = await s.wordPressRequests();
    await fn();
    const after = await s.wordPressRequests();
    const byRoute: Record<string, number> = {};
    for (const [route, n] of after) if (n - (before.get(route) ?? 0) > 0) byRoute[route] = n - (before.get(route) ?? 0);
    return byRoute;
  };

  beforeAll(async () => {
    s = await startFullStack({ wpPort: 18137, sidecarPort: 18837, dbName: `tmu_e2e_sidecar_media_${process.pid}` });
    fs.writeFileSync(path.join(s.wp.wpDir, 'wp-content', 'mu-plugins', COUNTING_PLUGIN), COUNT_RESIZES);
  });
  afterAll(async () => s?.close());

  it('sends the title’s images with sidecar-made sizes in few media requests; WordPress resizes nothing', async () => {
    const created = await s.api('POST', '/wp/v2/movie', { body: { title: '', status: 'draft', meta: { tmdb_id: 550 } } });
    expect(created.status).toBe(201);
    const postId: number = created.body.id;

    let job: Record<string, any> = {};
    // Credits off: the title's own images only (portraits are people's, uploaded by their own jobs).
    const byRoute = await requestsBetween(async () => {
      const queued = await s.api('POST', '/tmu/v1/sync', { body: { post_id: postId, options: { credits: false, videos: false } } });
      expect(queued.status).toBe(202);
      job = await s.waitForJob(queued.body.job_id);
    });
    expect(job.status).toBe('succeeded');

    const p = s.wp.tablePrefix;
    const attachments: Array<{ ID: number; meta: string }> = await s.app
      .db(`${p}posts as a`)
      .join(`${p}postmeta as m`, function join() {
        this.on('m.post_id', '=', 'a.ID').andOnVal('m.meta_key', '=', '_wp_attachment_metadata');
      })
      .where({ 'a.post_type': 'attachment', 'a.post_parent': postId })
      .select('a.ID', 'm.meta_value as meta');
    const images = attachments.length;
    const media = byRoute['POST /tmu/v1/media'] ?? 0;
    console.log(`title images: ${images}; WordPress requests for them: ${media} POST /tmu/v1/media (one per image before); all requests ${JSON.stringify(byRoute)}`);
    expect(images).toBeGreaterThan(1);
    expect(byRoute['POST /wp/v2/media'] ?? 0).toBe(0);

    // Every file part counts against PHP's max_file_uploads (20 by default): the fewest requests those files allow.
    const metas = attachments.map((a) => phpMeta(a.meta));
    const files = metas.reduce((sum, m) => sum + 1 + Object.keys(m.sizes).length, 0);
    console.log(`files sent: ${files} (main and sizes)`);
    expect(media).toBeGreaterThanOrEqual(1);
    expect(media).toBeLessThanOrEqual(Math.ceil(files / 20) + 1);
    expect(media).toBeLessThan(images);

    const resizes = await s.app.db(`${p}options`).where({ option_name: 'tmu_e2e_wp_resizes' }).first();
    expect(Number(resizes?.option_value ?? 0)).toBe(0);

    const post = await s.api('GET', `/wp/v2/movie/${postId}`, { query: { context: 'edit' } });
    const poster = metas[attachments.findIndex((a) => a.ID === post.body.featured_media)];
    expect(poster).toBeDefined();
    expect(poster.width).toBe(500); // posters are fetched at w500
    const base = path.basename(poster.file, path.extname(poster.file));
    expect(poster.sizes.thumbnail).toMatchObject({ file: `${base}-150x150.webp`, width: 150, height: 150, 'mime-type': 'image/webp' });
    expect(poster.sizes.medium).toMatchObject({ width: 200, height: 300 });
    const folder = path.join(s.wp.uploadsDir, path.dirname(poster.file));
    for (const size of Object.values(poster.sizes)) {
      const meta = await sharp(path.join(folder, size.file)).metadata();
      expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: 'webp', width: size.width, height: size.height });
    }
    // Nothing beside the files the sidecar sent: WordPress wrote no copy of its own.
    const sent = new Set(metas.flatMap((m) => [path.basename(m.file), ...Object.values(m.sizes).map((x) => x.file)]));
    const onDisk = fs.readdirSync(folder).filter((f) => f.startsWith(base));
    expect(onDisk.filter((f) => !sent.has(f))).toEqual([]);
  });

  it('with IMAGES=hotlink, sends a title’s images as CDN links in one media request and stores no file', async () => {
    await s.restartSidecar({ IMAGES: 'hotlink', TMDB_IMAGE_BASE_URL: 'https://image.tmdb.org/t/p' });
    const tmdbId = [1_000_001, 1_000_002, 1_000_003, 1_000_004].find((id) => !isAdultSynthetic('movie', id))!;
    const created = await s.api('POST', '/wp/v2/movie', { body: { title: '', status: 'draft', meta: { tmdb_id: tmdbId } } });
    expect(created.status).toBe(201);
    const postId: number = created.body.id;
    const filesBefore = filesUnder(s.wp.uploadsDir).length;

    let job: Record<string, any> = {};
    const byRoute = await requestsBetween(async () => {
      const queued = await s.api('POST', '/tmu/v1/sync', { body: { post_id: postId, options: { credits: false, videos: false } } });
      job = await s.waitForJob(queued.body.job_id);
    });
    expect(job.status).toBe('succeeded');
    const p = s.wp.tablePrefix;
    const links: Array<{ ID: number; url: string }> = await s.app
      .db(`${p}posts as a`)
      .join(`${p}postmeta as m`, function join() {
        this.on('m.post_id', '=', 'a.ID').andOnVal('m.meta_key', '=', 'tmu_hotlink_url');
      })
      .where({ 'a.post_type': 'attachment', 'a.post_parent': postId })
      .select('a.ID', 'm.meta_value as url');
    console.log(`hotlinked title images: ${links.length}; WordPress requests for them: ${byRoute['POST /tmu/v1/media'] ?? 0} POST /tmu/v1/media`);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link.url).toMatch(/^https:\/\/image\.tmdb\.org\/t\/p\/w\d+\/[A-Za-z0-9_-]+\.(jpg|png)$/);
    expect(byRoute['POST /tmu/v1/media']).toBe(1);
    expect(byRoute['POST /wp/v2/media'] ?? 0).toBe(0);
    expect(filesUnder(s.wp.uploadsDir).length).toBe(filesBefore);

    const post = await s.api('GET', `/wp/v2/movie/${postId}`, { query: { context: 'edit' } });
    const featured = await s.api('GET', `/wp/v2/media/${post.body.featured_media}`);
    expect(featured.body.source_url).toMatch(/^https:\/\/image\.tmdb\.org\/t\/p\//);
  });
});

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** The few fields of a PHP-serialized `_wp_attachment_metadata` this test reads. */
function phpMeta(serialized: string): AttachmentMeta {
  const str = (key: string, from: string) => new RegExp(`s:\\d+:"${key}";s:\\d+:"([^"]*)"`).exec(from)?.[1] ?? '';
  const int = (key: string, from: string) => Number(new RegExp(`s:\\d+:"${key}";i:(\\d+)`).exec(from)?.[1] ?? 0);
  const sizesAt = serialized.indexOf('s:5:"sizes"');
  const head = sizesAt >= 0 ? serialized.slice(0, sizesAt) : serialized;
  const sizes: AttachmentMeta['sizes'] = {};
  if (sizesAt >= 0) {
    const entry = /s:\d+:"([a-z0-9_-]+)";a:\d+:\{((?:[^{}])*)\}/g;
    for (const match of serialized.slice(sizesAt).matchAll(entry)) {
      if (match[1] === 'image_meta') break;
      sizes[match[1]] = { file: str('file', match[2]), width: int('width', match[2]), height: int('height', match[2]), 'mime-type': str('mime-type', match[2]) };
    }
  }
  return { file: str('file', head), width: int('width', head), height: int('height', head), sizes };
}
