/**
 * Columns whose shape or meaning differs between TMU's two readers
 * (docs/columns.md): the `php` format follows the legacy plugin's templates,
 * the `json` format the newer theme's metadata blocks. Pure.
 */
import { FINISHED_VALUES } from '../domain/column-values';
import type { ColumnCodec } from './mapping.types';
import { names } from './terms.mapper';

type Format = ColumnCodec['format'];

const FINISHED_STATUSES = new Set(['ended', 'canceled', 'cancelled']);

function isFinished(status: string | null | undefined): boolean {
  return FINISHED_STATUSES.has((status ?? '').trim().toLowerCase());
}

/**
 * production_house. php: the legacy comma list (`implode(', ', …)`, so '' when
 * there are none); json: `[{"name": …}]`, what the theme json_decodes into
 * its production_companies attribute.
 */
export function productionHouseColumn(companies: Array<{ name?: string | null }> | undefined, codec: ColumnCodec): string {
  const list = names(companies);
  if (codec.format === 'php') return list.join(', ');
  return codec.encode(list.map((name) => ({ name })));
}

/** finished. php: '1' for Ended/Canceled, else '0' (legacy); json: 'Yes'/'No' (theme). */
export function finishedColumn(status: string | null | undefined, format: Format): string {
  const values = FINISHED_VALUES[format];
  return isFinished(status) ? values.finished : values.running;
}

/**
 * tmu_tv_series.last_episode. php: the number of the next (else last) episode,
 * as the legacy importer took it; json: the series' total episode count (theme).
 */
export function lastEpisodeColumn(tv: { number_of_episodes?: number | null }, nextOrLast: { episode: number | null }, format: Format): number | null {
  if (format === 'php') return nextOrLast.episode;
  const total = tv.number_of_episodes;
  return typeof total === 'number' && Number.isFinite(total) ? Math.round(total) : null;
}

/** tmu_people.profession. php: plain text ('' when TMDb has none, as legacy); json: a JSON list. */
export function professionColumn(department: string | null | undefined, codec: ColumnCodec): string {
  const value = department?.trim() ?? '';
  if (codec.format === 'php') return value;
  return codec.encode(value ? [value] : []);
}

/**
 * tmu_people.known_for from a person's own payload. php: left out (legacy
 * means title post IDs, added per title by the title sync); json: the department.
 */
export function knownForColumn(department: string | null | undefined, format: Format): { known_for?: string | null } {
  if (format === 'php') return {};
  const value = department?.trim();
  return { known_for: value ? value : null };
}

/** Whether the title sync adds its post ID to each star's known_for (legacy meaning only). */
export function knownForListsTitles(format: Format): boolean {
  return format === 'php';
}

/**
 * tmu_people.videos: never NULL. The legacy person template unserialize()s it
 * without a check (a PHP 8.1 deprecation on NULL); the legacy importer wrote ''.
 */
export function emptyPersonVideos(codec: ColumnCodec): string {
  return codec.format === 'php' ? '' : codec.encode([]);
}

/**
 * Our name-list columns (genres, keywords, production_companies, production_countries,
 * spoken_languages, networks). php: a list of names; json: TMDb-like `[{"name": …}]`
 * objects, as the theme's blocks render them (`$network['name']`, `$company['name']`).
 */
export function nameListColumn(list: string[], codec: ColumnCodec): string {
  return codec.format === 'php' ? codec.encode(list) : codec.encode(list.map((name) => ({ name })));
}
