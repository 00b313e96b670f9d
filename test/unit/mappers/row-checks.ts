/** Shape checks for built rows: exact key set, value types, and codec round-trips of list columns. */
import type { ColumnCodec } from '../../../src/mappers/mapping.types';

type ColumnKind =
  | 'int'
  | 'int?'
  | 'dec1'
  | 'dec1?'
  | 'text'
  | 'text?'
  | 'str'
  | 'encoded-or-empty'
  | 'ymd?'
  | 'flag'
  | 'names'
  | 'department'
  | 'profession'
  | 'gender'
  | 'bit?'
  | 'encoded'
  | 'encoded?'
  | 'date';

export type RowSpec = Record<string, ColumnKind>;

const isDec1 = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && Math.abs(Math.round(v * 10) / 10 - v) < 1e-9;
const isText = (v: unknown) => typeof v === 'string' && v.trim() !== '' && v === v.trim();

function problem(kind: ColumnKind, value: unknown, codec: ColumnCodec): string | null {
  const nullable = kind.endsWith('?');
  if (nullable && value === null) return null;
  switch (kind.replace('?', '')) {
    case 'int':
      return Number.isSafeInteger(value) ? null : 'not an integer';
    case 'dec1':
      return isDec1(value) ? null : 'not a DECIMAL(10,1) number';
    case 'text':
      return isText(value) ? null : 'not a trimmed non-empty string';
    case 'str':
      return typeof value === 'string' && value === value.trim() ? null : 'not a trimmed string';
    case 'encoded-or-empty':
      return value === '' ? null : problem('encoded', value, codec);
    case 'ymd':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? null : 'not Y-m-d';
    case 'flag':
      if (codec.format === 'json') return value === 'Yes' || value === 'No' ? null : "not 'Yes'/'No'";
      return value === '0' || value === '1' ? null : "not '0'/'1'";
    case 'names':
      return codec.format === 'php' ? problem('str', value, codec) : problem('encoded', value, codec);
    case 'profession':
      return codec.format === 'php' ? problem('str', value, codec) : problem('encoded', value, codec);
    case 'department':
      return codec.format === 'php' ? 'written by the person mapper in the php format' : problem('text?', value, codec);
    case 'gender':
      return ['Male', 'Female', 'Not Specified'].includes(value as string) ? null : 'not a gender label';
    case 'bit':
      return value === 0 || value === 1 ? null : 'not 0/1';
    case 'date':
      return value instanceof Date ? null : 'not a Date';
    case 'encoded': {
      if (typeof value !== 'string') return 'not an encoded string';
      let decoded: unknown;
      try {
        decoded = codec.decode(value);
      } catch {
        return 'does not decode';
      }
      if (decoded === null || typeof decoded !== 'object') return 'does not decode to a list or map';
      return codec.encode(decoded) === value ? null : 'does not round-trip through the codec';
    }
    default:
      return `unknown kind ${kind}`;
  }
}

/** Every problem of a row against its spec, as "column: reason" (empty when the row is fine). */
export function rowProblems(row: object, spec: RowSpec, codec: ColumnCodec): string[] {
  const problems: string[] = [];
  const keys = Object.keys(row);
  for (const key of keys) if (!(key in spec)) problems.push(`${key}: unexpected column`);
  for (const [key, kind] of Object.entries(spec)) {
    if (!keys.includes(key)) {
      // The php format's known_for lists title post IDs: the title sync adds them, not the person mapper.
      if (kind === 'department' && codec.format === 'php') continue;
      problems.push(`${key}: missing`);
      continue;
    }
    const reason = problem(kind, (row as Record<string, unknown>)[key], codec);
    if (reason) problems.push(`${key}: ${reason}`);
  }
  return problems;
}

const EXTRAS: RowSpec = {
  title: 'text',
  overview: 'text?',
  imdb_id: 'text?',
  status: 'text?',
  adult: 'bit?',
  poster_path: 'text?',
  backdrop_path: 'text?',
  homepage: 'text?',
  original_language: 'text?',
  genres: 'encoded',
  keywords: 'encoded?',
  production_companies: 'encoded',
  production_countries: 'encoded',
  spoken_languages: 'encoded',
  synced_at: 'date',
};

const TITLE: RowSpec = {
  ID: 'int',
  tmdb_id: 'int',
  release_date: 'ymd?',
  release_timestamp: 'int?',
  original_title: 'text?',
  tagline: 'text?',
  production_house: 'names',
  runtime: 'int?',
  certification: 'text?',
  star_cast: 'encoded',
  videos: 'encoded',
  images: 'encoded',
  average_rating: 'dec1?',
  vote_count: 'int?',
  popularity: 'dec1?',
  ...EXTRAS,
};

export const MOVIE_ROW: RowSpec = { ...TITLE, revenue: 'int?', budget: 'int?' };
export const DRAMA_ROW: RowSpec = { ...TITLE, finished: 'flag', networks: 'encoded' };
export const TV_ROW: RowSpec = { ...DRAMA_ROW, seasons: 'encoded', last_season: 'int?', last_episode: 'int?' };

export const SEASON_ROW: RowSpec = {
  ID: 'int',
  season_no: 'int',
  season_name: 'text?',
  air_date: 'ymd?',
  air_date_timestamp: 'int?',
  total_episodes: 'int',
  average_rating: 'dec1',
  tmdb_id: 'int?',
  poster_path: 'text?',
  overview: 'text?',
  synced_at: 'date',
};

export const EPISODE_ROW: RowSpec = {
  ID: 'int',
  season_no: 'int',
  episode_no: 'int',
  episode_title: 'text?',
  air_date: 'ymd?',
  air_date_timestamp: 'int?',
  episode_type: 'text?',
  runtime: 'int?',
  overview: 'text?',
  credits: 'encoded',
  average_rating: 'dec1',
  vote_count: 'int',
  tmdb_id: 'int?',
  still_path: 'text?',
  synced_at: 'date',
};

export const PERSON_ROW: RowSpec = {
  ID: 'int',
  tmdb_id: 'int',
  name: 'text',
  date_of_birth: 'ymd?',
  gender: 'gender',
  profession: 'profession',
  birthplace: 'text?',
  dead_on: 'ymd?',
  social_media_account: 'encoded',
  popularity: 'dec1?',
  photos: 'encoded',
  videos: 'encoded-or-empty',
  known_for: 'department',
  biography: 'text?',
  imdb_id: 'text?',
  profile_path: 'text?',
  synced_at: 'date',
};
