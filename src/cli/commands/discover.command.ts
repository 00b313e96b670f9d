import { describePick } from '../../jobs/handlers/discover.handler';
import type { AppContainer } from '../../main';
import { DISCOVER_KINDS, DiscoverKind } from '../../services/discovery/discovery.schema';
import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT } from '../../services/discovery/list.service';
import { CliIo, UsageError } from '../cli-io';
import { parseCommandArgs, parseInteger } from '../cli-args';

export interface DiscoverCommand {
  keyword: string;
  type: DiscoverKind;
  limit?: number;
  random: boolean;
  list: boolean;
  /** --list only: status of the posts the list creates (draft unless told). */
  status?: 'draft' | 'publish';
}

export function parseDiscoverArgs(args: string[]): DiscoverCommand {
  const { values, positionals } = parseCommandArgs({
    args,
    allowPositionals: true,
    options: {
      keyword: { type: 'string' },
      limit: { type: 'string' },
      type: { type: 'string', default: 'movie' },
      random: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      status: { type: 'string' },
    },
  });
  if (positionals.length) throw new UsageError(`discover takes no positional arguments (got "${positionals.join(' ')}"); use --keyword`);
  const keyword = values.keyword?.trim();
  if (!keyword) throw new UsageError('discover needs --keyword NAME');
  const type = values.type as DiscoverKind;
  if (!DISCOVER_KINDS.includes(type)) throw new UsageError(`--type must be one of ${DISCOVER_KINDS.join('|')}`);
  let limit: number | undefined;
  if (values.limit !== undefined) {
    limit = parseInteger(values.limit, '--limit', 1, MAX_LIST_LIMIT);
  }
  if (values.random && values.list) throw new UsageError('--random and --list do not go together');
  const status = values.status;
  if (status !== undefined && status !== 'draft' && status !== 'publish') throw new UsageError('--status must be draft or publish');
  if (status !== undefined && !values.list) throw new UsageError('--status goes with --list');
  return { keyword, type, limit, random: values.random ?? false, list: values.list ?? false, ...(status ? { status } : {}) };
}

/**
 * `tmu-sidecar discover --keyword NAME [--limit N] [--random] [--type movie|tv] [--list [--status draft|publish]]`:
 * sync up to N titles with the keyword, one random title, or refresh (creating it if needed) the keyword's curated list.
 */
export async function runDiscover(app: AppContainer, cmd: DiscoverCommand, io: CliIo): Promise<void> {
  const { discovery, keywords, lists, random } = app.discovery;
  if (cmd.random) {
    io.out(describePick(await random.pick({ keyword: cmd.keyword, type: cmd.type })));
    return;
  }
  if (cmd.list) {
    const list = await lists.findOrCreate(cmd.keyword, cmd.type, cmd.limit, cmd.status);
    const outcome = await lists.refresh(list.id);
    const { plan } = outcome;
    io.out(`list ${outcome.list.slug} (#${outcome.list.id}): ${outcome.items.length} items, kept ${plan.kept}, added ${plan.added}, removed ${plan.removed}`);
    for (const [i, item] of outcome.items.entries()) io.out(`${i + 1}\t${item.mediaType}\t${item.tmdbId}\tpost ${item.postId}`);
    for (const e of outcome.discovery.errors) io.err(`skipped ${e.tmdbId}: ${e.message}`);
    io.out(`shortcode: [tmu_list slug="${outcome.list.slug}"]`);
    return;
  }
  const resolved = await keywords.resolveExpression(cmd.keyword);
  const found = await discovery.discover({ kind: cmd.type, withKeywords: resolved.withKeywords, limit: cmd.limit ?? DEFAULT_LIST_LIMIT });
  const names = resolved.keywords.map((k) => `${k.name} (${k.tmdbKeywordId})`).join(', ');
  io.out(`keyword ${names}: ${found.items.length} ${cmd.type} titles from ${found.pagesRead} of ${found.totalPages} page(s)`);
  for (const t of found.items) io.out(`${t.mediaType}\t${t.tmdbId}\tpost ${t.postId}\t${t.title}${t.synced ? '' : '\t(already in the library)'}`);
  for (const e of found.errors) io.err(`skipped ${e.tmdbId}: ${e.message}`);
}
