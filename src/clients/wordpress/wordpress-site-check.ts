import { tablePrefixMismatch } from './wordpress-credentials';
import type { ResolveAnswer, ResolveQuery } from './wordpress.types';

interface SiteClient<T> {
  checkCredentials(): Promise<T>;
  resolve(query: ResolveQuery): Promise<ResolveAnswer>;
}

/**
 * The credentials check, then TABLE_PREFIX against the `$wpdb->prefix` the plugin reports: rows
 * under another prefix land in tables no template reads. TablePrefixError when they differ.
 */
export async function checkSite<T extends object>(wp: SiteClient<T>, tablePrefix: string): Promise<T & { tablePrefix?: string }> {
  const facts = await wp.checkCredentials();
  const reported = (await wp.resolve({})).table_prefix;
  const mismatch = tablePrefixMismatch(tablePrefix, reported);
  if (mismatch) throw mismatch;
  return { ...facts, tablePrefix: reported };
}
