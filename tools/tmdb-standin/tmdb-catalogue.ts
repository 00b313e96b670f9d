import { CatalogueRecord, FixtureCatalogue, TitleOrPerson } from './fixture-catalogue';
import { TEMPLATES } from './fixture-sources';
import { FixtureStore, Json } from './fixture-store';
import { PeopleIndex } from './people-index';
import { SummaryIndex } from './summary-index';
import { SyntheticCatalogue } from './synthetic-catalogue';
import { FIRST_MISSING_ID, TitleKind } from './synthetic-ids';

const RECORD_CACHE_SIZE = 2000;

/**
 * Every movie, series, season and person the stand-in can serve: recorded
 * ones first, synthetic ones for any other id below FIRST_MISSING_ID.
 */
export class TmdbCatalogue {
  readonly fixtures: FixtureCatalogue;
  private readonly notFound: Set<number>;
  private readonly records = new Map<string, CatalogueRecord>();
  private syntheticCatalogue?: SyntheticCatalogue;
  private summaryIndex?: SummaryIndex;
  private peopleIndex?: PeopleIndex;
  private genreLists?: Record<TitleKind, Json[]>;

  constructor(
    readonly store: FixtureStore = new FixtureStore(),
    notFoundIds: Iterable<number> = [],
  ) {
    this.fixtures = new FixtureCatalogue(store);
    this.notFound = new Set(notFoundIds);
  }

  isMissing(id: number): boolean {
    return !Number.isInteger(id) || id <= 0 || id >= FIRST_MISSING_ID || this.notFound.has(id);
  }

  movie(id: number): CatalogueRecord | undefined {
    return this.title('movie', id);
  }

  tv(id: number): CatalogueRecord | undefined {
    return this.title('tv', id);
  }

  person(id: number): CatalogueRecord | undefined {
    return this.title('person', id);
  }

  season(tvId: number, seasonNumber: number): CatalogueRecord | undefined {
    const show = this.tv(tvId);
    if (!show || !Number.isInteger(seasonNumber) || seasonNumber < 0) return undefined;
    const key = `season/${tvId}/${seasonNumber}`;
    return this.cached(key, () => this.fixtures.season(tvId, seasonNumber) ?? this.synthetic().season(show, seasonNumber));
  }

  summaries(): SummaryIndex {
    if (!this.summaryIndex) {
      const recorded = (['movie', 'tv', 'person'] as const).flatMap((k) =>
        this.fixtures
          .ids(k)
          .map((id) => this.fixtures.record(k, id))
          .filter((r): r is CatalogueRecord => !!r),
      );
      this.summaryIndex = new SummaryIndex(this.store, recorded);
    }
    return this.summaryIndex;
  }

  genres(kind: TitleKind): Json[] {
    this.genreLists ??= {
      movie: this.store.read<Json[]>('other/adamayoung-genre-movie-list.json#genres'),
      tv: this.store.read<Json[]>('other/adamayoung-genre-tv-list.json#genres'),
    };
    return this.genreLists[kind];
  }

  private title(kind: TitleOrPerson, id: number): CatalogueRecord | undefined {
    if (this.isMissing(id)) return undefined;
    return this.cached(`${kind}/${id}`, () => {
      const recorded = this.fixtures.recorded(kind, id);
      if (recorded?.base) return { kind, base: recorded.base, parts: recorded.parts, synthetic: false };
      const made = kind === 'movie' ? this.synthetic().movie(id) : kind === 'tv' ? this.synthetic().tv(id) : this.synthetic().person(id);
      // Recorded sub-resources without recorded details (e.g. 603): synthetic details, real parts.
      return recorded ? { ...made, parts: { ...made.parts, ...recorded.parts } } : made;
    });
  }

  private cached(key: string, make: () => CatalogueRecord | undefined): CatalogueRecord | undefined {
    const hit = this.records.get(key);
    if (hit) return hit;
    const rec = make();
    if (!rec) return undefined;
    if (this.records.size >= RECORD_CACHE_SIZE) this.records.delete(this.records.keys().next().value as string);
    this.records.set(key, rec);
    return rec;
  }

  private people(): PeopleIndex {
    if (!this.peopleIndex) {
      const titles = (['movie', 'tv'] as const).flatMap((k) =>
        this.fixtures
          .ids(k)
          .map((id) => this.title(k, id))
          .filter((r): r is CatalogueRecord => !!r),
      );
      const seasons = this.fixtures
        .seasonKeys()
        .map(([tvId, n]) => ({ tvId, record: this.fixtures.season(tvId, n) }))
        .filter((s): s is { tvId: number; record: CatalogueRecord } => !!s.record);
      this.peopleIndex = new PeopleIndex(titles, seasons);
    }
    return this.peopleIndex;
  }

  private synthetic(): SyntheticCatalogue {
    if (!this.syntheticCatalogue) {
      const template = (kind: TitleOrPerson, id: number) => {
        const rec = this.fixtures.record(kind, id);
        if (!rec) throw new Error(`template ${kind} ${id} is not a recorded title`);
        return rec;
      };
      const [tvId, seasonNo] = TEMPLATES.season.split('/').map(Number);
      const season = this.fixtures.season(tvId, seasonNo);
      if (!season) throw new Error(`template season ${TEMPLATES.season} is not recorded`);
      this.syntheticCatalogue = new SyntheticCatalogue(
        { movie: template('movie', TEMPLATES.movie), tv: template('tv', TEMPLATES.tv), person: template('person', TEMPLATES.person), season },
        {
          summary: (kind, id) => this.summaries().get(kind, id),
          creditedPerson: (id) => this.people().get(id),
          isFixture: (kind, id) => this.fixtures.has(kind, id),
          keywordPool: () => this.keywordPool(),
          genres: (kind) => this.genres(kind),
        },
      );
    }
    return this.syntheticCatalogue;
  }

  private pool?: Array<{ id: number; name: string }>;

  keywordPool(): Array<{ id: number; name: string }> {
    this.pool ??= this.summaries()
      .keywordIds()
      .map((id) => ({ id, name: this.summaries().keyword(id) as string }));
    return this.pool;
  }
}
