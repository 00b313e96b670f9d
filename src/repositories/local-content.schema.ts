/**
 * Tables and row shapes of the local stand-in for WordPress (demo and tests).
 * Created by LocalContentRepository.ensureSchema(), never by the migrations,
 * so a WordPress database never gets them.
 */
import type { TableSpec } from '../../migrations/support/schema-toolkit';

export interface LocalPostRow {
  id: number;
  type: string;
  natural_key: string;
  title: string;
  content: string;
  status: string;
  slug: string | null;
  post_date: string | null;
  parent_id: number | null;
  tmdb_id: number | null;
  featured_image_id: number | null;
  synced_at: Date | null;
  sync_error: string | null;
  created_at: Date | null;
  updated_at: Date | null;
}

export interface NewLocalPost {
  type: string;
  natural_key: string;
  title: string;
  content?: string;
  status?: string;
  post_date?: string | null;
  parent_id?: number | null;
  tmdb_id?: number | null;
}

export type LocalPostUpdate = Partial<Pick<LocalPostRow, 'title' | 'content' | 'status' | 'slug' | 'featured_image_id' | 'synced_at' | 'sync_error'>>;

export interface LocalTermRow {
  id: number;
  taxonomy: string;
  slug: string;
  name: string;
}

export interface LocalAttachmentRow {
  id: number;
  file_path: string;
  post_id: number | null;
  file_name: string;
  mime_type: string;
  bytes: number;
  width: number | null;
  height: number | null;
  alt: string | null;
  /** Path of the stored file, relative to the uploads directory. */
  stored_path: string;
}

export type NewLocalAttachment = Omit<LocalAttachmentRow, 'id'>;

export interface LocalContentCounts {
  posts: Record<string, number>;
  terms: number;
  attachments: number;
}

export interface FoundOrCreated {
  id: number;
  created: boolean;
}

const vc = (name: string, length: number, nullable = true) => ({ name, type: 'varchar' as const, length, nullable });
const dt = (name: string) => ({ name, type: 'datetime' as const });

export const LOCAL_CONTENT_SCHEMA: readonly TableSpec[] = [
  {
    name: 'tmu_local_posts',
    columns: [
      { name: 'id', type: 'autoId' },
      vc('type', 32, false),
      vc('natural_key', 191, false),
      { name: 'title', type: 'text' },
      { name: 'content', type: 'longtext' },
      vc('status', 20),
      vc('slug', 200),
      vc('post_date', 32),
      { name: 'parent_id', type: 'postRef' },
      { name: 'tmdb_id', type: 'bigint' },
      { name: 'featured_image_id', type: 'postRef' },
      dt('synced_at'),
      { name: 'sync_error', type: 'text' },
      dt('created_at'),
      dt('updated_at'),
    ],
    indexes: [{ columns: ['type', 'natural_key'], unique: true }, { columns: ['tmdb_id'] }, { columns: ['slug'] }],
  },
  {
    name: 'tmu_local_terms',
    columns: [{ name: 'id', type: 'autoId' }, vc('taxonomy', 32, false), vc('slug', 191, false), vc('name', 255, false)],
    indexes: [{ columns: ['taxonomy', 'slug'], unique: true }],
  },
  {
    name: 'tmu_local_term_relationships',
    columns: [
      { name: 'id', type: 'autoId' },
      { name: 'post_id', type: 'postRef', nullable: false },
      { name: 'term_id', type: 'postRef', nullable: false },
    ],
    indexes: [{ columns: ['post_id', 'term_id'], unique: true }, { columns: ['term_id'] }],
  },
  {
    name: 'tmu_local_term_meta',
    columns: [{ name: 'id', type: 'autoId' }, { name: 'term_id', type: 'postRef', nullable: false }, vc('meta_key', 191, false), { name: 'meta_value', type: 'text' }],
    indexes: [{ columns: ['term_id', 'meta_key'], unique: true }],
  },
  {
    name: 'tmu_local_attachments',
    columns: [
      { name: 'id', type: 'autoId' },
      vc('file_path', 255, false),
      { name: 'post_id', type: 'postRef' },
      vc('file_name', 255, false),
      vc('mime_type', 100, false),
      { name: 'bytes', type: 'bigint', nullable: false, default: 0 },
      { name: 'width', type: 'int' },
      { name: 'height', type: 'int' },
      { name: 'alt', type: 'text' },
      vc('stored_path', 255, false),
      dt('created_at'),
    ],
    indexes: [{ columns: ['file_path'], unique: true }, { columns: ['post_id'] }, { columns: ['stored_path'] }],
  },
];
