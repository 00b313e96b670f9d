import sharp from 'sharp';
import { seededRandom } from './synthetic-ids';

/** Blobs about this many pixels across: the coarse field is upscaled by it. */
const BLOB = 24;
/** Grain amplitude (±): with the blobs, JPEG at quality 85 lands near TMDb's 0.17 bytes a pixel. */
const GRAIN = 8;

/**
 * Raw RGB pixels that compress like a photo, not like a flat fill: a coarse random field upscaled
 * (soft shapes), a top-to-bottom shading, and per-pixel grain. Deterministic for a seed.
 */
export async function photoPixels(width: number, height: number, seed: number): Promise<Buffer> {
  const rnd = seededRandom(seed);
  const cw = Math.max(2, Math.ceil(width / BLOB));
  const ch = Math.max(2, Math.ceil(height / BLOB));
  const coarse = Buffer.alloc(cw * ch * 3);
  for (let i = 0; i < coarse.length; i += 1) coarse[i] = Math.floor(rnd() * 256);
  const pixels = await sharp(coarse, { raw: { width: cw, height: ch, channels: 3 } })
    .resize(width, height, { kernel: 'cubic', fit: 'fill' })
    .raw()
    .toBuffer();
  let s = seed >>> 0 || 1;
  const row = width * 3;
  for (let i = 0; i < pixels.length; i += 1) {
    // xorshift32: a PRNG step per byte costs a few ms per megapixel.
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const grain = ((((s >>> 0) & 63) - 32) * GRAIN) >> 5;
    const shade = ((Math.floor(i / row) / height) * 48) | 0;
    const v = pixels[i] + grain - shade;
    pixels[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return pixels;
}
