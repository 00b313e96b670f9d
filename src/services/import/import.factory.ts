import type { Logger } from 'pino';
import type { TmdbBrowseClient } from '../../clients/tmdb/tmdb-browse.client';
import type { LibraryRepository } from '../../repositories/library.repository';
import type { SyncLogRepository } from '../../repositories/sync-log.repository';
import type { TitleSyncer } from '../bulk-sync.service';
import type { ObjectRunner } from '../../domain/object-runner';
import type { CompleteLater } from '../sync/sync.types';
import { BrowseDeps, BrowseService } from './browse.service';
import { ImportService } from './import.service';
import { LibraryLookup } from './library-lookup';

export interface ImportServices {
  browse: BrowseService;
  importer: ImportService;
}

export interface ImportFactoryInput {
  browse: TmdbBrowseClient;
  tmdb: BrowseDeps['details'] & BrowseDeps['genres'];
  keywords: BrowseDeps['keywords'];
  sync: TitleSyncer;
  library: Pick<LibraryRepository, 'findByTmdbIds'>;
  syncLog: SyncLogRepository;
  lock?: ObjectRunner;
  imageBaseUrl: string;
  allowAdult: boolean;
  concurrency: number;
  /** Hands a title's rest to a background job (serve); absent, titles are imported whole. */
  completeLater?: CompleteLater;
  logger: Logger;
  observe?: (type: string, seconds: number, outcome: 'succeeded' | 'failed') => void;
}

/** Import from TMDb: the browse pages and the `import` job (called by the composition root). */
export function createImportServices(input: ImportFactoryInput): ImportServices {
  const library = new LibraryLookup(input.library);
  const browse = new BrowseService({
    browse: input.browse,
    details: input.tmdb,
    genres: input.tmdb,
    keywords: input.keywords,
    library,
    imageBaseUrl: input.imageBaseUrl,
    allowAdult: input.allowAdult,
  });
  const importer = new ImportService({
    sync: input.sync,
    details: input.tmdb,
    library,
    syncLog: input.syncLog,
    lock: input.lock,
    allowAdult: input.allowAdult,
    concurrency: input.concurrency,
    completeLater: input.completeLater,
    logger: input.logger.child({ component: 'import' }),
    observe: input.observe,
  });
  return { browse, importer };
}
