import sharp from 'sharp';
import { photoPixels } from './photo-pixels';
import { hash32 } from './synthetic-ids';

export interface GeneratedImage {
  body: Buffer;
  contentType: string;
}

const ORIGINAL_WIDTH = 2000;
const MAX_SIDE = 4000;
const CACHE_LIMIT = 300;
/** Photo-like images: this many distinct pictures per size and format; a path picks one by its hash. */
const PHOTO_VARIANTS = 16;
/** Bytes of encoded photo-like images kept in memory (oldest dropped first). */
const PHOTO_CACHE_BYTES = 96 * 1024 * 1024;

/** `flat`: one colour per path (tiny, cheap). `photo`: noise and shapes that compress like TMDb's JPEGs. */
export type ImageStyle = 'flat' | 'photo';
const FORMATS: Record<string, { format: 'png' | 'jpeg' | 'webp'; type: string }> = {
  png: { format: 'png', type: 'image/png' },
  jpg: { format: 'jpeg', type: 'image/jpeg' },
  jpeg: { format: 'jpeg', type: 'image/jpeg' },
  webp: { format: 'webp', type: 'image/webp' },
};

/**
 * Width and height TMDb's CDN would give for `size` (w500, h632, original):
 * backdrops and stills 16:9, logos 5:2, everything else poster/profile 2:3.
 * Synthetic file names say what they are; recorded ones fall back to the size.
 */
function imageDimensions(size: string, file: string): { width: number; height: number } | undefined {
  const name = file.toLowerCase();
  const landscape = /backdrop|still/.test(name) || (!/poster|profile/.test(name) && (size === 'w1280' || size === 'w300'));
  const ratio = /logo/.test(name) ? 5 / 2 : landscape ? 16 / 9 : 2 / 3;
  const m = /^([wh])(\d{1,4})$/.exec(size);
  if (size === 'original') return { width: ORIGINAL_WIDTH, height: Math.round(ORIGINAL_WIDTH / ratio) };
  if (!m) return undefined;
  const n = Number(m[2]);
  if (n < 1 || n > MAX_SIDE) return undefined;
  return m[1] === 'w' ? { width: n, height: Math.max(1, Math.round(n / ratio)) } : { width: Math.max(1, Math.round(n * ratio)), height: n };
}

/**
 * Real PNG/JPEG/WebP images of the requested size; cached. Flat: a colour derived from the file name.
 * Photo: one of PHOTO_VARIANTS pictures per size, chosen by the path's hash, so a catalogue of
 * thousands of titles costs a few dozen encodes and every path still gets the same bytes each time.
 */
export class ImageGenerator {
  private readonly cache = new Map<string, Promise<GeneratedImage>>();
  private readonly sizes = new Map<string, number>();
  private cachedBytes = 0;

  constructor(private readonly style: ImageStyle = 'flat') {}

  /** Undefined when the size or extension is not one TMDb serves. */
  render(size: string, file: string): Promise<GeneratedImage> | undefined {
    const ext = file.split('.').pop()?.toLowerCase() ?? '';
    const format = FORMATS[ext];
    const dims = imageDimensions(size, file);
    if (!dims) return undefined;
    if (ext === 'svg') return Promise.resolve(svg(dims.width, dims.height, file)); // some TMDb logos are SVG
    if (!format) return undefined;
    const photo = this.style === 'photo';
    const variant = hash32(file) % PHOTO_VARIANTS;
    const key = photo ? `${dims.width}x${dims.height}/${variant}.${format.format}` : `${size}/${file}`;
    let image = this.cache.get(key);
    if (!image) {
      const body = photo ? this.drawPhoto(dims.width, dims.height, variant, format.format) : this.draw(dims.width, dims.height, file, format.format);
      const made = body.then((b) => ({ body: b, contentType: format.type }));
      // Only the entry still cached under the key counts (an evicted one may finish after a newer one).
      made.then(
        (i) => this.cache.get(key) === made && this.account(key, i.body.length),
        () => this.cache.get(key) === made && this.forget(key),
      );
      this.cache.set(key, made);
      image = made;
      this.evict();
    }
    return image;
  }

  /** Flat: at most CACHE_LIMIT images; photo: at most PHOTO_CACHE_BYTES. Oldest first. */
  private evict(): void {
    const limit = this.style === 'photo' ? Infinity : CACHE_LIMIT;
    while (this.cache.size > 1 && (this.cache.size > limit || this.cachedBytes > PHOTO_CACHE_BYTES)) {
      this.forget(this.cache.keys().next().value as string);
    }
  }

  private account(key: string, bytes: number): void {
    this.sizes.set(key, bytes);
    this.cachedBytes += bytes;
    this.evict();
  }

  private forget(key: string): void {
    this.cache.delete(key);
    this.cachedBytes -= this.sizes.get(key) ?? 0;
    this.sizes.delete(key);
  }

  private async drawPhoto(width: number, height: number, variant: number, format: 'png' | 'jpeg' | 'webp'): Promise<Buffer> {
    const pixels = await photoPixels(width, height, hash32(`photo:${variant}`));
    const img = sharp(pixels, { raw: { width, height, channels: 3 } });
    if (format === 'png') return img.png({ compressionLevel: 6 }).toBuffer();
    if (format === 'webp') return img.webp({ quality: 85 }).toBuffer();
    return img.jpeg({ quality: 85 }).toBuffer();
  }

  private async draw(width: number, height: number, file: string, format: 'png' | 'jpeg' | 'webp'): Promise<Buffer> {
    const h = hash32(file);
    const background = { r: h & 0xff, g: (h >>> 8) & 0xff, b: (h >>> 16) & 0xff };
    const img = sharp({ create: { width, height, channels: 3, background } });
    if (format === 'png') return img.png({ compressionLevel: 1 }).toBuffer();
    if (format === 'webp') return img.webp({ quality: 70 }).toBuffer();
    return img.jpeg({ quality: 70 }).toBuffer();
  }
}

function svg(width: number, height: number, file: string): GeneratedImage {
  const colour = (hash32(file) & 0xffffff).toString(16).padStart(6, '0');
  const body = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#${colour}"/></svg>`;
  return { body: Buffer.from(body), contentType: 'image/svg+xml' };
}
