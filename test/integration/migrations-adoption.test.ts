/**
 * Migrations ADOPT the tables made by the legacy TMU plugin's check_create_table() (the plugin's
 * setup/tables.php): every legacy column, foreign key and row stays, on SQLite and MariaDB alike.
 */
import type { Knex } from 'knex';
import { MIGRATIONS } from '../../migrations';
import { migrateToLatest } from '../../src/repositories/database';
import { countRows, createRepositories } from '../../src/repositories/repositories';
import { insertLegacyContent } from '../support/legacy-content-fixtures';
import { createPostsTable, LEGACY_DDL, legacyStatement } from '../support/legacy-ddl-fixtures';
import { ColumnInfo, columnsOf, expectedColumns, foreignKeysOf, hasIndexOn, schemaSnapshot, tableCollation } from '../support/schema-probes';
import { createTestDatabase, describeEachDatabase, SuiteDatabase } from '../support/test-databases';

const ADOPTED = Object.keys(LEGACY_DDL).filter((n) => n !== 'tmu_dramas_seasons');

async function dumpRows(db: Knex, p: string): Promise<Record<string, Array<Record<string, unknown>>>> {
  const out: Record<string, Array<Record<string, unknown>>> = {};
  for (const name of ADOPTED) out[name] = await db(`${p}${name}`).select('*').orderBy('ID');
  return out;
}

describeEachDatabase(
  'adopting the legacy plugin tables',
  (t: SuiteDatabase) => {
    let legacyColumns: Record<string, Record<string, ColumnInfo>>;
    let legacyFks: Record<string, string[]>;
    let legacyRows: Record<string, Array<Record<string, unknown>>>;
    let ids: Record<string, number>;

    beforeAll(async () => {
      await createPostsTable(t.db, t.prefix);
      for (const name of ADOPTED) await t.db.raw(legacyStatement(name, t.prefix, t.kind));
      // An older install that never got streaming_platforms.
      await t.db.schema.alterTable(t.table('tmu_movies'), (table) => table.dropColumn('streaming_platforms'));
      ids = await insertLegacyContent(t.db, t.prefix);
      legacyColumns = {};
      legacyFks = {};
      for (const name of ADOPTED) {
        legacyColumns[name] = await columnsOf(t.db, t.table(name));
        legacyFks[name] = await foreignKeysOf(t.db, t.table(name));
      }
      legacyRows = await dumpRows(t.db, t.prefix);
      await migrateToLatest(t.db, t.prefix);
    });

    it('keeps every legacy column exactly as it was (no drop, rename or retype)', async () => {
      for (const name of ADOPTED) {
        const after = await columnsOf(t.db, t.table(name));
        for (const [column, info] of Object.entries(legacyColumns[name])) expect({ [column]: after[column] }).toEqual({ [column]: info });
      }
    });

    it('adds the missing columns, the sync columns and the missing table', async () => {
      for (const [table, columns] of expectedColumns(t.prefix)) {
        const actual = Object.keys(await columnsOf(t.db, table));
        for (const column of columns) expect(`${table}.${column}:${actual.includes(column)}`).toBe(`${table}.${column}:true`);
      }
      const movies = await columnsOf(t.db, t.table('tmu_movies'));
      expect(movies.streaming_platforms).toBeDefined();
      expect(await t.db.schema.hasTable(t.table('tmu_dramas_seasons'))).toBe(true);
      if (t.kind === 'mysql') {
        expect(await tableCollation(t.db, t.table('tmu_seo_options'))).toBe('latin1_swedish_ci');
        expect(await foreignKeysOf(t.db, t.table('tmu_dramas_seasons'))).toEqual(['ID->wp_posts.ID CASCADE', 'dramas->wp_posts.ID CASCADE']);
      }
    });

    it('keeps the legacy foreign keys and every row', async () => {
      for (const name of ADOPTED) expect(await foreignKeysOf(t.db, t.table(name))).toEqual(legacyFks[name]);
      const rows = await dumpRows(t.db, t.prefix);
      for (const name of ADOPTED) {
        expect(rows[name]).toHaveLength(legacyRows[name].length);
        rows[name].forEach((row, i) => {
          const legacy = legacyRows[name][i];
          for (const column of Object.keys(legacy)) expect({ [`${name}.${column}`]: row[column] }).toEqual({ [`${name}.${column}`]: legacy[column] });
          for (const column of Object.keys(row).filter((c) => !(c in legacy))) {
            if (column !== 'streaming_platforms') expect({ [`${name}.${column}`]: row[column] }).toEqual({ [`${name}.${column}`]: null });
          }
        });
      }
    });

    it('adds the indexes next to the legacy ones, and a second run changes nothing', async () => {
      expect(await hasIndexOn(t.db, t.table('tmu_movies'), ['tmdb_id'])).toBe(true);
      expect(await hasIndexOn(t.db, t.table('tmu_dramas_episodes'), ['dramas', 'season_no', 'episode_no'])).toBe(true);
      const before = await schemaSnapshot(t.db, t.prefix);
      expect((await migrateToLatest(t.db, t.prefix)).applied).toEqual([]);
      for (const migration of MIGRATIONS) await migration.up(t.db, t.prefix);
      expect(await schemaSnapshot(t.db, t.prefix)).toEqual(before);
    });

    it('lets the repositories read and extend the adopted rows', async () => {
      const repos = createRepositories(t.db, t.prefix);
      expect(await repos.movies.findPostIdByTmdbId(603)).toBe(ids.movie);
      expect(await repos.people.findPostIdByTmdbId(6384)).toBe(ids.person);
      expect(await repos.tvSeasons.findSeasonPostId(ids.tv, 1)).toBe(ids.season);
      expect(await repos.tvEpisodes.findEpisodePostId(ids.tv, 1, 1)).toBe(ids.episode);
      // Legacy drama episodes have no season_no: they are season 1.
      expect(await repos.dramaEpisodes.findEpisodePostId(ids.drama, 1, 1)).toBe(ids.dramaEpisode);
      expect(await repos.dramaEpisodes.findEpisodePostId(ids.drama, 2, 1)).toBeNull();
      expect(await repos.movies.upsertRow({ ID: ids.movie, title: 'The Matrix', popularity: 85.3 })).toEqual({ action: 'updated', changed: ['title'] });
      const movie = await repos.movies.getRow(ids.movie);
      expect(movie).toMatchObject({ title: 'The Matrix', credits: legacyRows.tmu_movies[0].credits, total_vote_count: 26010 });
      expect((await repos.movies.listCast(ids.movie)).map((c) => c.job)).toEqual(['Neo']);
      const counts = await countRows(t.db, t.prefix);
      expect(counts).toMatchObject({ tmu_movies: 1, tmu_people: 1, tmu_seo_options: 1, tmu_dramas_seasons: 0, tmu_sync_jobs: 0 });
    });

    it('creates fresh tables column-for-column like the legacy DDL', async () => {
      const fresh = await createTestDatabase(t.kind, 'fresh_compare');
      try {
        for (const name of Object.keys(LEGACY_DDL)) {
          const ours = await columnsOf(fresh.db, `${fresh.prefix}${name}`);
          const legacy = name === 'tmu_dramas_seasons' ? null : legacyColumns[name];
          if (!legacy) continue;
          for (const [column, info] of Object.entries(legacy)) {
            const mine = ours[column];
            if (t.kind === 'mysql') {
              const pick = (c: ColumnInfo) => [c.COLUMN_TYPE, c.IS_NULLABLE, c.COLUMN_DEFAULT, c.EXTRA];
              const expected = name === 'tmu_seo_options' ? pick(info) : [...pick(info), info.COLLATION_NAME];
              const actual = name === 'tmu_seo_options' ? pick(mine) : [...pick(mine), mine.COLLATION_NAME];
              expect({ [`${name}.${column}`]: actual }).toEqual({ [`${name}.${column}`]: expected });
            } else {
              const affinity = (type: unknown) =>
                String(type)
                  .toLowerCase()
                  .replace(/\(20\)|\s*unsigned/g, '')
                  .replace(/\s+/g, '');
              expect({ [`${name}.${column}`]: [affinity(mine.type), mine.notnull, mine.pk] }).toEqual({
                [`${name}.${column}`]: [affinity(info.type), info.notnull, info.pk],
              });
            }
          }
        }
      } finally {
        await fresh.destroy();
      }
    });
  },
  { migrate: false },
);
