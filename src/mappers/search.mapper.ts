import type { SearchType, TmdbSearchResult } from '../clients/tmdb/tmdb.schema';

export interface SearchHit {
  tmdb_id: number;
  type: 'movie' | 'tv' | 'person';
  title: string;
  year: number | null;
  poster_url: string | null;
  overview: string;
}

/** TMDb search results in the shape `GET /search` answers. Unknown media types are dropped. */
export function normalizeSearchResults(results: TmdbSearchResult[], type: SearchType, imageBaseUrl: string): SearchHit[] {
  const hits: SearchHit[] = [];
  for (const r of results) {
    const mediaType = type === 'multi' ? r.media_type : type;
    if (mediaType !== 'movie' && mediaType !== 'tv' && mediaType !== 'person') continue;
    const date = r.release_date || r.first_air_date || '';
    const image = r.poster_path || r.profile_path;
    hits.push({
      tmdb_id: r.id,
      type: mediaType,
      title: r.title || r.name || r.original_title || r.original_name || `#${r.id}`,
      year: /^\d{4}/.test(date) ? Number(date.slice(0, 4)) : null,
      poster_url: image ? `${imageBaseUrl}/w185${image}` : null,
      overview: r.overview ?? '',
    });
  }
  return hits;
}
