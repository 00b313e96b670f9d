/**
 * Columns the newer TMU theme adds beside the legacy ones when it is activated
 * (`season_number` next to `season_no`, …), with unique keys over some of them.
 * When an adopted table has such a column, rows are written with it filled from
 * the legacy column that means the same, so the theme's keys hold and its
 * readers see our rows. These columns are never created, dropped or altered here.
 */
import { Db, dbCall } from './repository-support';

/** theme column ← our column */
export type ThemeAliases = ReadonlyArray<readonly [theme: string, ours: string]>;

export const SEASON_THEME_ALIASES: ThemeAliases = [
  ['season_number', 'season_no'],
  ['name', 'season_name'],
  ['episode_count', 'total_episodes'],
  ['air_timestamp', 'air_date_timestamp'],
  ['vote_average', 'average_rating'],
];

export const EPISODE_THEME_ALIASES: ThemeAliases = [
  ['season_number', 'season_no'],
  ['episode_number', 'episode_no'],
  ['name', 'episode_title'],
  ['title', 'episode_title'],
  ['air_timestamp', 'air_date_timestamp'],
  ['vote_average', 'average_rating'],
];

/** The theme columns one table has; looked up once per instance (one unit of work). */
export class ThemeColumns {
  private present: Promise<ReadonlyArray<readonly [string, string]>> | null = null;

  constructor(
    private readonly db: Db,
    private readonly table: string,
    private readonly aliases: ThemeAliases,
  ) {}

  /** The row plus every theme column the table has whose legacy twin is in the row with a value. */
  async fill<T extends object>(row: T): Promise<T> {
    const aliases = await this.existing();
    if (aliases.length === 0) return row;
    const out: Record<string, unknown> = { ...(row as Record<string, unknown>) };
    for (const [theme, ours] of aliases) {
      const value = out[ours];
      // A NULL would break the theme's NOT NULL columns; their default stays instead.
      if (!(theme in out) && value !== null && value !== undefined) out[theme] = value;
    }
    return out as T;
  }

  private existing(): Promise<ReadonlyArray<readonly [string, string]>> {
    this.present ??= dbCall(`columns of ${this.table}`, async () => {
      const columns = new Set(Object.keys(await this.db(this.table).columnInfo()));
      return this.aliases.filter(([theme]) => columns.has(theme));
    });
    return this.present;
  }
}
