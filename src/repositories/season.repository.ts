/** Seasons of TV series (tmu_tv_series_seasons.tv_series) and dramas (tmu_dramas_seasons.dramas). */
import type { SeasonRow } from '../domain/rows';
import { Db, UpsertResult, dbCall, ids, normalizeRow, upsertById } from './repository-support';
import { SERIES_TABLES, SeriesKind, SeriesTables, tableName } from './table-names';
import { SEASON_THEME_ALIASES, ThemeColumns } from './theme-columns';

export type StoredSeasonRow = SeasonRow & Record<string, unknown>;

export class SeasonRepository {
  private readonly t: SeriesTables;
  private readonly theme: ThemeColumns;

  constructor(
    private readonly db: Db,
    private readonly prefix: string,
    readonly kind: SeriesKind,
  ) {
    this.t = SERIES_TABLES[kind];
    this.theme = new ThemeColumns(db, this.tableName, SEASON_THEME_ALIASES);
  }

  get tableName(): string {
    return tableName(this.prefix, this.t.seasons);
  }

  /** The season post of (series, season_no): the idempotence key of a season. */
  async findSeasonPostId(seriesPostId: number, seasonNo: number): Promise<number | null> {
    return dbCall(`find ${this.t.seasons}`, async () => {
      const row = await this.db(this.tableName).select('ID').where(this.t.seriesColumn, seriesPostId).andWhere('season_no', seasonNo).orderBy('ID').first();
      return row ? Number(row.ID) : null;
    });
  }

  async getSeason(seasonPostId: number): Promise<StoredSeasonRow | null> {
    return dbCall(`read ${this.t.seasons}#${seasonPostId}`, async () => normalizeRow<StoredSeasonRow>(await this.db(this.tableName).where('ID', seasonPostId).first()));
  }

  /** Insert or update the season row (by its post ID), linked to the series. */
  async upsertSeason(seriesPostId: number, row: SeasonRow): Promise<UpsertResult> {
    return upsertById(this.db, this.tableName, await this.theme.fill({ ...row, [this.t.seriesColumn]: seriesPostId }));
  }

  /** Season post IDs of a series, by season number (the series' `seasons` column). */
  async listSeasonPostIds(seriesPostId: number): Promise<number[]> {
    return dbCall(`list ${this.t.seasons}`, async () =>
      ids(
        await this.db(this.tableName)
          .select('ID')
          .where(this.t.seriesColumn, seriesPostId)
          .orderBy([{ column: 'season_no' }, { column: 'ID' }]),
      ),
    );
  }

  private episodesOf(seasonPostId: number, season: Record<string, unknown> | undefined) {
    const q = this.db(tableName(this.prefix, this.t.episodes)).where('season_id', seasonPostId);
    if (season && season.season_no !== null && season.season_no !== undefined) {
      q.orWhere((w) => {
        w.where(this.t.seriesColumn, season[this.t.seriesColumn] as number);
        // Legacy drama episodes (season 1 only) have no season_no.
        if (this.kind === 'drama' && Number(season.season_no) === 1) w.andWhere((s) => s.where('season_no', 1).orWhereNull('season_no'));
        else w.andWhere('season_no', season.season_no as number);
      });
    }
    return q;
  }

  private async seasonKey(seasonPostId: number): Promise<Record<string, unknown> | undefined> {
    return this.db(this.tableName).select(this.t.seriesColumn, 'season_no').where('ID', seasonPostId).first();
  }

  /** Episode posts of this season. */
  async dependentPostIds(seasonPostId: number): Promise<number[]> {
    return dbCall(`list posts of ${this.t.seasons}#${seasonPostId}`, async () => ids(await this.episodesOf(seasonPostId, await this.seasonKey(seasonPostId)).select('ID')));
  }

  /** Removes one season row and the episode rows of that season. Returns rows removed. */
  async deleteByPost(seasonPostId: number): Promise<number> {
    return dbCall(`delete ${this.t.seasons}#${seasonPostId}`, async () => {
      const season = await this.seasonKey(seasonPostId);
      let rows = await this.episodesOf(seasonPostId, season).delete();
      rows += await this.db(this.tableName).where('ID', seasonPostId).delete();
      return rows;
    });
  }
}
