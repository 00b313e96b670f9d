import type { Logger } from 'pino';
import type { ContentStore, PostType } from '../domain/content-store';
import { AppError, describeError, WordPressError } from '../errors';
import { POST_ROW_TABLES, type PostRowsRepository } from '../repositories/post-rows.repository';
import type { SyncLogRepository } from '../repositories/sync-log.repository';
import type { ContentCleanupService } from './content-cleanup.service';

export interface OrphanSweepDeps {
  rows: Pick<PostRowsRepository, 'postIds' | 'fingerprintPosts'>;
  /** Post id → status; a missing id is a deleted post (a trashed one answers 'trash'). */
  store: Pick<ContentStore, 'postStatuses'>;
  cleanup: Pick<ContentCleanupService, 'deletePostRows'>;
  syncLog: Pick<SyncLogRepository, 'add'>;
  logger: Logger;
  chunkSize?: number;
}

export interface SweepOptions {
  /** Sweep even when more than half of the posts look deleted (never when WordPress answered for none). */
  force?: boolean;
  jobId?: number | null;
  signal?: AbortSignal;
  /** Called after each read: a job tells its worker it is alive (a big site's sweep takes a while). */
  onProgress?: () => Promise<unknown>;
}

/** swept/clean: done; refused: too much looked deleted; unavailable: WordPress gave no usable answer. */
type SweepStatus = 'swept' | 'clean' | 'refused' | 'unavailable';

export interface SweptPost {
  type: PostType;
  postId: number;
  rows: number;
}

export interface SweepResult {
  status: SweepStatus;
  /** Posts the tmu_* rows point to (each asked once). */
  checked: number;
  /** Posts WordPress does not have (any more). */
  orphans: number;
  swept: SweptPost[];
  /** Content rows and fingerprints removed. */
  rows: number;
  message: string;
}

interface PostRef {
  type: PostType;
  postId: number;
}

const DEFAULT_CHUNK = 1000;

/** The job was cancelled or taken while the sweep was reading: nothing is removed. */
class AbortedSweep extends AppError {
  constructor() {
    super('sweep_aborted', 'the job stopped while the sweep was reading');
  }
}
/** Post ids named in a sweep's message; the sync log has every one. */
const NAMED = 20;

/**
 * The weekly sweep of orphan rows: tmu_* rows whose WordPress post is gone
 * (deleted while the sidecar was down, so its post.deleted webhook was lost).
 * Asks WordPress which posts still exist, in chunks, then removes the rest
 * through ContentCleanupService as the webhook would. It never takes "no answer"
 * for "deleted": an error or an empty answer sweeps nothing, and so does a
 * result that would remove more than half of the posts (unless forced).
 */
export class OrphanSweepService {
  private readonly chunkSize: number;

  constructor(private readonly deps: OrphanSweepDeps) {
    this.chunkSize = deps.chunkSize ?? DEFAULT_CHUNK;
  }

  async sweep(options: SweepOptions = {}): Promise<SweepResult> {
    const posts = await this.referencedPosts();
    const none = { checked: posts.length, orphans: 0, swept: [], rows: 0 };
    if (posts.length === 0) return this.finish({ ...none, status: 'clean', message: 'orphan sweep: no tmu_* rows to check' });
    let orphans: PostRef[];
    let present: number;
    try {
      ({ orphans, present } = await this.missing(posts, options));
    } catch (error) {
      return this.finish({ ...none, status: 'unavailable', message: `orphan sweep skipped, nothing removed: ${describeError(error)}` }, 'warn');
    }
    const found = { ...none, orphans: orphans.length };
    if (orphans.length === 0) return this.finish({ ...found, status: 'clean', message: `orphan sweep: all ${posts.length} posts exist in WordPress` });
    if (orphans.length * 2 > posts.length && options.force !== true) {
      const message = `orphan sweep refused, nothing removed: ${orphans.length} of ${posts.length} posts look deleted (more than half); check WP_URL and that the sidecar's user may edit every TMU post, then run tmu-sidecar sweep --force`;
      return this.finish({ ...found, status: 'refused', message }, 'warn');
    }
    try {
      orphans = await this.confirm(orphans, present); // read again just before deleting: only what is still missing goes
    } catch (error) {
      return this.finish({ ...found, status: 'unavailable', message: `orphan sweep skipped, nothing removed: ${describeError(error)}` }, 'warn');
    }
    const swept = await this.remove(orphans, options);
    const rows = swept.reduce((sum, s) => sum + s.rows, 0);
    const named = swept
      .slice(0, NAMED)
      .map((s) => `${s.type} ${s.postId}`)
      .join(', ');
    const more = swept.length > NAMED ? ` and ${swept.length - NAMED} more` : '';
    const message = `orphan sweep: removed ${rows} rows of ${swept.length} of ${posts.length} posts, deleted in WordPress (${named}${more})`;
    return this.finish({ ...found, swept, rows, status: 'swept', message });
  }

  /** Every post a row points to, once, parents first; then posts that only have fingerprints left. */
  private async referencedPosts(): Promise<PostRef[]> {
    const seen = new Set<number>();
    const posts: PostRef[] = [];
    const add = (type: PostType, postId: number) => {
      if (seen.has(postId)) return;
      seen.add(postId);
      posts.push({ type, postId });
    };
    for (const { table, type } of POST_ROW_TABLES) {
      for (let afterId = 0; ;) {
        const ids = await this.deps.rows.postIds(table, afterId, this.chunkSize);
        for (const postId of ids) add(type, postId);
        if (ids.length < this.chunkSize) break;
        afterId = ids[ids.length - 1];
      }
    }
    for (let afterId = 0; ;) {
      const page = await this.deps.rows.fingerprintPosts(afterId, this.chunkSize);
      for (const { type, postId } of page) add(type, postId);
      if (page.length < this.chunkSize) break;
      afterId = page[page.length - 1].postId;
    }
    return posts;
  }

  /** The posts WordPress does not answer for, and one it did answer for; throws when it answered for none at all. */
  private async missing(posts: PostRef[], options: SweepOptions): Promise<{ orphans: PostRef[]; present: number }> {
    const orphans: PostRef[] = [];
    let present: number | undefined;
    for (let i = 0; i < posts.length; i += this.chunkSize) {
      const part = posts.slice(i, i + this.chunkSize);
      const statuses = await this.deps.store.postStatuses(part.map((p) => p.postId));
      present ??= part.find((p) => statuses.has(p.postId))?.postId;
      orphans.push(...part.filter((p) => !statuses.has(p.postId)));
      await options.onProgress?.();
      if (options.signal?.aborted) throw new AbortedSweep();
    }
    // Down, or a plugin without statuses: never read as "everything was deleted".
    if (present === undefined) throw new WordPressError(`WordPress answered no status for any of ${posts.length} posts`);
    return { orphans, present };
  }

  /** What is still missing when asked again; `present` (found before) must be found again, or WordPress stopped answering. */
  private async confirm(orphans: PostRef[], present: number): Promise<PostRef[]> {
    const still: PostRef[] = [];
    const size = Math.max(1, this.chunkSize - 1); // with `present`, one read each
    for (let i = 0; i < orphans.length; i += size) {
      const part = orphans.slice(i, i + size);
      const statuses = await this.deps.store.postStatuses([present, ...part.map((p) => p.postId)]);
      if (!statuses.has(present)) throw new WordPressError(`WordPress no longer answers for post ${present}, which it had found`);
      still.push(...part.filter((p) => !statuses.has(p.postId)));
    }
    return still;
  }

  private async remove(orphans: PostRef[], options: SweepOptions): Promise<SweptPost[]> {
    const swept: SweptPost[] = [];
    for (const { type, postId } of orphans) {
      if (options.signal?.aborted) break;
      const rows = await this.deps.cleanup.deletePostRows(postId, type);
      const message = `post ${postId} is gone from WordPress: ${rows} rows removed`;
      await this.deps.syncLog.add({ jobId: options.jobId ?? null, type: type === 'people' ? 'person' : type, tmdbId: null, postId, action: 'swept', message });
      swept.push({ type, postId, rows });
    }
    return swept;
  }

  private finish(result: SweepResult, level: 'info' | 'warn' = 'info'): SweepResult {
    const { status, checked, orphans, rows } = result;
    this.deps.logger[level]({ sweep: status, checked, orphans, swept: result.swept.length, rows }, result.message);
    return result;
  }
}
