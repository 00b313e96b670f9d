import type { HostLimits } from '../../domain/batch-size-policy';
import { tablePrefixMismatch } from './wordpress-credentials';
import { hostLimits } from './wordpress-writer';
import type { ResolveAnswer, ResolveQuery } from './wordpress.types';

interface SiteClient<T> {
  checkCredentials(): Promise<T>;
  resolve(query: ResolveQuery): Promise<ResolveAnswer>;
}

/**
 * The credentials check, then TABLE_PREFIX against the `$wpdb->prefix` the plugin reports: rows
 * under another prefix land in tables no template reads. TablePrefixError when they differ.
 * `host` is the PHP limits the plugin reports (null from older plugins).
 */
export async function checkSite<T extends object>(wp: SiteClient<T>, tablePrefix: string): Promise<T & { tablePrefix?: string; host: HostLimits | null }> {
  const facts = await wp.checkCredentials();
  const answer = await wp.resolve({});
  const mismatch = tablePrefixMismatch(tablePrefix, answer.table_prefix);
  if (mismatch) throw mismatch;
  return { ...facts, tablePrefix: answer.table_prefix, host: hostLimits(answer.host) };
}

/** The host's limits in one line for doctor: what batches are sized by. */
export function describeHostLimits(host: HostLimits | null): string {
  if (!host) return 'the plugin reports no PHP limits (update it to size batches to max_execution_time)';
  const time = host.maxExecutionSeconds > 0 ? `${host.maxExecutionSeconds} s` : 'none';
  const memory = host.memoryLimitBytes < 0 ? 'none' : `${Math.round(host.memoryLimitBytes / (1024 * 1024))} MB`;
  const batch = host.batchLimit > 0 ? `${host.batchLimit} writes` : 'not reported';
  return `PHP max_execution_time ${time}, memory_limit ${memory}, batch limit ${batch}`;
}
