/** tmu_videos: ID = the `video` post, post_id = the parent movie/tv/drama/people post. */
import type { VideoRow } from '../domain/rows';
import { Db, UpsertResult, dbCall, readManyById, upsertById, upsertManyById } from './repository-support';
import { tableName } from './table-names';

export class VideoRepository {
  constructor(
    private readonly db: Db,
    private readonly prefix: string,
  ) {}

  get tableName(): string {
    return tableName(this.prefix, 'tmu_videos');
  }

  async upsertVideo(row: VideoRow): Promise<UpsertResult> {
    return upsertById(this.db, this.tableName, row);
  }

  /** Many rows in a few statements: one read, multi-row inserts, updates only where a value changed. */
  async upsertRows(rows: readonly VideoRow[]): Promise<UpsertResult[]> {
    return upsertManyById(this.db, this.tableName, rows);
  }

  /** The rows of these video posts, by post ID (one read). */
  async getRows(videoPostIds: readonly number[]): Promise<Map<number, VideoRow>> {
    return dbCall(`read ${videoPostIds.length} tmu_videos rows`, async () => {
      const rows = await readManyById(this.db, this.tableName, videoPostIds);
      return new Map([...rows].map(([id, row]) => [id, toVideo(row)]));
    });
  }

  /** The videos of a parent post, in post ID order. */
  async listByParent(postId: number): Promise<VideoRow[]> {
    return dbCall('list tmu_videos', async () => {
      const rows: Array<Record<string, unknown>> = await this.db(this.tableName).where('post_id', postId).orderBy('ID');
      return rows.map(toVideo);
    });
  }

  /**
   * The video post of a parent whose video_data holds this source key (YouTube
   * key). Works for PHP-serialized and JSON video_data alike: both quote the key.
   */
  async findByParentAndSource(postId: number, sourceKey: string): Promise<number | null> {
    const needle = `"${sourceKey}"`;
    const hit = (await this.listByParent(postId)).find((v) => (v.video_data ?? '').includes(needle));
    return hit ? hit.ID : null;
  }

  async deleteByPost(videoPostId: number): Promise<number> {
    return dbCall(`delete tmu_videos#${videoPostId}`, async () => this.db(this.tableName).where('ID', videoPostId).delete());
  }
}

function toVideo(row: Record<string, unknown>): VideoRow {
  return { ID: Number(row.ID), video_data: String(row.video_data ?? ''), post_id: Number(row.post_id) };
}
