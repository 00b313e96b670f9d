/**
 * The sidecar's own tables (docs/operations.md). Timestamps are DATETIME(3)
 * written by the code (always bind Date objects: on SQLite knex stores them as
 * epoch milliseconds, so never mix in knex.fn.now() for columns you compare).
 *
 * Frozen: later changes go in new migrations, never here.
 */
import type { ColumnSpec, TableSpec } from '../support/schema-toolkit';

const id: ColumnSpec = { name: 'id', type: 'autoId' };
const varchar = (name: string, length: number, nullable = true): ColumnSpec => ({ name, type: 'varchar', length, nullable });
const text = (name: string): ColumnSpec => ({ name, type: 'text' });
const longtext = (name: string, nullable = true): ColumnSpec => ({ name, type: 'longtext', nullable });
const datetime = (name: string, nullable = true): ColumnSpec => ({ name, type: 'datetime', nullable });
const bigint = (name: string): ColumnSpec => ({ name, type: 'bigint' });
const postRef = (name: string): ColumnSpec => ({ name, type: 'postRef' });

const syncJobs: TableSpec = {
  name: 'tmu_sync_jobs',
  columns: [
    id,
    varchar('type', 64, false),
    longtext('payload'),
    { name: 'status', type: 'varchar', length: 16, nullable: false, default: 'queued' },
    { name: 'attempts', type: 'int', nullable: false, default: 0 },
    { name: 'max_attempts', type: 'int', nullable: false, default: 5 },
    text('progress'),
    text('error'),
    varchar('delivery_id', 64),
    varchar('object_key', 191),
    datetime('run_at'),
    varchar('lease_owner', 191),
    datetime('lease_expires_at'),
    datetime('heartbeat_at'),
    datetime('created_at', false),
    datetime('started_at'),
    datetime('finished_at'),
  ],
  indexes: [{ columns: ['delivery_id'], unique: true }, { columns: ['status', 'run_at'] }, { columns: ['object_key', 'status'] }, { columns: ['lease_expires_at'] }],
};

const syncLog: TableSpec = {
  name: 'tmu_sync_log',
  columns: [
    id,
    { name: 'job_id', type: 'postRef' },
    varchar('type', 32),
    bigint('tmdb_id'),
    postRef('post_id'),
    varchar('action', 32),
    text('message'),
    datetime('at', false),
  ],
  indexes: [{ columns: ['job_id'] }, { columns: ['type', 'tmdb_id'] }, { columns: ['at'] }],
};

const apiCache: TableSpec = {
  name: 'tmu_api_cache',
  columns: [
    { name: 'cache_key', type: 'varchar', length: 255, nullable: false, primary: true, binary: true },
    longtext('body', false),
    varchar('etag', 255),
    datetime('expires_at', false),
    datetime('created_at', false),
  ],
  indexes: [{ columns: ['expires_at'] }],
};

const syncState: TableSpec = {
  name: 'tmu_sync_state',
  columns: [{ name: 'key', type: 'varchar', length: 191, nullable: false, primary: true }, longtext('value'), datetime('updated_at')],
};

const keywords: TableSpec = {
  name: 'tmu_keywords',
  columns: [id, varchar('name', 255, false), varchar('slug', 191, false), bigint('tmdb_keyword_id'), datetime('not_found_until'), datetime('resolved_at')],
  indexes: [{ columns: ['slug'], unique: true }, { columns: ['tmdb_keyword_id'] }],
};

const mediaLists: TableSpec = {
  name: 'tmu_media_lists',
  columns: [
    id,
    varchar('slug', 191, false),
    varchar('keyword', 255),
    text('title'),
    text('description'),
    text('filters'),
    { name: 'item_limit', type: 'int' },
    varchar('refresh_cron', 64),
    datetime('last_refreshed_at'),
    datetime('created_at'),
    datetime('updated_at'),
  ],
  indexes: [{ columns: ['slug'], unique: true }, { columns: ['keyword'] }],
};

const mediaListItems: TableSpec = {
  name: 'tmu_media_list_items',
  columns: [
    id,
    { name: 'list_id', type: 'postRef', nullable: false },
    { name: 'position', type: 'int', nullable: false },
    postRef('post_id'),
    { name: 'tmdb_id', type: 'bigint', nullable: false },
    varchar('media_type', 16, false),
  ],
  indexes: [{ columns: ['list_id', 'tmdb_id', 'media_type'], unique: true }, { columns: ['list_id', 'position'] }],
};

/** What the last sync wrote, field by field, so fields an editor changed by hand are not overwritten. */
const syncFingerprints: TableSpec = {
  name: 'tmu_sync_fingerprints',
  columns: [
    id,
    varchar('object_type', 32, false),
    { name: 'object_id', type: 'postRef', nullable: false },
    varchar('field', 64, false),
    varchar('hash', 64, false),
    datetime('updated_at'),
  ],
  indexes: [{ columns: ['object_type', 'object_id', 'field'], unique: true }],
};

export const SIDECAR_TABLES: readonly TableSpec[] = [syncJobs, syncLog, apiCache, syncState, keywords, mediaLists, mediaListItems, syncFingerprints];
