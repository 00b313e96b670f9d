import type { TmdbPriority } from '../../clients/tmdb/tmdb.client';
import type { TmdbMovie, TmdbSeason, TmdbTv } from '../../clients/tmdb/tmdb.schema';
import type { ColumnCodec } from '../../mappers/mapping.types';
import type { Repositories } from '../../repositories/repositories';
import type { ImageService } from '../images/image.service';
import type { ContentStore } from '../../domain/content-store';
import type { Logger } from 'pino';
import type { ContentStoreBinder, PersonFetcher } from './sync.types';
import type { ObjectRunner } from '../../domain/object-runner';
import type { PeopleService } from './people.service';

/** The part of the TMDb client the sync needs. */
interface FetchOptions {
  fresh?: boolean;
}

export interface TmdbSource extends PersonFetcher {
  getMovie(id: number, options?: FetchOptions): Promise<TmdbMovie>;
  getTv(id: number, options?: FetchOptions): Promise<TmdbTv>;
  getSeason(tvId: number, seasonNumber: number, options?: FetchOptions): Promise<TmdbSeason>;
  /** Runs fn with its TMDb requests behind interactive ones (bulk) or behind everything (background). */
  withPriority?<T>(priority: TmdbPriority, fn: () => Promise<T>): Promise<T>;
}

/** Runs a function in one database transaction with repositories bound to it. */
export interface TransactionRunner {
  run<T>(fn: (repos: Repositories, transaction: unknown) => Promise<T>): Promise<T>;
}

export interface SyncDeps {
  tmdb: TmdbSource;
  /** Repositories outside any transaction, for reads in the fetch phase. */
  repos: Repositories;
  unitOfWork: TransactionRunner;
  /** The store for reads outside a transaction. */
  store: ContentStore;
  bindStore: ContentStoreBinder;
  images: ImageService;
  people: PeopleService;
  codec: ColumnCodec;
  logger: Logger;
  /** One sync per object at a time across paths and processes (absent: no cross-path lock). */
  objectLock?: ObjectRunner;
  /**
   * Hands the people a title credited to a background `people.refresh` job.
   * Absent (CLI, demo): their details are fetched right after the title, in the same call.
   */
  enqueuePeopleRefresh?: (ids: number[], portraits: number[]) => Promise<void>;
  /** `all` (default): people credited only on an episode get posts too; `known`: only the series' own people. */
  episodeCredits?: 'all' | 'known';
  /** The region whose watch providers fill `streaming_platforms` (the plugin's setting, else WATCH_REGION); absent: US. */
  watchRegion?: () => Promise<string>;
  now?: () => Date;
}
