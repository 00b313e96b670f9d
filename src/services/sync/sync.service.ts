import { describeError } from '../../errors';
import type { PostType } from '../../domain/content-store';
import { MovieSyncService } from './movie-sync.service';
import { PersonSyncService } from './person-sync.service';
import { PeopleRefreshService } from './people-refresh.service';
import { SeriesSyncService } from './series-sync.service';
import type { SyncDeps } from './sync-deps';
import { textOnlySource } from './tmdb-text-source';
import { DEFAULT_SYNC_OPTIONS, SyncOptions, SyncResult, SyncType } from './sync.types';

const POST_TYPES: Record<SyncType, PostType> = { movie: 'movie', tv: 'tv', drama: 'drama', person: 'people' };

/** Entry point for every sync: CLI, webhooks, jobs and schedules go through here. */
export class SyncService {
  private readonly movies: MovieSyncService;
  private readonly series: SeriesSyncService;
  private readonly persons: PersonSyncService;
  readonly peopleRefresh: PeopleRefreshService;

  private readonly deps: SyncDeps;

  constructor(deps: SyncDeps, peopleRefreshHours: number) {
    // Every sync reads TMDb through here, so TMDb text is encoded once for all of them.
    const textOnly: SyncDeps = { ...deps, tmdb: textOnlySource(deps.tmdb) };
    this.deps = textOnly;
    this.movies = new MovieSyncService(textOnly);
    this.series = new SeriesSyncService(textOnly);
    this.persons = new PersonSyncService(textOnly);
    this.peopleRefresh = new PeopleRefreshService(textOnly, peopleRefreshHours);
  }

  /** Syncs one title or person; the post then shows when it was synced, or the last error. */
  async sync(type: SyncType, tmdbId: number, options: Partial<SyncOptions> = {}): Promise<SyncResult> {
    const merged: SyncOptions = { ...DEFAULT_SYNC_OPTIONS, ...options };
    const postType = POST_TYPES[type];
    try {
      const run = () => this.run(type, tmdbId, merged);
      // Same key as the job queue's per-object lock ("movie:550").
      const result = await (this.deps.objectLock ? this.deps.objectLock.run(`${type}:${tmdbId}`, run) : run());
      await this.handOverPeople(result, merged);
      return result;
    } catch (error) {
      if (merged.postId !== undefined) {
        await this.deps.store
          .markSynced(postType, merged.postId, { at: new Date(), error: describeError(error) })
          .catch((e: unknown) => this.deps.logger.warn({ err: describeError(e) }, 'could not record the sync error on the post'));
      }
      throw error;
    }
  }

  /** People details come after the title: from a background job, or (no queue) right here. */
  private async handOverPeople(result: SyncResult, options: SyncOptions): Promise<void> {
    const due = result.peopleToRefresh;
    if (!due || due.ids.length === 0 || options.peopleByCaller) return;
    if (this.deps.enqueuePeopleRefresh) return this.deps.enqueuePeopleRefresh(due.ids, due.portraits);
    const refreshed = await this.peopleRefresh.refresh(due.ids, due.portraits, {
      onProgress: (done, total) => options.onProgress?.('people details', done, total),
    });
    result.counts.peopleFetched = refreshed.refreshed;
  }

  private run(type: SyncType, tmdbId: number, options: SyncOptions): Promise<SyncResult> {
    switch (type) {
      case 'movie':
        return this.movies.sync(tmdbId, options);
      case 'tv':
      case 'drama':
        return this.series.sync(type, tmdbId, options);
      case 'person':
        return this.persons.sync(tmdbId, options);
    }
  }
}
