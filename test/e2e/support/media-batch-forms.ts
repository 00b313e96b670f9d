/** Images, sizes and multipart bodies of test/e2e/media-batch.test.ts: what the sidecar sends to POST tmu/v1/media. */
import sharp from 'sharp';

/** The CDN base hot-links name. */
export const CDN = 'https://image.tmdb.org/t/p/';

/** Hot-links the plugin refuses: [what is wrong, hotlink]. */
export const BAD_HOTLINKS: Array<[string, { url: string; base: string }]> = [
  ['another host', { url: 'https://evil.example/t/p/original/x.jpg', base: CDN }],
  ['another host as its base', { url: 'https://evil.example/t/p/original/x.jpg', base: 'https://evil.example/t/p/' }],
  ['http', { url: 'http://image.tmdb.org/t/p/original/x.jpg', base: 'http://image.tmdb.org/t/p/' }],
  ['javascript:', { url: 'javascript:alert(1)//image.tmdb.org/t/p/original/x.jpg', base: CDN }],
  ['a path out of the base', { url: `${CDN}original/../../x.jpg`, base: CDN }],
];

export interface ImageSize {
  width: number;
  height: number;
  crop: boolean;
}

export interface SizedFile {
  name: string;
  width: number;
  height: number;
  buffer: Buffer;
}

export interface MediaItemSpec {
  key: string;
  post?: number;
  title?: string;
  alt?: string;
  /** The main file; absent for a hot-link. */
  main?: { fileName: string; buffer: Buffer; width: number; height: number; mime?: string };
  sizes?: SizedFile[];
  hotlink?: { url: string; base: string } | null;
  width?: number;
  height?: number;
  mime?: string;
}

/** A photo-like WebP (noise, so it compresses as a real backdrop does, not as a flat colour). */
export function photo(width: number, height: number, format: 'webp' | 'jpeg' = 'webp'): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background: { r: 0, g: 0, b: 0 }, noise: { type: 'gaussian', mean: 120, sigma: 40 } } });
  return (format === 'webp' ? image.webp({ quality: 80 }) : image.jpeg({ quality: 80 })).toBuffer();
}

/** WordPress's wp_constrain_dimensions(): fit inside the box, never larger. */
function constrain(width: number, height: number, maxW: number, maxH: number): [number, number] {
  if (!maxW && !maxH) return [width, height];
  const ratios = [maxW && width > maxW ? maxW / width : 1, maxH && height > maxH ? maxH / height : 1];
  const ratio = Math.min(...ratios);
  return [Math.max(1, Math.round(width * ratio)), Math.max(1, Math.round(height * ratio))];
}

/** The sub-sizes WordPress would make of an image, made by sharp as the sidecar makes them. */
export async function makeSizes(original: Buffer, width: number, height: number, sizes: Record<string, ImageSize>): Promise<SizedFile[]> {
  const out: SizedFile[] = [];
  for (const [name, size] of Object.entries(sizes)) {
    const [w, h] = size.crop && size.width && size.height ? [Math.min(size.width, width), Math.min(size.height, height)] : constrain(width, height, size.width, size.height);
    if (w >= width && h >= height) continue;
    const buffer = await sharp(original)
      .resize(w, h, { fit: size.crop ? 'cover' : 'fill' })
      .webp({ quality: 80 })
      .toBuffer();
    out.push({ name, width: w, height: h, buffer });
  }
  return out;
}

/** The multipart body: field `items` plus one part per main file and per size file. */
export function mediaForm(specs: MediaItemSpec[]): FormData {
  const form = new FormData();
  const items = specs.map((spec, i) => {
    const base = spec.main?.fileName.replace(/\.[a-z]+$/, '') ?? '';
    const sizes: Record<string, { file: string; width: number; height: number; mime: string }> = {};
    for (const size of spec.sizes ?? []) {
      const field = `f${i}_${size.name}`;
      form.append(field, new Blob([size.buffer], { type: 'image/webp' }), `${base}-${size.width}x${size.height}.webp`);
      sizes[size.name] = { file: field, width: size.width, height: size.height, mime: 'image/webp' };
    }
    if (spec.main) form.append(`f${i}`, new Blob([spec.main.buffer], { type: spec.main.mime ?? 'image/webp' }), spec.main.fileName);
    return {
      key: spec.key,
      post: spec.post ?? 0,
      alt: spec.alt ?? '',
      title: spec.title ?? '',
      file: spec.main ? `f${i}` : null,
      width: spec.main?.width ?? spec.width ?? 0,
      height: spec.main?.height ?? spec.height ?? 0,
      mime: spec.main?.mime ?? spec.mime ?? 'image/webp',
      sizes,
      hotlink: spec.hotlink ?? null,
    };
  });
  form.set('items', JSON.stringify(items));
  return form;
}

/**
 * A must-use plugin that counts what WordPress does to images (an image editor chosen, sub-sizes planned,
 * metadata generated) in the option tmu_e2e_image_work, and answers each REST request's CPU time in the
 * header X-E2E-Cpu-Us. Names starting with "collide-" get one fixed name, so a test can occupy a size's name.
 */
export const IMAGE_WORK_PLUGIN = `<?php
$GLOBALS['tmu_e2e_cpu_start'] = getrusage();
function tmu_e2e_count_image_work( $value ) {
	update_option( 'tmu_e2e_image_work', (int) get_option( 'tmu_e2e_image_work', 0 ) + 1 );
	return $value;
}
add_filter( 'wp_image_editors', 'tmu_e2e_count_image_work' );
add_filter( 'intermediate_image_sizes_advanced', 'tmu_e2e_count_image_work' );
add_filter( 'wp_generate_attachment_metadata', 'tmu_e2e_count_image_work' );
add_filter( 'wp_unique_filename', static function ( $name ) {
	return 0 === strpos( $name, 'collide-' ) ? 'collide-fixed.webp' : $name;
} );
add_filter( 'rest_post_dispatch', static function ( $response ) {
	$start = $GLOBALS['tmu_e2e_cpu_start'];
	$now   = getrusage();
	$us    = static function ( $r ) {
		return ( $r['ru_utime.tv_sec'] + $r['ru_stime.tv_sec'] ) * 1000000 + $r['ru_utime.tv_usec'] + $r['ru_stime.tv_usec'];
	};
	if ( $response instanceof WP_REST_Response ) {
		$response->header( 'X-E2E-Cpu-Us', (string) ( $us( $now ) - $us( $start ) ) );
	}
	return $response;
} );
`;
