/**
 * WordPress's sub-size arithmetic, so the sidecar can make the files WordPress
 * would make on upload (image_resize_dimensions, wp_constrain_dimensions and
 * the `<base>-<w>x<h>.<ext>` names of WP_Image_Editor). Pure: no IO.
 */

import type { ImageSizeSpec } from '../../domain/content-store';

export type { ImageSizeSpec };

/** What to cut out of the source (crop) and the size to scale it to. */
export interface SizePlan {
  width: number;
  height: number;
  /** The source region: the whole image unless the size crops. */
  region: { left: number; top: number; width: number; height: number };
}

/** Fits width x height inside maxWidth x maxHeight (0 = no bound), with WordPress's rounding. */
export function constrainDimensions(width: number, height: number, maxWidth: number, maxHeight: number): [number, number] {
  if (!maxWidth && !maxHeight) return [width, height];
  let widthRatio = 1;
  let heightRatio = 1;
  const didWidth = maxWidth > 0 && width > 0 && width > maxWidth;
  const didHeight = maxHeight > 0 && height > 0 && height > maxHeight;
  if (didWidth) widthRatio = maxWidth / width;
  if (didHeight) heightRatio = maxHeight / height;
  const smaller = Math.min(widthRatio, heightRatio);
  const larger = Math.max(widthRatio, heightRatio);
  // The larger ratio is the snugger fit unless it overflows a bound (a 0 bound always "overflows").
  const ratio = phpRound(width * larger) > maxWidth || phpRound(height * larger) > maxHeight ? smaller : larger;
  let w = Math.max(1, phpRound(width * ratio));
  let h = Math.max(1, phpRound(height * ratio));
  // One pixel shy of the bound is rounding: WordPress bumps it up.
  if (didWidth && w === maxWidth - 1) w = maxWidth;
  if (didHeight && h === maxHeight - 1) h = maxHeight;
  return [w, h];
}

/** The size WordPress would make of an origW x origH original, or null when it would make none. */
export function resizeDimensions(origW: number, origH: number, size: Pick<ImageSizeSpec, 'width' | 'height' | 'crop'>): SizePlan | null {
  const { width: destW, height: destH, crop } = size;
  if (origW <= 0 || origH <= 0) return null;
  if (destW <= 0 && destH <= 0) return null;
  // A size larger than the original is not made.
  if (!destH) {
    if (origW < destW) return null;
  } else if (!destW) {
    if (origH < destH) return null;
  } else if (origW < destW && origH < destH) {
    return null;
  }
  let newW: number;
  let newH: number;
  let region = { left: 0, top: 0, width: origW, height: origH };
  if (crop) {
    const aspect = origW / origH;
    newW = Math.min(destW, origW);
    newH = Math.min(destH, origH);
    if (!newW) newW = phpRound(newH * aspect);
    if (!newH) newH = phpRound(newW / aspect);
    const ratio = Math.max(newW / origW, newH / origH);
    const cropW = phpRound(newW / ratio);
    const cropH = phpRound(newH / ratio);
    region = { left: Math.floor((origW - cropW) / 2), top: Math.floor((origH - cropH) / 2), width: cropW, height: cropH };
  } else {
    [newW, newH] = constrainDimensions(origW, origH, destW, destH);
  }
  // Within a pixel of the original in both directions: WordPress makes no copy.
  if (Math.abs(newW - origW) <= 1 && Math.abs(newH - origH) <= 1) return null;
  return { width: newW, height: newH, region };
}

/** Every size WordPress would make of this original, by size name. */
export function plannedSizes(origW: number, origH: number, sizes: ImageSizeSpec[]): Array<{ spec: ImageSizeSpec; plan: SizePlan }> {
  return sizes.flatMap((spec) => {
    const plan = resizeDimensions(origW, origH, spec);
    return plan ? [{ spec, plan }] : [];
  });
}

/** `poster.webp` + 300x450 → `poster-300x450.webp`, as WP_Image_Editor names its sub-sizes. */
export function sizeFileName(fileName: string, width: number, height: number): string {
  const dot = fileName.lastIndexOf('.');
  const base = dot > 0 ? fileName.slice(0, dot) : fileName;
  const ext = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  return ext ? `${base}-${width}x${height}.${ext}` : `${base}-${width}x${height}`;
}

/** PHP's round(): halves away from zero (JS rounds them up, which differs below zero only). */
function phpRound(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}
