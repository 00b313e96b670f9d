/** Where to watch: TMDb's recorded watch/providers blocks mapped to the streaming_platforms list. */
import { tmdbMovieSchema, tmdbTvSchema, tmdbWatchProvidersSchema } from '../../../src/clients/tmdb/tmdb.schema';
import { createColumnCodec } from '../../../src/mappers/column-codec';
import { encodeTmdbText } from '../../../src/mappers/tmdb-text.mapper';
import { mapWatchProviders, watchProvidersColumn } from '../../../src/mappers/watch-providers.mapper';
import { loadFixture } from './fixture-helpers';

const breakingBad = () => encodeTmdbText(tmdbTvSchema.parse(loadFixture('tv', 'phptmdb-tv-1396-breaking-bad-append-all.json')));
const fightClub = () => encodeTmdbText(tmdbMovieSchema.parse(loadFixture('movie', 'adamayoung-movie-550-append-all-trimmed.json')));

describe('mapWatchProviders', () => {
  it('lists each provider of the region once, streaming first, then by TMDb’s priority, with the region’s watch link', () => {
    const block = breakingBad()['watch/providers'];
    const us = block!.results.US;
    const links = mapWatchProviders(block, 'US')!;
    const names = links.map((l) => l.name);
    expect(names.slice(0, us.flatrate!.length)).toEqual([...us.flatrate!].sort((a, b) => Number(a.display_priority) - Number(b.display_priority)).map((p) => p.provider_name));
    expect(new Set(names).size).toBe(names.length);
    // Apple iTunes both rents and sells Breaking Bad: listed once.
    expect(names.filter((n) => n === 'Apple iTunes')).toHaveLength(1);
    expect(links.every((l) => l.url === 'https://www.themoviedb.org/tv/1396-breaking-bad/watch?locale=US')).toBe(true);
  });

  it('follows the region asked for', () => {
    const block = breakingBad()['watch/providers'];
    const gb = mapWatchProviders(block, 'GB')!;
    expect(gb.length).toBeGreaterThan(0);
    expect(gb.every((l) => l.url?.endsWith('locale=GB'))).toBe(true);
    expect(gb).not.toEqual(mapWatchProviders(block, 'US'));
  });

  it('gives an empty list for a region TMDb lists nobody in, and nothing when the answer had no block', () => {
    expect(mapWatchProviders(fightClub()['watch/providers'], 'ZZ')).toEqual([]);
    expect(mapWatchProviders(undefined, 'US')).toBeUndefined();
    expect(watchProvidersColumn(undefined, 'US', createColumnCodec('php'))).toEqual({});
  });

  it('writes the list in the site’s column format', () => {
    const block = fightClub()['watch/providers'];
    expect(watchProvidersColumn(block, 'US', createColumnCodec('json'))).toEqual({
      streaming_platforms: JSON.stringify([{ name: 'Netflix', url: 'https://www.themoviedb.org/movie/550/watch?locale=US' }]),
    });
    expect(createColumnCodec('php').decode(watchProvidersColumn(block, 'US', createColumnCodec('php')).streaming_platforms!)).toEqual([
      { name: 'Netflix', url: 'https://www.themoviedb.org/movie/550/watch?locale=US' },
    ]);
  });

  it('keeps hostile provider names as text and drops a link that is not http(s)', () => {
    const hostile = encodeTmdbText(
      tmdbWatchProvidersSchema.parse({
        results: { US: { link: "javascript:alert('x')", flatrate: [{ provider_id: 1, provider_name: '<img src=x onerror=alert(1)> & Co', display_priority: 0 }] } },
      }),
    );
    expect(mapWatchProviders(hostile, 'US')).toEqual([{ name: '&lt;img src=x onerror=alert(1)&gt; &amp; Co', url: null }]);
  });

  it('never fails a title over a malformed block: it reads as absent', () => {
    const movie = tmdbMovieSchema.parse({ ...loadFixture('movie', 'adamayoung-movie-550-append-all-trimmed.json'), 'watch/providers': { results: 'nope' } });
    expect(movie['watch/providers']).toBeUndefined();
    expect(movie.title).toBe('Fight Club');
  });
});
