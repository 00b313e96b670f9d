import sharp from 'sharp';
import { ImageGenerator } from '../../../tools/tmdb-standin/image-generator';

/** Synthetic paths the way the stand-in names them: one per title and role. */
const paths = (n: number, role: string) => Array.from({ length: n }, (_, i) => `/synthetic-movie-${41_000 + i}-${role}.jpg`);

async function render(generator: ImageGenerator, size: string, file: string) {
  const image = await generator.render(size, file)!;
  const meta = await sharp(image.body).metadata();
  return { ...image, width: meta.width, height: meta.height, format: meta.format };
}

describe('the stand-in image generator', () => {
  it('photo style: JPEGs of TMDb sizes that weigh like photos, flat ones do not', async () => {
    const photo = new ImageGenerator('photo');
    const flat = new ImageGenerator();
    const poster = await render(photo, 'w500', paths(1, 'poster')[0]);
    const backdrop = await render(photo, 'w1280', paths(1, 'backdrop')[0]);
    const profile = await render(photo, 'h632', paths(1, 'profile')[0]);
    expect([poster.width, poster.height, poster.format, poster.contentType]).toEqual([500, 750, 'jpeg', 'image/jpeg']);
    expect([backdrop.width, backdrop.height]).toEqual([1280, 720]);
    expect([profile.width, profile.height]).toEqual([421, 632]);
    // TMDb's posters and backdrops run about 0.1-0.3 bytes a pixel; a flat fill is far below.
    expect(poster.body.length / (500 * 750)).toBeGreaterThan(0.1);
    expect(backdrop.body.length / (1280 * 720)).toBeGreaterThan(0.1);
    const flatPoster = await render(flat, 'w500', paths(1, 'poster')[0]);
    expect(flatPoster.body.length / (500 * 750)).toBeLessThan(0.02);
  });

  it('photo style: the same bytes for a path every time, from a bounded set of pictures per size', async () => {
    const a = new ImageGenerator('photo');
    const b = new ImageGenerator('photo');
    const files = paths(64, 'still');
    const first = await Promise.all(files.map((f) => a.render('w300', f)!));
    const again = await Promise.all(files.map((f) => b.render('w300', f)!));
    expect(first.map((image, i) => image.body.equals(again[i].body))).toEqual(files.map(() => true));
    const distinct = new Set(first.map((i) => i.body.toString('base64')));
    expect(distinct.size).toBeGreaterThan(4);
    expect(distinct.size).toBeLessThanOrEqual(16);
  });

  it('photo style: PNG and WebP paths get their own format', async () => {
    const photo = new ImageGenerator('photo');
    expect((await render(photo, 'w300', '/synthetic-movie-1-logo.png')).format).toBe('png');
    expect((await render(photo, 'w185', '/synthetic-person-7-profile.webp')).format).toBe('webp');
    expect(photo.render('x9', '/a.jpg')).toBeUndefined();
  });
});
