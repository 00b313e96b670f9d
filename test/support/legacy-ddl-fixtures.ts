/**
 * The legacy TMU plugin's tables, for the migration adoption tests: its CREATE TABLE statements
 * (check_create_table() in the plugin's setup/tables.php) and a WordPress posts table to hang them on.
 */
import type { Knex } from 'knex';
import { databaseKind } from '../../src/repositories/database';
import type { EngineKind } from './test-databases';

/** MySQL, as the plugin writes it, per table; `{p}` is the table prefix. */
export const LEGACY_DDL: Record<string, string> = {
  tmu_movies: `CREATE TABLE \`{p}tmu_movies\` (
  \`ID\` bigint(20) UNSIGNED NOT NULL, PRIMARY KEY (ID), FOREIGN KEY (ID) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`tmdb_id\` bigint(20) DEFAULT NULL, \`release_date\` text DEFAULT NULL, \`release_timestamp\` bigint(20) DEFAULT NULL,
  \`original_title\` text DEFAULT NULL, \`tagline\` text DEFAULT NULL, \`production_house\` text DEFAULT NULL,
  \`streaming_platforms\` text DEFAULT NULL, \`runtime\` bigint(20) DEFAULT NULL, \`certification\` text DEFAULT NULL,
  \`revenue\` bigint(20) DEFAULT NULL, \`budget\` bigint(20) DEFAULT NULL, \`star_cast\` text DEFAULT NULL,
  \`credits\` longtext DEFAULT NULL, \`credits_temp\` longtext DEFAULT NULL, \`videos\` text DEFAULT NULL, \`images\` text DEFAULT NULL,
  \`average_rating\` DECIMAL(10,1) DEFAULT 0, \`vote_count\` bigint(20) DEFAULT 0, \`popularity\` DECIMAL(10,1) DEFAULT 0,
  \`total_average_rating\` DECIMAL(10,1) DEFAULT 0, \`total_vote_count\` bigint(20) NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`,
  tmu_movies_cast: credits('tmu_movies_cast', 'movie', false, false),
  tmu_movies_crew: credits('tmu_movies_crew', 'movie', true, false),
  tmu_people: `CREATE TABLE \`{p}tmu_people\` (
  \`ID\` bigint(20) UNSIGNED NOT NULL, PRIMARY KEY (ID), FOREIGN KEY (ID) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`name\` text DEFAULT NULL, \`date_of_birth\` text DEFAULT NULL, \`gender\` text DEFAULT NULL, \`nick_name\` text DEFAULT NULL,
  \`marital_status\` text DEFAULT NULL, \`basic\` text DEFAULT NULL, \`videos\` text DEFAULT NULL, \`photos\` text DEFAULT NULL,
  \`profession\` text DEFAULT NULL, \`net_worth\` bigint(20) DEFAULT NULL, \`tmdb_id\` bigint(20) DEFAULT NULL,
  \`birthplace\` text DEFAULT NULL, \`dead_on\` text DEFAULT NULL, \`social_media_account\` text DEFAULT NULL,
  \`no_movies\` bigint(20) DEFAULT NULL, \`no_tv_series\` bigint(20) DEFAULT NULL, \`no_dramas\` bigint(20) DEFAULT NULL,
  \`known_for\` text DEFAULT NULL, \`popularity\` DECIMAL(10,1) DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`,
  tmu_dramas: `CREATE TABLE \`{p}tmu_dramas\` (
  \`ID\` bigint(20) UNSIGNED NOT NULL, PRIMARY KEY (ID), FOREIGN KEY (ID) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`tmdb_id\` bigint(20) DEFAULT NULL, \`release_date\` text DEFAULT NULL, \`release_timestamp\` bigint(20) DEFAULT NULL,
  \`original_title\` text DEFAULT NULL, \`finished\` text DEFAULT NULL, \`tagline\` text DEFAULT NULL,
  \`seo_genre\` BIGINT(20) NULL DEFAULT NULL, \`production_house\` text DEFAULT NULL, \`streaming_platforms\` text DEFAULT NULL,
  \`schedule_day\` text DEFAULT NULL, \`schedule_time\` text DEFAULT NULL, \`schedule_timestamp\` bigint(20) DEFAULT NULL,
  \`runtime\` bigint(20) DEFAULT NULL, \`certification\` text DEFAULT NULL, \`star_cast\` text DEFAULT NULL,
  \`credits\` longtext DEFAULT NULL, \`credits_temp\` longtext DEFAULT NULL, \`videos\` text DEFAULT NULL, \`images\` text DEFAULT NULL,
  \`average_rating\` DECIMAL(10,1) DEFAULT 0, \`vote_count\` bigint(20) DEFAULT 0, \`popularity\` DECIMAL(10,1) DEFAULT 0,
  \`where_to_watch\` text DEFAULT NULL, \`total_average_rating\` DECIMAL(10,1) DEFAULT 0, \`total_vote_count\` bigint(20) NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`,
  tmu_dramas_cast: credits('tmu_dramas_cast', 'dramas', false, true),
  tmu_dramas_crew: credits('tmu_dramas_crew', 'dramas', true, true),
  tmu_dramas_episodes: `CREATE TABLE \`{p}tmu_dramas_episodes\` (
  \`ID\` bigint(20) UNSIGNED NOT NULL, PRIMARY KEY (ID), FOREIGN KEY (ID) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`episode_title\` text DEFAULT NULL, \`air_date\` text DEFAULT NULL, \`episode_type\` text DEFAULT NULL,
  \`runtime\` bigint(20) DEFAULT NULL, \`overview\` text DEFAULT NULL, \`credits\` text DEFAULT NULL, \`episode_no\` bigint(20) DEFAULT NULL,
  \`dramas\`bigint(20) UNSIGNED NOT NULL, FOREIGN KEY (dramas) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`average_rating\` DECIMAL(10,1) NOT NULL DEFAULT 0, \`vote_count\` bigint(20) NOT NULL DEFAULT 0, \`video\` text DEFAULT NULL,
  \`total_average_rating\` DECIMAL(10,1) DEFAULT 0, \`total_vote_count\` bigint(20) NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`,
  tmu_tv_series: `CREATE TABLE \`{p}tmu_tv_series\` (
  \`ID\` bigint(20) UNSIGNED NOT NULL, PRIMARY KEY (ID), FOREIGN KEY (ID) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`tmdb_id\` bigint(20) DEFAULT NULL, \`release_date\` text DEFAULT NULL, \`release_timestamp\` bigint(20) DEFAULT NULL,
  \`original_title\` text DEFAULT NULL, \`finished\` text DEFAULT NULL, \`tagline\` text DEFAULT NULL,
  \`production_house\` text DEFAULT NULL, \`streaming_platforms\` text DEFAULT NULL, \`schedule_time\` text DEFAULT NULL,
  \`runtime\` bigint(20) DEFAULT NULL, \`certification\` text DEFAULT NULL, \`revenue\` bigint(20) DEFAULT NULL,
  \`budget\` bigint(20) DEFAULT NULL, \`star_cast\` text DEFAULT NULL, \`credits\` longtext DEFAULT NULL,
  \`credits_temp\` longtext DEFAULT NULL, \`videos\` text DEFAULT NULL, \`images\` text DEFAULT NULL, \`seasons\` text DEFAULT NULL,
  \`last_season\` bigint(20) DEFAULT NULL, \`last_episode\` bigint(20) DEFAULT NULL, \`average_rating\` DECIMAL(10,1) DEFAULT 0,
  \`vote_count\` bigint(20) DEFAULT 0, \`popularity\` DECIMAL(10,1) DEFAULT 0, \`where_to_watch\` text DEFAULT NULL,
  \`total_average_rating\` DECIMAL(10,1) DEFAULT 0, \`total_vote_count\` bigint(20) NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`,
  tmu_tv_series_cast: credits('tmu_tv_series_cast', 'tv_series', false, true),
  tmu_tv_series_crew: credits('tmu_tv_series_crew', 'tv_series', true, true),
  tmu_tv_series_episodes: `CREATE TABLE \`{p}tmu_tv_series_episodes\` (
  \`ID\` bigint(20) UNSIGNED NOT NULL, PRIMARY KEY (ID), FOREIGN KEY (ID) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`tv_series\` bigint(20) UNSIGNED NOT NULL, FOREIGN KEY (tv_series) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`season_no\` bigint(20) DEFAULT NULL, \`episode_no\` bigint(20) DEFAULT NULL, \`episode_title\` text DEFAULT NULL,
  \`air_date\` text DEFAULT NULL, \`air_date_timestamp\` bigint(20) DEFAULT NULL, \`episode_type\` text DEFAULT NULL,
  \`runtime\` bigint(20) DEFAULT NULL, \`overview\` text DEFAULT NULL, \`credits\` text DEFAULT NULL,
  \`average_rating\` DECIMAL(10,1) NOT NULL DEFAULT 0, \`vote_count\` bigint(20) NOT NULL DEFAULT 0,
  \`season_id\` bigint(20) UNSIGNED NOT NULL, FOREIGN KEY (season_id) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`total_average_rating\` DECIMAL(10,1) DEFAULT 0, \`total_vote_count\` bigint(20) NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`,
  tmu_tv_series_seasons: seasons('tmu_tv_series_seasons', 'tv_series'),
  tmu_dramas_seasons: seasons('tmu_dramas_seasons', 'dramas'),
  tmu_videos: `CREATE TABLE \`{p}tmu_videos\` (
  \`ID\` bigint(20) UNSIGNED NOT NULL, PRIMARY KEY (ID), FOREIGN KEY (ID) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`video_data\` text DEFAULT NULL,
  \`post_id\` bigint(20) UNSIGNED NOT NULL, FOREIGN KEY (post_id) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`,
  tmu_seo_options: `CREATE TABLE \`{p}tmu_seo_options\` (
  \`ID\` bigint(20) UNSIGNED NOT NULL AUTO_INCREMENT, PRIMARY KEY (ID),
  \`name\` text DEFAULT NULL, \`title\` text DEFAULT NULL, \`description\` text DEFAULT NULL, \`keywords\` text DEFAULT NULL,
  \`robots\` text DEFAULT NULL, \`post_type\` text DEFAULT NULL, \`section\` text DEFAULT NULL
) ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;`,
};

function credits(table: string, content: string, crew: boolean, count: boolean): string {
  return `CREATE TABLE \`{p}${table}\` (
  \`ID\` bigint(20) UNSIGNED NOT NULL AUTO_INCREMENT, PRIMARY KEY (ID),
  \`${content}\` bigint(20) UNSIGNED NOT NULL, FOREIGN KEY (${content}) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`person\` bigint(20) UNSIGNED NOT NULL, FOREIGN KEY (person) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  ${crew ? '`department` varchar(255) DEFAULT NULL,' : ''}
  \`job\` varchar(255) DEFAULT NULL,
  \`release_year\` bigint(20) DEFAULT NULL${count ? ',\n  `count` bigint(20) DEFAULT NULL' : ''}
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`;
}

function seasons(table: string, parent: string): string {
  return `CREATE TABLE \`{p}${table}\` (
  \`ID\` bigint(20) UNSIGNED NOT NULL, PRIMARY KEY (ID), FOREIGN KEY (ID) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`season_no\` bigint(20) DEFAULT NULL, \`season_name\` text DEFAULT NULL,
  \`${parent}\` bigint(20) UNSIGNED NOT NULL, FOREIGN KEY (${parent}) REFERENCES {p}posts(ID) ON DELETE CASCADE ON UPDATE NO ACTION,
  \`air_date\` text DEFAULT NULL, \`air_date_timestamp\` bigint(20) DEFAULT NULL, \`total_episodes\` bigint(20) DEFAULT NULL,
  \`average_rating\` DECIMAL(10,1) NOT NULL DEFAULT 0, \`total_average_rating\` DECIMAL(10,1) DEFAULT 0,
  \`total_vote_count\` bigint(20) NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`;
}

/** Splits on commas outside parentheses. */
function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of body) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts.filter(Boolean);
}

/** The faithful SQLite equivalent: same columns and declared types, constraints moved to the end (SQLite requires it). */
function toSqlite(ddl: string): string {
  const open = ddl.indexOf('(');
  const close = ddl.lastIndexOf(')');
  const head = ddl.slice(0, open);
  const items = splitTopLevel(ddl.slice(open + 1, close));
  const columns: string[] = [];
  const constraints: string[] = [];
  let autoIncrement = false;
  for (const raw of items) {
    const item = raw.replace(/`(\w+)`(?=\w)/, '`$1` ');
    if (/^(PRIMARY KEY|FOREIGN KEY)/i.test(item)) constraints.push(item);
    else if (/AUTO_INCREMENT/i.test(item)) {
      autoIncrement = true;
      columns.push(`${item.split(/\s+/)[0]} INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT`);
    } else columns.push(item.replace(/\s+UNSIGNED/i, ''));
  }
  const kept = constraints.filter((c) => !(autoIncrement && /^PRIMARY KEY/i.test(c)));
  return `${head}(\n  ${[...columns, ...kept].join(',\n  ')}\n)`;
}

export function legacyStatement(table: string, prefix: string, kind: EngineKind): string {
  const ddl = LEGACY_DDL[table].replace(/\{p\}/g, prefix).replace(/;\s*$/, '');
  return kind === 'mysql' ? ddl : toSqlite(ddl);
}

export async function createPostsTable(db: Knex, prefix: string): Promise<void> {
  if (databaseKind(db) === 'mysql') {
    await db.raw(
      `CREATE TABLE \`${prefix}posts\` (\`ID\` bigint(20) unsigned NOT NULL AUTO_INCREMENT, \`post_title\` text NOT NULL, \`post_type\` varchar(20) NOT NULL DEFAULT 'post', PRIMARY KEY (\`ID\`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`,
    );
  } else {
    await db.raw(`CREATE TABLE "${prefix}posts" ("ID" INTEGER PRIMARY KEY AUTOINCREMENT, "post_title" text NOT NULL, "post_type" varchar(20) NOT NULL DEFAULT 'post')`);
  }
}
