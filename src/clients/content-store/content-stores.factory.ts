import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import type { ContentStore } from '../../domain/content-store';
import type { ObjectRunner } from '../../domain/object-runner';
import { databaseKind } from '../../repositories/database';
import { LocalContentRepository } from '../../repositories/local-content.repository';
import type { WordPressRequestObserver } from '../wordpress/wordpress.types';
import { WordPressClient } from '../wordpress/wordpress.client';
import { wordPressSockets, WordPressSiteState } from '../wordpress/wordpress-site-state';
import { LocalContentStore } from './local-content-store';
import { WordPressContentStore } from './wordpress-content-store';

/** Where a sync writes WordPress content: WordPress over REST when configured, else the local store. */
export interface ContentStores {
  store: ContentStore;
  /** A store for one sync: a REST session, or the local store inside the sync's transaction. */
  bindStore: (transaction: unknown) => ContentStore;
  localStore: LocalContentStore | null;
  wordpress: WordPressClient | null;
}

export interface ContentStoresDeps {
  config: Pick<AppConfig, 'wordpress' | 'images'>;
  db: Knex;
  prefix: string;
  logger: Logger;
  onWordPressRequest: WordPressRequestObserver;
  /** The cross-process object lock; used only on MySQL. */
  objectLock: ObjectRunner;
  decorate?: (store: ContentStore) => ContentStore;
}

/** Builds the content stores main.ts injects; constructs only (and creates the local store's tables). */
export async function createContentStores(deps: ContentStoresDeps): Promise<ContentStores> {
  const { config, db, prefix, logger } = deps;
  const decorate = deps.decorate ?? ((s: ContentStore) => s);
  if (config.wordpress) {
    const maxSockets = wordPressSockets(config.wordpress.batchConcurrency, config.images.uploadConcurrency);
    const wordpress = new WordPressClient({ ...config.wordpress, logger, onRequest: deps.onWordPressRequest, maxSockets });
    // Cross-process locks are for several sidecars on one MySQL database; SQLite serves one process, whose own queue suffices.
    const crossProcess = databaseKind(db) === 'mysql' ? deps.objectLock : undefined;
    const objects = new WordPressSiteState(wordpress, logger, crossProcess, config.wordpress.batchConcurrency, config.images.uploadConcurrency);
    // REST writes are not transactional; they are idempotent by natural key instead. Each sync gets a session.
    const bindStore = () => decorate(new WordPressContentStore(objects));
    return { store: decorate(new WordPressContentStore(objects, { autoFlush: true })), bindStore, localStore: null, wordpress };
  }
  const localRepo = new LocalContentRepository(db, prefix);
  await localRepo.ensureSchema();
  const local = new LocalContentStore(localRepo, config.images.uploadsDir);
  const bindStore = (transaction: unknown) => decorate(local.forTransaction(transaction as Knex.Transaction));
  return { store: local, bindStore, localStore: local, wordpress: null };
}
