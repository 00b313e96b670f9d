import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { KeywordRepository } from '../../repositories/keyword.repository';
import { MediaListRepository } from '../../repositories/media-list.repository';
import type { Repositories } from '../../repositories/repositories';
import { DiscoverSource, DiscoveryService, LibraryLookup, TitleSyncer } from './discovery.service';
import type { DiscoverySyncOptions } from './discovery.schema';
import { KeywordSearch, KeywordService } from './keyword.service';
import { ListService } from './list.service';
import { RandomPickService, StateStore } from './random-pick.service';

export interface DiscoveryServices {
  keywords: KeywordService;
  discovery: DiscoveryService;
  lists: ListService;
  random: RandomPickService;
  listRepository: MediaListRepository;
}

export interface DiscoveryFactoryInput {
  db: Knex;
  prefix: string;
  tmdb: DiscoverSource & KeywordSearch;
  sync: TitleSyncer;
  repos: Pick<Repositories, 'movies' | 'tv' | 'dramas'>;
  state: StateStore;
  allowAdult: boolean;
  syncOptions: DiscoverySyncOptions;
  logger: Logger;
  /** Tests inject these. */
  random?: () => number;
  now?: () => Date;
  concurrency?: number;
}

/** Builds the discovery services (called by the composition root, and by tests with their own random/clock). */
export function createDiscoveryServices(input: DiscoveryFactoryInput): DiscoveryServices {
  const logger = input.logger.child({ component: 'discovery' });
  const keywordRepo = new KeywordRepository(input.db, input.prefix);
  const listRepository = new MediaListRepository(input.db, input.prefix);
  const keywords = new KeywordService(input.tmdb, keywordRepo, logger, input.now);
  const discovery = new DiscoveryService({
    tmdb: input.tmdb,
    sync: input.sync,
    library: libraryLookup(input.repos),
    allowAdult: input.allowAdult,
    syncOptions: input.syncOptions,
    concurrency: input.concurrency,
    logger,
  });
  const lists = new ListService({ repo: listRepository, keywords, discovery, logger, now: input.now });
  const random = new RandomPickService({ keywords, discovery, lists: listRepository, state: input.state, logger, random: input.random, now: input.now });
  return { keywords, discovery, lists, random, listRepository };
}

/** A TV title already synced as a drama is reused as the drama. */
function libraryLookup(repos: Pick<Repositories, 'movies' | 'tv' | 'dramas'>): LibraryLookup {
  return {
    async find(kind, tmdbId) {
      if (kind === 'movie') {
        const postId = await repos.movies.findPostIdByTmdbId(tmdbId);
        return postId === null ? null : { postId, mediaType: 'movie' };
      }
      const tv = await repos.tv.findPostIdByTmdbId(tmdbId);
      if (tv !== null) return { postId: tv, mediaType: 'tv' };
      const drama = await repos.dramas.findPostIdByTmdbId(tmdbId);
      return drama === null ? null : { postId: drama, mediaType: 'drama' };
    },
  };
}
