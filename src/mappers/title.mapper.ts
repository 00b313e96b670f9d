/**
 * What movies, TV series and dramas share: value clean-up, ratings as
 * DECIMAL(10,1), production_house, and the extra columns of SyncedExtras.
 */
import type { SyncedExtras } from '../domain/rows';
import { nameListColumn } from './column-shapes';
import type { ColumnCodec } from './mapping.types';
import { keywordNames, languageNames, names } from './terms.mapper';

/** Trimmed string, or null for null/undefined/empty (TMDb sends '' for "unknown"). */
export function nz(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** A number as MySQL DECIMAL(10,1) stores it: rounded half away from zero on its decimal form. */
export function round1(value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const tenths = Math.round(Number((Math.abs(value) * 10).toPrecision(15)));
  const rounded = (Math.sign(value) * tenths) / 10;
  return rounded === 0 ? 0 : rounded;
}

/** Finite number or null. */
function num(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}

/** Integer or null (runtime, counts, money). */
export function int(value: number | null | undefined): number | null {
  const n = num(value);
  return n === null ? null : Math.round(n);
}

export interface ExtrasSource {
  overview?: string | null;
  imdb_id?: string | null;
  status?: string | null;
  adult?: boolean | null;
  poster_path?: string | null;
  backdrop_path?: string | null;
  homepage?: string | null;
  original_language?: string | null;
  genres?: Array<{ name?: string | null }>;
  production_companies?: Array<{ name?: string | null }>;
  production_countries?: Array<{ name?: string | null }>;
  spoken_languages?: Array<{ english_name?: string | null; name?: string | null }>;
  keywords?: { keywords?: Array<{ name?: string | null }>; results?: Array<{ name?: string | null }> };
  external_ids?: { imdb_id?: string | null };
}

/** The extra (nullable) columns our migrations add; lists are encoded lists of names. */
export function buildSyncedExtras(title: string, source: ExtrasSource, codec: ColumnCodec, syncedAt: Date): SyncedExtras {
  return {
    title,
    overview: nz(source.overview),
    imdb_id: nz(source.imdb_id) ?? nz(source.external_ids?.imdb_id),
    status: nz(source.status),
    adult: source.adult === null || source.adult === undefined ? null : source.adult ? 1 : 0,
    poster_path: nz(source.poster_path),
    backdrop_path: nz(source.backdrop_path),
    homepage: nz(source.homepage),
    original_language: nz(source.original_language),
    genres: nameListColumn(names(source.genres), codec),
    keywords: source.keywords ? nameListColumn(keywordNames(source.keywords), codec) : null,
    production_companies: nameListColumn(names(source.production_companies), codec),
    production_countries: nameListColumn(names(source.production_countries), codec),
    spoken_languages: nameListColumn(languageNames(source.spoken_languages), codec),
    synced_at: syncedAt,
  };
}
