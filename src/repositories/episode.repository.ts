/**
 * Episodes of TV series (tmu_tv_series_episodes) and dramas (tmu_dramas_episodes).
 * An episode is keyed by (series, season_no, episode_no). Legacy drama episodes
 * (season 1 only) have no season_no: for season 1 they match on NULL too.
 */
import type { Knex } from 'knex';
import type { EpisodeRow } from '../domain/rows';
import { ValidationError } from '../errors';
import { Db, UpsertResult, dbCall, normalizeRow, upsertById } from './repository-support';
import { SERIES_TABLES, SeriesKind, SeriesTables, tableName } from './table-names';
import { EPISODE_THEME_ALIASES, ThemeColumns } from './theme-columns';

export type StoredEpisodeRow = EpisodeRow & Record<string, unknown> & { season_id: number | null };

export class EpisodeRepository {
  private readonly t: SeriesTables;
  private readonly theme: ThemeColumns;

  constructor(
    private readonly db: Db,
    private readonly prefix: string,
    readonly kind: SeriesKind,
  ) {
    this.t = SERIES_TABLES[kind];
    this.theme = new ThemeColumns(db, this.tableName, EPISODE_THEME_ALIASES);
  }

  get tableName(): string {
    return tableName(this.prefix, this.t.episodes);
  }

  private whereSeason(q: Knex.QueryBuilder, seasonNo: number): Knex.QueryBuilder {
    if (this.kind === 'drama' && seasonNo === 1) return q.andWhere((w) => w.where('season_no', 1).orWhereNull('season_no'));
    return q.andWhere('season_no', seasonNo);
  }

  async findEpisodePostId(seriesPostId: number, seasonNo: number, episodeNo: number): Promise<number | null> {
    return dbCall(`find ${this.t.episodes}`, async () => {
      const q = this.db(this.tableName).select('ID').where(this.t.seriesColumn, seriesPostId).andWhere('episode_no', episodeNo);
      const row = await this.whereSeason(q, seasonNo).orderBy('ID').first();
      return row ? Number(row.ID) : null;
    });
  }

  async getEpisode(episodePostId: number): Promise<StoredEpisodeRow | null> {
    return dbCall(`read ${this.t.episodes}#${episodePostId}`, async () => normalizeRow<StoredEpisodeRow>(await this.db(this.tableName).where('ID', episodePostId).first()));
  }

  /**
   * Insert or update the episode row (by its post ID), linked to its series and
   * season post. TV episodes need a season post (legacy season_id is NOT NULL).
   */
  async upsertEpisode(seriesPostId: number, seasonPostId: number | null, row: EpisodeRow): Promise<UpsertResult> {
    if (this.kind === 'tv' && (seasonPostId === null || seasonPostId === undefined)) {
      throw new ValidationError(`TV episode ${row.ID} needs a season post ID`, { field: 'season_id' });
    }
    const values = await this.theme.fill({ ...row, [this.t.seriesColumn]: seriesPostId, season_id: seasonPostId });
    return upsertById(this.db, this.tableName, values);
  }

  /** Episodes of a series (optionally of one season), by season then episode number. */
  async listEpisodes(seriesPostId: number, seasonNo?: number): Promise<StoredEpisodeRow[]> {
    return dbCall(`list ${this.t.episodes}`, async () => {
      let q = this.db(this.tableName).where(this.t.seriesColumn, seriesPostId);
      if (seasonNo !== undefined) q = this.whereSeason(q, seasonNo);
      const rows: Array<Record<string, unknown>> = await q.orderBy([{ column: 'season_no' }, { column: 'episode_no' }, { column: 'ID' }]);
      return rows.map((r) => normalizeRow<StoredEpisodeRow>(r) as StoredEpisodeRow);
    });
  }

  async listEpisodePostIds(seriesPostId: number, seasonNo?: number): Promise<number[]> {
    return (await this.listEpisodes(seriesPostId, seasonNo)).map((e) => Number(e.ID));
  }

  async deleteByPost(episodePostId: number): Promise<number> {
    return dbCall(`delete ${this.t.episodes}#${episodePostId}`, async () => this.db(this.tableName).where('ID', episodePostId).delete());
  }
}
