import { constrainDimensions, plannedSizes, resizeDimensions, sizeFileName } from '../../../src/services/images/image-sizes';

/** Expected values are what WordPress 6.1's image_resize_dimensions() answers for the same arguments. */
describe('image sizes: the arithmetic of WordPress sub-sizes', () => {
  const size = (width: number, height: number, crop = false) => ({ width, height, crop });

  it.each([
    // orig w, h, dest w, h, crop → new w, h, source region (left, top, width, height)
    [1280, 1920, 150, 150, true, [150, 150], [0, 320, 1280, 1280]],
    [1280, 1920, 300, 300, false, [200, 300], [0, 0, 1280, 1920]],
    [1280, 1920, 1024, 1024, false, [683, 1024], [0, 0, 1280, 1920]],
    [1280, 1920, 768, 0, false, [768, 1152], [0, 0, 1280, 1920]],
    [1280, 1920, 1536, 1536, false, [1024, 1536], [0, 0, 1280, 1920]],
    [1280, 720, 150, 150, true, [150, 150], [280, 0, 720, 720]],
    [1280, 720, 300, 300, false, [300, 169], [0, 0, 1280, 720]],
    [1280, 720, 768, 0, false, [768, 432], [0, 0, 1280, 720]],
    [1280, 720, 0, 500, false, [889, 500], [0, 0, 1280, 720]],
    [465, 700, 177, 177, false, [118, 177], [0, 0, 465, 700]],
    [100, 750, 150, 150, true, [100, 150], [0, 300, 100, 150]],
    [185, 278, 150, 150, true, [150, 150], [0, 46, 185, 185]],
    [300, 450, 300, 300, false, [200, 300], [0, 0, 300, 450]],
  ])('%i x %i into %i x %i (crop %s)', (w, h, dw, dh, crop, result, region) => {
    const plan = resizeDimensions(w, h, size(dw, dh, crop));
    expect(plan).toEqual({ width: result[0], height: result[1], region: { left: region[0], top: region[1], width: region[2], height: region[3] } });
  });

  it.each([
    ['larger than the original both ways', 1280, 1920, 2048, 2048, false],
    ['a crop larger both ways', 100, 80, 150, 150, true],
    ['the same size as the original', 1280, 720, 1280, 720, false],
    ['within a pixel of the original', 1279, 720, 1280, 0, false],
    ['a width-only size wider than the original', 500, 750, 768, 0, false],
    ['no bound at all', 500, 750, 0, 0, false],
  ])('makes no size when it is %s', (_why, w, h, dw, dh, crop) => {
    expect(resizeDimensions(w, h, size(dw, dh, crop))).toBeNull();
  });

  it('bumps a result one pixel shy of the bound, as wp_constrain_dimensions does', () => {
    expect(constrainDimensions(465, 700, 177, 177)).toEqual([118, 177]);
    expect(constrainDimensions(1000, 500, 0, 0)).toEqual([1000, 500]);
  });

  it('plans the sizes a poster gets and names them like WordPress', () => {
    const registered = [
      { name: 'thumbnail', width: 150, height: 150, crop: true },
      { name: 'medium', width: 300, height: 300, crop: false },
      { name: 'medium_large', width: 768, height: 0, crop: false },
      { name: 'large', width: 1024, height: 1024, crop: false },
      { name: '2048x2048', width: 2048, height: 2048, crop: false },
    ];
    const planned = plannedSizes(780, 1170, registered).map(({ spec, plan }) => `${spec.name}:${sizeFileName('poster-poster.webp', plan.width, plan.height)}`);
    expect(planned).toEqual([
      'thumbnail:poster-poster-150x150.webp',
      'medium:poster-poster-200x300.webp',
      'medium_large:poster-poster-768x1152.webp',
      'large:poster-poster-683x1024.webp',
    ]);
  });
});
