import sharp, { type Sharp } from 'sharp';
import type { ImageSizeFile, ImageSizeSpec } from '../../domain/content-store';
import { plannedSizes, sizeFileName, type SizePlan } from './image-sizes';

export interface EncodeSettings {
  format: 'webp' | 'jpeg';
  quality: number;
  /** libwebp's effort, 0–6 (unset: sharp's default, 4). */
  webpEffort?: number;
  maxWidth: number;
}

export interface EncodedImage {
  data: Buffer;
  width: number;
  height: number;
  sizes: ImageSizeFile[];
}

/**
 * libvips keeps recent operations and their pixels for reuse (up to 50 MiB by default); every image
 * here is decoded once and never again, so that cache only adds to the sidecar's peak memory.
 */
export function disableEncoderCache(): void {
  sharp.cache(false);
}

export function mimeOf(format: 'webp' | 'jpeg'): string {
  return format === 'webp' ? 'image/webp' : 'image/jpeg';
}

function encodeAs(pipeline: Sharp, settings: EncodeSettings): Sharp {
  return settings.format === 'webp'
    ? pipeline.webp({ quality: settings.quality, ...(settings.webpEffort === undefined ? {} : { effort: settings.webpEffort }) })
    : pipeline.jpeg({ quality: settings.quality, mozjpeg: true });
}

/**
 * Decodes the original once, caps its width, strips metadata (sharp keeps none
 * unless asked) and encodes it; with sizes, also every sub-size WordPress would
 * make of that capped image, cut from the same decoded pixels.
 */
export async function encodeImage(original: Buffer, settings: EncodeSettings, sizes: ImageSizeSpec[] | null, fileName: string): Promise<EncodedImage> {
  const capped = sharp(original).rotate().resize({ width: settings.maxWidth, withoutEnlargement: true });
  if (!sizes || sizes.length === 0) {
    const { data, info } = await encodeAs(capped, settings).toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, sizes: [] };
  }
  const { data: pixels, info } = await capped.raw().toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  const main = encodeAs(sharp(pixels, raw), settings).toBuffer();
  // Sizes with the same result (WordPress names them the same file) are encoded once.
  const byResult = new Map<string, Promise<Buffer>>();
  const planned = plannedSizes(info.width, info.height, sizes).map(({ spec, plan }) => {
    const id = `${plan.width}x${plan.height}@${plan.region.left},${plan.region.top},${plan.region.width},${plan.region.height}`;
    if (!byResult.has(id)) byResult.set(id, encodeAs(subSize(sharp(pixels, raw), plan, info), settings).toBuffer());
    return { spec, plan, data: byResult.get(id)! };
  });
  const mimeType = mimeOf(settings.format);
  const files = await Promise.all(
    planned.map(async ({ spec, plan, data }) => ({
      name: spec.name,
      data: await data,
      mimeType,
      fileName: sizeFileName(fileName, plan.width, plan.height),
      width: plan.width,
      height: plan.height,
    })),
  );
  return { data: await main, width: info.width, height: info.height, sizes: files };
}

/** WordPress's crop is "cut the centred region, then scale it"; a plain size scales the whole image. */
function subSize(pipeline: Sharp, plan: SizePlan, full: { width: number; height: number }): Sharp {
  const whole = plan.region.width === full.width && plan.region.height === full.height;
  const cut = whole ? pipeline : pipeline.extract(plan.region);
  return cut.resize(plan.width, plan.height, { fit: 'fill' });
}

/** Re-encodes an image and its sizes as JPEG (a WordPress that refuses WebP). */
export async function toJpeg(data: Buffer, sizes: ImageSizeFile[], quality: number): Promise<{ data: Buffer; sizes: ImageSizeFile[] }> {
  const jpeg = (buffer: Buffer) => sharp(buffer).jpeg({ quality, mozjpeg: true }).toBuffer();
  const converted = await Promise.all(
    sizes.map(async (size) => ({ ...size, data: await jpeg(size.data), mimeType: 'image/jpeg', fileName: size.fileName.replace(/\.webp$/, '.jpg') })),
  );
  return { data: await jpeg(data), sizes: converted };
}
