import { createColumnCodec } from '../../../src/mappers/column-codec';
import { buildMovieRow, mapMovie } from '../../../src/mappers/movie.mapper';
import { buildPersonRow, mapPerson } from '../../../src/mappers/person.mapper';
import { termDraft } from '../../../src/mappers/terms.mapper';
import { mapVideos } from '../../../src/mappers/video.mapper';
import { decodeHtmlText, encodeHtmlText, encodeTmdbText, textSlug, webLink } from '../../../src/mappers/tmdb-text.mapper';
import { HOSTILE_HOMEPAGE, HOSTILE_PAYLOADS, hostileRewrite } from '../../../tools/tmdb-standin/hostile-text';
import { movie, person, rawCast, SYNCED_AT } from './factories';
import { FixtureDir, partitionFixtures } from './fixture-helpers';

/** A character a browser reads as markup when a page prints the value raw. */
const MARKUP = /[<>"']/;
/** An & that does not start one of the entities the rule writes. */
const LONE_AMPERSAND = /&(?!(amp|lt|gt|quot|#039);)/;

/** Every string of a TMDb answer beside what the rule made of it: [field, original, encoded]. */
function pairs(original: unknown, encoded: unknown, field = ''): Array<[string, string, unknown]> {
  if (typeof original === 'string') return [[field, original, encoded]];
  if (Array.isArray(original)) return original.flatMap((item, i) => pairs(item, (encoded as unknown[])[i], field));
  if (original !== null && typeof original === 'object') {
    return Object.entries(original).flatMap(([key, item]) => pairs(item, (encoded as Record<string, unknown>)[key], key));
  }
  return [];
}

const refs = { postId: 10, people: new Map<number, number>(), videoPostIds: [], imageIds: [] };

describe('encodeHtmlText', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['"><svg onload=alert(1)>', '&quot;&gt;&lt;svg onload=alert(1)&gt;'],
    ["Schindler's List", 'Schindler&#039;s List'],
    ['Tom &amp; Jerry', 'Tom &amp;amp; Jerry'],
    ['映画 «ليلة»', '映画 «ليلة»'],
  ])('encodes %j', (text, encoded) => {
    expect(encodeHtmlText(text)).toBe(encoded);
    expect(decodeHtmlText(encoded)).toBe(text);
  });

  it('keeps the slug of the plain words', () => {
    expect(textSlug(encodeHtmlText('Tom & Jerry'))).toBe('tom-jerry');
    expect(textSlug(encodeHtmlText("Schindler's List"))).toBe('schindlers-list');
    expect(textSlug(encodeHtmlText('<b>Sci-Fi</b> & Fantasy'))).toBe('sci-fi-fantasy');
    expect(termDraft('genre', encodeHtmlText('Action & Adventure'))).toEqual({ taxonomy: 'genre', name: 'Action &amp; Adventure', slug: 'action-adventure' });
  });

  it('keeps http(s) links only', () => {
    expect(webLink('https://example.com/?a=1&b=2')).toBe('https://example.com/?a=1&amp;b=2');
    expect(webLink(HOSTILE_HOMEPAGE)).toBeNull();
    expect(webLink('data:text/html,<script>alert(1)</script>')).toBeNull();
  });
});

describe.each<FixtureDir>(['movie', 'tv', 'tv-season', 'tv-episode', 'person'])('encodeTmdbText on the recorded %s answers', (dir) => {
  const { details } = partitionFixtures(dir);

  it('leaves no markup and loses no words; paths and keys stay as TMDb sent them', () => {
    expect(details.length).toBeGreaterThan(0);
    for (const { json } of details) {
      const all = pairs(json, encodeTmdbText(json));
      expect(all.length).toBeGreaterThan(5);
      for (const [field, original, text] of all) {
        if (field === 'homepage') expect(text).toBe(webLink(original));
        else if (/(^|_)path$/.test(field)) expect([original, null]).toContain(text);
        else if (/^key$|^iso_/.test(field)) expect(text).toBe(original);
        else {
          expect(text).not.toMatch(MARKUP);
          expect(text).not.toMatch(LONE_AMPERSAND);
          expect(decodeHtmlText(String(text))).toBe(original);
        }
      }
    }
  });
});

describe('a hostile catalogue through the mappers', () => {
  const rewrite = hostileRewrite();
  const hostileMovie = movie(
    rewrite('/movie/1001', {
      id: 1001,
      title: 'A Movie',
      overview: 'An overview.',
      tagline: 'A tagline.',
      homepage: 'https://example.com',
      genres: [{ id: 1, name: 'Drama' }],
      credits: { cast: [rawCast(7, 'Hero', 0)], crew: [] },
      videos: {
        results: [
          { key: 'abc_DEF-1', site: 'YouTube', name: 'Trailer', type: 'Trailer' },
          { key: '"><svg onload=alert(1)>', site: 'YouTube', name: 'Bad', type: 'Trailer' },
        ],
      },
    }) as Record<string, unknown>,
  );

  it.each(['php', 'json'] as const)('builds a post, terms and a %s row holding text', (format) => {
    const safe = encodeTmdbText(hostileMovie);
    const draft = mapMovie(safe);
    expect(draft.post.title).not.toMatch(MARKUP);
    expect(decodeHtmlText(draft.post.title)).toContain(HOSTILE_PAYLOADS[0]);
    expect(draft.terms.filter((t) => MARKUP.test(t.name))).toEqual([]);
    expect(draft.cast[0].character).not.toMatch(MARKUP);
    expect(draft.videos.map((v) => v.key)).toEqual(['abc_DEF-1']);
    const row = buildMovieRow(safe, draft, refs, createColumnCodec(format), SYNCED_AT);
    const texts = Object.entries(row).filter(([, v]) => typeof v === 'string' && /[<>]/.test(v));
    expect(texts).toEqual([]);
    expect(row.homepage).toBeNull();
  });

  it('builds a person post and row holding text', () => {
    const safe = encodeTmdbText(
      person(rewrite('/person/5005', { id: 5005, name: 'Some One', biography: 'A life.', place_of_birth: 'Lyon, France' }) as Record<string, unknown>),
    );
    const draft = mapPerson(safe);
    const row = buildPersonRow(safe, draft, { postId: 3, photoIds: [] }, createColumnCodec('php'), SYNCED_AT);
    expect(row.name).toBe(draft.post.title);
    expect([row.name, row.biography, row.birthplace, draft.post.content].filter((v) => v && /[<>]/.test(v))).toEqual([]);
    expect(decodeHtmlText(row.biography ?? '')).toContain(HOSTILE_PAYLOADS[0]);
  });

  it('skips a video whose key would leave a player URL', () => {
    expect(mapVideos([{ key: 'x" onload="alert(1)', site: 'YouTube', name: 'n', type: 'Trailer' }]).kept).toEqual([]);
  });
});
