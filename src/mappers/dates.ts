/**
 * Dates the legacy way: `Y-m-d` strings, Unix timestamps from PHP strtotime()
 * under WordPress's UTC default timezone, US theatrical release and certification.
 */
import type { TmdbMovie, TmdbTv } from '../clients/tmdb/tmdb.schema';

const DAY_SECONDS = 86_400;
const THEATRICAL = 3;

/** `Y-m-d` from a TMDb date or ISO datetime ('1999-10-15T00:00:00.000Z'); null when empty or invalid. */
export function toYmd(value: string | null | undefined): string | null {
  if (!value) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
  if (!match) return null;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return null;
  return `${y}-${m}-${d}`;
}

/** strtotime('1999-10-15') with a UTC default timezone: seconds at 00:00 UTC. */
export function releaseTimestamp(value: string | null | undefined): number | null {
  const ymd = toYmd(value);
  if (!ymd) return null;
  const [y, m, d] = ymd.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 1000;
}

/** date('Y-m-d', $timestamp) in UTC. */
export function timestampToYmd(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

/** 4-digit year of a date, as the legacy by-year term. */
export function releaseYear(value: string | null | undefined): string | null {
  return toYmd(value)?.slice(0, 4) ?? null;
}

/**
 * Post date of a title: the release backdated by 14 days (legacy importer).
 * With `now`, a date that is not in the past is dropped (WordPress would schedule the post).
 */
export function titlePostDate(timestamp: number | null, now?: Date): string | undefined {
  if (timestamp === null) return undefined;
  const backdated = timestamp - 14 * DAY_SECONDS;
  if (now && backdated * 1000 >= now.getTime()) return undefined;
  return timestampToYmd(backdated);
}

/** Post date of a season or episode: its air date, dropped when `now` is given and it is not in the past. */
export function airPostDate(value: string | null | undefined, now?: Date): string | undefined {
  const timestamp = releaseTimestamp(value);
  if (timestamp === null) return undefined;
  if (now && timestamp * 1000 >= now.getTime()) return undefined;
  return timestampToYmd(timestamp);
}

function nonEmpty(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

export interface ReleaseChoice {
  date: string | null;
  certification: string | null;
}

/**
 * Release date and certification of a movie:
 * date = the region's earliest theatrical (type 3) release, else TMDb release_date;
 * certification = that theatrical release's, else the first non-empty one of the region's
 * releases, else the first non-empty one of any other country (legacy fallback).
 */
export function usTheatricalRelease(movie: TmdbMovie, region = 'US'): ReleaseChoice {
  const countries = movie.release_dates?.results ?? [];
  const regional = countries.filter((c) => c.iso_3166_1.toUpperCase() === region.toUpperCase()).flatMap((c) => c.release_dates);
  const theatrical = regional
    .filter((r) => r.type === THEATRICAL && toYmd(r.release_date) !== null)
    .sort((a, b) => (toYmd(a.release_date) ?? '').localeCompare(toYmd(b.release_date) ?? ''));
  const first = theatrical[0];
  const date = first ? toYmd(first.release_date) : toYmd(movie.release_date);
  const certification =
    nonEmpty(first?.certification) ??
    theatrical.map((r) => nonEmpty(r.certification)).find((c) => c !== null) ??
    regional.map((r) => nonEmpty(r.certification)).find((c) => c !== null) ??
    countries
      .flatMap((c) => c.release_dates)
      .map((r) => nonEmpty(r.certification))
      .find((c) => c !== null) ??
    null;
  return { date, certification };
}

/** TV certification: the region's content rating, else the first non-empty one. */
export function tvCertification(tv: TmdbTv, region = 'US'): string | null {
  const ratings = tv.content_ratings?.results ?? [];
  const regional = ratings.find((r) => r.iso_3166_1.toUpperCase() === region.toUpperCase() && nonEmpty(r.rating));
  return nonEmpty(regional?.rating) ?? ratings.map((r) => nonEmpty(r.rating)).find((c) => c !== null) ?? null;
}
