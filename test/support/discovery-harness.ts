/**
 * Discovery services on a sync harness (real container, test database, TMDb
 * stand-in), with the clock, the random source and the TMDb calls under the test's control.
 */
import type { TmdbDiscoverPage } from '../../src/clients/tmdb/tmdb-extra.schemas';
import type { TmdbKeywordSearchPage } from '../../src/clients/tmdb/tmdb.schema';
import { createDiscoveryServices, DiscoveryServices } from '../../src/services/discovery/discovery.factory';
import { ListScheduler } from '../../src/jobs/list-scheduler';
import { syncOptionsFromParts } from '../../src/services/discovery/discovery.schema';
import type { SyncHarness } from './sync-harness';
import type { SuiteDatabase } from './test-databases';
import { isAdultSynthetic } from '../../tools/tmdb-standin/list-endpoints';

interface TmdbCalls {
  discover: Array<{ kind: string; params: Record<string, string | number | boolean> }>;
  searchKeyword: string[];
}

export interface DiscoveryKit extends DiscoveryServices {
  scheduler: ListScheduler;
  calls: TmdbCalls;
  clock: { now: Date };
  /** Values handed out by the random source, in order (then 0). */
  randoms: number[];
}

export interface DiscoveryKitOptions {
  allowAdult?: boolean;
  /** Rewrites every /discover query before it is sent (to play a TMDb that ignores a filter). */
  rewriteDiscover?: (params: Record<string, string | number | boolean>) => Record<string, string | number | boolean>;
}

export function discoveryKit(h: SyncHarness, options: DiscoveryKitOptions = {}): DiscoveryKit {
  const calls: TmdbCalls = { discover: [], searchKeyword: [] };
  const clock = { now: new Date('2026-01-05T10:00:00Z') };
  const randoms: number[] = [];
  const { app } = h;
  const tmdb = {
    discover: (kind: 'movie' | 'tv', params: Record<string, string | number | boolean>): Promise<TmdbDiscoverPage> => {
      const sent = options.rewriteDiscover ? options.rewriteDiscover(params) : params;
      calls.discover.push({ kind, params: sent });
      return app.tmdb.discover(kind, sent);
    },
    searchKeyword: (query: string, page?: number): Promise<TmdbKeywordSearchPage> => {
      calls.searchKeyword.push(query);
      return app.tmdb.searchKeyword(query, page);
    },
  };
  const services = createDiscoveryServices({
    db: app.db,
    prefix: app.config.database.tablePrefix,
    tmdb,
    sync: app.sync,
    repos: app.repos,
    state: app.state,
    allowAdult: options.allowAdult ?? false,
    syncOptions: syncOptionsFromParts(['images']),
    logger: app.logger,
    random: () => randoms.shift() ?? 0,
    now: () => clock.now,
  });
  const scheduler = new ListScheduler({ lists: services.listRepository, jobs: app.jobs, timezone: 'UTC', logger: app.logger });
  return { ...services, scheduler, calls, clock, randoms };
}

/** The TMDb response cache, emptied: the next request reaches the stand-in (TMDb's answer may have changed). */
export async function forgetTmdbAnswers(t: SuiteDatabase): Promise<void> {
  await t.db(t.table('tmu_api_cache')).delete();
}

/** Whether the stand-in flags this title adult in discover results (only synthetic titles ever are). */
export function isAdult(h: SyncHarness, kind: 'movie' | 'tv', tmdbId: number): boolean {
  return !h.standin.catalogue.fixtures.has(kind, tmdbId) && isAdultSynthetic(kind, tmdbId);
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}
