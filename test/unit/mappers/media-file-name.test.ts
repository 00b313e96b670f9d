import { episodeSubject, MAX_SUBJECT_CHARS, mediaFileStem, mediaSubjectSlug, namedImageDrafts, titleSubject } from '../../../src/mappers/media-file-name';
import type { ImageDraft } from '../../../src/mappers/mapping.types';

const draft = (kind: ImageDraft['kind'], filePath: string): ImageDraft => ({ kind, filePath, size: 'w780' });

describe('media file names', () => {
  it("names a title's poster and backdrops after its title, year and role", () => {
    const subject = titleSubject('Fight Club', '1999-10-15');
    expect(subject).toBe('Fight Club 1999');
    const named = namedImageDrafts([draft('poster', '/pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK.jpg'), draft('backdrop', '/a.jpg'), draft('backdrop', '/b.jpg')], subject);
    expect(named.map((d) => d.fileStem)).toEqual(['fight-club-1999-poster', 'fight-club-1999-backdrop', 'fight-club-1999-backdrop-2']);
    // The TMDb path stays the key: a re-sync finds the same attachment.
    expect(named.map((d) => d.filePath)).toEqual(['/pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK.jpg', '/a.jpg', '/b.jpg']);
  });

  it('names a season poster after the season and a still after its episode', () => {
    expect(mediaFileStem('Breaking Bad - Season 1', 'poster')).toBe('breaking-bad-season-1-poster');
    expect(mediaFileStem(episodeSubject('Breaking Bad', 1, 2), 'still')).toBe('breaking-bad-s01e02-still');
  });

  it('names a profile after the person', () => {
    expect(mediaFileStem('Brad Pitt', 'profile')).toBe('brad-pitt-profile');
  });

  it('folds accents and entities to ASCII and drops what is not a letter or digit', () => {
    expect(mediaSubjectSlug('Amélie 2001')).toBe('amelie-2001');
    expect(mediaSubjectSlug('Léa Seydoux')).toBe('lea-seydoux');
    expect(mediaSubjectSlug('Tom &amp; Jerry: The Movie!')).toBe('tom-jerry-the-movie');
    expect(mediaSubjectSlug('<script>alert(1)</script> ../../etc/passwd')).toBe('script-alert-1-script-etc-passwd');
    expect(titleSubject('Solaris', null)).toBe('Solaris');
  });

  it("keeps TMDb's name when nothing Latin is left", () => {
    expect(mediaFileStem('千と千尋の神隠し', 'poster')).toBeNull();
    const [kept] = namedImageDrafts([draft('poster', '/x.jpg')], '千と千尋の神隠し');
    expect(kept.fileStem).toBeUndefined();
  });

  it('bounds the subject on a word boundary', () => {
    const slug = mediaSubjectSlug(`${'word '.repeat(40)}end`);
    expect(slug.length).toBeLessThanOrEqual(MAX_SUBJECT_CHARS);
    expect(slug.endsWith('-')).toBe(false);
    expect(slug.split('-').every((part) => part === 'word')).toBe(true);
  });
});
