/**
 * Which WordPress posts the tmu_* rows point to: the post ID (`ID`) of every
 * title, person, season, episode and video row, and the posts that have sync
 * fingerprints, read in keyset pages. The orphan sweep asks WordPress which of
 * them still exist.
 */
import type { PostType } from '../domain/content-store';
import { Db, dbCall } from './repository-support';
import { ContentTableName, tableName } from './table-names';

export interface PostRowTable {
  table: ContentTableName;
  /** The post type the row's ID belongs to (what ContentCleanupService deletes by). */
  type: PostType;
}

/** Parents first: deleting a title's rows also takes its seasons', episodes' and videos'. */
export const POST_ROW_TABLES: readonly PostRowTable[] = [
  { table: 'tmu_movies', type: 'movie' },
  { table: 'tmu_tv_series', type: 'tv' },
  { table: 'tmu_dramas', type: 'drama' },
  { table: 'tmu_people', type: 'people' },
  { table: 'tmu_tv_series_seasons', type: 'season' },
  { table: 'tmu_dramas_seasons', type: 'season' },
  { table: 'tmu_tv_series_episodes', type: 'episode' },
  { table: 'tmu_dramas_episodes', type: 'drama-episode' },
  { table: 'tmu_videos', type: 'video' },
];

/** Fingerprint object types are `<post type>` or `<post type>:post` (and `person` for people rows). */
function fingerprintPostType(objectType: string): PostType {
  const base = objectType.replace(/:post$/, '');
  return (base === 'person' ? 'people' : base) as PostType;
}

export class PostRowsRepository {
  constructor(
    private readonly db: Db,
    private readonly prefix: string,
  ) {}

  /** The next `limit` post IDs of `table` after `afterId`, ascending. */
  async postIds(table: ContentTableName, afterId: number, limit: number): Promise<number[]> {
    return dbCall(`list post ids of ${table}`, async () => {
      const rows: Array<{ ID: unknown }> = await this.db(tableName(this.prefix, table)).select('ID').where('ID', '>', afterId).orderBy('ID').limit(limit);
      return rows.map((r) => Number(r.ID));
    });
  }

  /**
   * The next `limit` posts with fingerprints after `afterId`, ascending, each with its post type. On a
   * WordPress database the foreign keys take a deleted post's rows with it, but not its fingerprints.
   */
  async fingerprintPosts(afterId: number, limit: number): Promise<Array<{ postId: number; type: PostType }>> {
    return dbCall('list posts of tmu_sync_fingerprints', async () => {
      const rows = (await this.db(tableName(this.prefix, 'tmu_sync_fingerprints'))
        .select('object_id')
        .min({ object_type: 'object_type' })
        .where('object_id', '>', afterId)
        .groupBy('object_id')
        .orderBy('object_id')
        .limit(limit)) as Array<{ object_id: unknown; object_type: unknown }>;
      return rows.map((r) => ({ postId: Number(r.object_id), type: fingerprintPostType(String(r.object_type)) }));
    });
  }
}
