/**
 * File names built from TMDb text, as the sync builds them: a title through the text rule
 * (encodeTmdbText), the movie mapper and namedImageDrafts, then the image service's file name and its
 * sub-size names. Whatever a stranger typed into TMDb, the name that reaches WordPress or disk is
 * one safe segment: no path, no markup, no control or bidi-override character, no leading dot.
 */
import sharp from 'sharp';
import { createLogger } from '../../../src/config/logger';
import type { ImageSizeSpec } from '../../../src/domain/content-store';
import { mediaFileStem, namedImageDrafts, titleSubject } from '../../../src/mappers/media-file-name';
import { mapMovie } from '../../../src/mappers/movie.mapper';
import { encodeTmdbText } from '../../../src/mappers/tmdb-text.mapper';
import { ImageService } from '../../../src/services/images/image.service';
import { movie } from '../mappers/factories';

const PWNED_IMG = '<img src=x onerror="window.__pwned=1">';
const PWNED_SCRIPT = '<script>window.__pwned=1</script>';
const PWNED_SVG = '"><svg onload=window.__pwned=1>';
const TRAVERSAL = '../../../wp-config';
const RLO = '\u202E';
const NUL = '\u0000';
/** What a safe name is made of: one segment of ASCII letters, digits and dashes, then the extension. */
const SAFE_NAME = /^[a-z0-9][a-z0-9-]*\.(webp|jpg)$/i;
const SIZES: ImageSizeSpec[] = [{ name: 'medium', width: 300, height: 300, crop: false }];

/** The file names the sync gives a movie's poster: the name and its sub-size names. */
async function posterNames(title: string, posterPath: string, releaseDate = '1999-10-15'): Promise<string[]> {
  const answer = encodeTmdbText(movie({ title, poster_path: posterPath, release_date: releaseDate }));
  const draft = mapMovie(answer);
  const [named] = namedImageDrafts(draft.poster ? [draft.poster] : [], titleSubject(answer.title, answer.release_date));
  if (!named) return [];
  const service = new ImageService({ downloadImage: async () => Buffer.alloc(0) }, { format: 'webp', quality: 60, maxWidth: 500 }, createLogger({ level: 'silent' }));
  const image = await sharp({ create: { width: 400, height: 600, channels: 3, background: '#224466' } })
    .jpeg()
    .toBuffer();
  const input = await service.process(named, image, answer.title, SIZES);
  return [input.fileName, ...(input.sizes ?? []).map((size) => size.fileName)];
}

describe('file names built from hostile TMDb text', () => {
  it.each([
    [`${PWNED_IMG} Fight Club`, 'img-src-x-onerror-window-pwned-1-fight-club-1999-poster'],
    [`${PWNED_SCRIPT}Fight Club`, 'script-window-pwned-1-script-fight-club-1999-poster'],
    [`${PWNED_SVG} Fight Club`, 'svg-onload-window-pwned-1-fight-club-1999-poster'],
    [TRAVERSAL, 'wp-config-1999-poster'],
    [`..\\..\\${TRAVERSAL}/.htaccess`, 'wp-config-htaccess-1999-poster'],
    [`Fight${NUL}Club${RLO}gpj.php`, 'fight-club-gpj-php-1999-poster'],
    [`\u0007Fight\u001bClub\u2066\u200f`, 'fight-club-1999-poster'],
  ])('names the poster of %j after its Latin words only', async (title, stem) => {
    expect(await posterNames(title, '/pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK.jpg')).toEqual([`${stem}.webp`, `${stem}-200x300.webp`]);
  });

  it('reads a title the text rule encoded as the words TMDb sent (no "quot", "lt" or "amp" in the name)', () => {
    const encoded = encodeTmdbText(movie({ title: `Tom & Jerry's ${PWNED_SVG}` })).title;
    expect(encoded).toContain('&amp;');
    expect(mediaFileStem(encoded, 'poster')).toBe('tom-jerry-s-svg-onload-window-pwned-1-poster');
  });

  it('drops a poster path with markup, control or bidi characters before it names anything', async () => {
    for (const path of [`/${PWNED_SVG}.jpg`, `/x${RLO}gpj.php`, `/x${NUL}.jpg`, '/a b.jpg']) {
      expect(await posterNames('Fight Club', path)).toEqual([]);
    }
  });

  it.each([
    ['/../../../wp-config.php', 'wp-config-poster'],
    ['/..', 'poster'],
    ['/.htaccess', 'htaccess-poster'],
    ['/.../x:y.jpg', 'x-y-poster'],
    ['/pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK.jpg', 'pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK-poster'],
  ])("keeps TMDb's file name %j, as one plain segment, for a title with no Latin letter", async (path, stem) => {
    const names = await posterNames(`${RLO}映画の夜${NUL}`, path, '');
    expect(names).toEqual([`${stem}.webp`, `${stem}-200x300.webp`]);
    expect(names.every((name) => SAFE_NAME.test(name))).toBe(true);
  });
});
