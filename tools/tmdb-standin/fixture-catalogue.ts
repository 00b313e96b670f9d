import { FixtureStore, Json } from './fixture-store';
import { FixtureSource, KNOWN_APPENDS, MOVIE_SOURCES, PERSON_SOURCES, RecordKind, SEASON_SOURCES, TV_SOURCES } from './fixture-sources';

export type TitleOrPerson = 'movie' | 'tv' | 'person';

/** A title as the stand-in holds it: details fields, plus every sub-resource it can append. */
export interface CatalogueRecord {
  kind: RecordKind;
  base: Json;
  parts: Json;
  synthetic: boolean;
}

/** Half-built record: recorded parts, maybe no recorded details (then the synthetic catalogue makes them). */
export interface RecordedParts {
  base?: Json;
  parts: Json;
}

const SOURCES: Record<TitleOrPerson, Record<number, FixtureSource>> = {
  movie: MOVIE_SOURCES,
  tv: TV_SOURCES,
  person: PERSON_SOURCES,
};

/** Titles and people backed by recorded TMDb bodies. */
export class FixtureCatalogue {
  private readonly built = new Map<string, RecordedParts>();

  constructor(private readonly store: FixtureStore) {}

  has(kind: TitleOrPerson, id: number): boolean {
    return Object.prototype.hasOwnProperty.call(SOURCES[kind], id);
  }

  ids(kind: TitleOrPerson): number[] {
    return Object.keys(SOURCES[kind]).map(Number);
  }

  recorded(kind: TitleOrPerson, id: number): RecordedParts | undefined {
    if (!this.has(kind, id)) return undefined;
    return this.memo(`${kind}/${id}`, kind, SOURCES[kind][id]);
  }

  /** A full record, or undefined when the id is not recorded or has no recorded details. */
  record(kind: TitleOrPerson, id: number): CatalogueRecord | undefined {
    const rec = this.recorded(kind, id);
    return rec?.base ? { kind, base: rec.base, parts: rec.parts, synthetic: false } : undefined;
  }

  season(tvId: number, seasonNumber: number): CatalogueRecord | undefined {
    const key = `${tvId}/${seasonNumber}`;
    const source = SEASON_SOURCES[key];
    if (!source) return undefined;
    const rec = this.memo(`season/${key}`, 'season', source);
    if (rec.base) withEpisodeTypes(rec.base);
    return rec.base ? { kind: 'season', base: rec.base, parts: rec.parts, synthetic: false } : undefined;
  }

  seasonKeys(): Array<[number, number]> {
    return Object.keys(SEASON_SOURCES).map((k) => k.split('/').map(Number) as [number, number]);
  }

  private memo(key: string, kind: RecordKind, source: FixtureSource): RecordedParts {
    let rec = this.built.get(key);
    if (!rec) {
      rec = this.build(kind, source);
      this.built.set(key, rec);
    }
    return rec;
  }

  private build(kind: RecordKind, source: FixtureSource): RecordedParts {
    const known = new Set<string>(KNOWN_APPENDS[kind]);
    const parts: Json = {};
    let base: Json | undefined;
    if (source.base) {
      base = {};
      for (const [key, value] of Object.entries(this.store.read(source.base))) {
        if (known.has(key)) parts[key] = value;
        else base[key] = value;
      }
    }
    for (const [name, ref] of Object.entries(source.parts ?? {})) {
      const body = this.store.read(ref);
      if (!ref.includes('#')) delete body.id;
      parts[name] = body;
    }
    return { base, parts };
  }
}

/**
 * Seasons recorded before TMDb sent `episode_type` get it as TMDb sends it today
 * (Game of Thrones S1: nine `standard`, then `finale`); recorded values are kept.
 */
function withEpisodeTypes(season: Json): void {
  const episodes = Array.isArray(season.episodes) ? (season.episodes as Json[]) : [];
  const last = Math.max(0, ...episodes.map((e) => Number(e.episode_number) || 0));
  for (const episode of episodes) {
    if (typeof episode.episode_type !== 'string') episode.episode_type = episode.episode_number === last ? 'finale' : 'standard';
  }
}
