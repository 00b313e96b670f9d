/** The repositories as one bundle, the unit of work, and row counts. */
import type { Knex } from 'knex';
import { ApiCacheRepository } from './api-cache.repository';
import { databaseKind } from './database';
import { EpisodeRepository } from './episode.repository';
import { FingerprintRepository } from './fingerprint.repository';
import { PersonRepository } from './person.repository';
import { Db, dbCall } from './repository-support';
import { SeasonRepository } from './season.repository';
import { MIGRATION_TABLE_NAMES } from './table-names';
import { TitleRepository } from './title.repository';
import { VideoRepository } from './video.repository';

export interface Repositories {
  movies: TitleRepository<'movie'>;
  tv: TitleRepository<'tv'>;
  dramas: TitleRepository<'drama'>;
  people: PersonRepository;
  tvSeasons: SeasonRepository;
  dramaSeasons: SeasonRepository;
  tvEpisodes: EpisodeRepository;
  dramaEpisodes: EpisodeRepository;
  videos: VideoRepository;
  apiCache: ApiCacheRepository;
  fingerprints: FingerprintRepository;
}

export function createRepositories(db: Db, prefix: string): Repositories {
  return {
    movies: new TitleRepository(db, prefix, 'movie'),
    tv: new TitleRepository(db, prefix, 'tv'),
    dramas: new TitleRepository(db, prefix, 'drama'),
    people: new PersonRepository(db, prefix),
    tvSeasons: new SeasonRepository(db, prefix, 'tv'),
    dramaSeasons: new SeasonRepository(db, prefix, 'drama'),
    tvEpisodes: new EpisodeRepository(db, prefix, 'tv'),
    dramaEpisodes: new EpisodeRepository(db, prefix, 'drama'),
    videos: new VideoRepository(db, prefix),
    apiCache: new ApiCacheRepository(db, prefix),
    fingerprints: new FingerprintRepository(db, prefix),
  };
}

/**
 * One transaction around a piece of work: commit when `fn` resolves, rollback
 * when it throws. On SQLite the single connection is held by the transaction:
 * inside `fn`, use only `repos` / `trx` (or stores made with forTransaction(trx)),
 * never the outer Knex, or the query waits for the pool until it times out.
 */
export class UnitOfWork {
  constructor(
    private readonly db: Knex,
    private readonly prefix: string,
  ) {}

  async run<T>(fn: (repos: Repositories, trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction((trx) => fn(createRepositories(trx, this.prefix), trx));
  }
}

/** Every `${prefix}tmu_*` table present (migrator tables excluded), unprefixed, sorted. */
async function listTmuTables(db: Db, prefix: string): Promise<string[]> {
  const names: string[] =
    databaseKind(db) === 'sqlite'
      ? (await db.select('name').from('sqlite_master').where('type', 'table')).map((r: { name: string }) => r.name)
      : (await db.select('TABLE_NAME as name').from('information_schema.TABLES').whereRaw('TABLE_SCHEMA = DATABASE()')).map((r: { name: string }) => r.name);
  const excluded = new Set<string>(MIGRATION_TABLE_NAMES);
  return names
    .filter((n) => n.startsWith(`${prefix}tmu_`))
    .map((n) => n.slice(prefix.length))
    .filter((n) => !excluded.has(n))
    .sort();
}

/** Row counts of every tmu_* table, keyed by unprefixed name (e.g. tmu_movies). */
export async function countRows(db: Db, prefix: string): Promise<Record<string, number>> {
  return dbCall('count tmu_* rows', async () => {
    const counts: Record<string, number> = {};
    for (const name of await listTmuTables(db, prefix)) {
      const row = await db(`${prefix}${name}`).count({ n: '*' }).first();
      counts[name] = Number(row?.n ?? 0);
    }
    return counts;
  });
}
