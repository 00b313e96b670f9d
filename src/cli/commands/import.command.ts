import type { ImportPayload } from '../../domain/job-payloads';
import { jobInput } from '../../domain/job-registry';
import type { AppContainer } from '../../main';
import { BROWSE_SOURCES, BrowseQuery, browseQuerySchema, BrowseSource } from '../../services/import/browse.schema';
import { MAX_IMPORT_ITEMS } from '../../domain/sync';
import { parseTmdbReferences } from '../../services/import/tmdb-references';
import { CliIo, EXIT, UsageError } from '../cli-io';
import { parseCommandArgs, parseInteger } from '../cli-args';
import { runJobInForeground } from './bulk.command';

export interface ImportArgs {
  /** Pages 1..pages of this source (every source but ids). */
  query: BrowseQuery;
  pages: number;
  type: 'movie' | 'tv' | 'drama';
  status: 'draft' | 'publish';
  resync: boolean;
  options: NonNullable<ImportPayload['options']>;
}

const MAX_PAGES = 25;

export function parseImportArgs(args: string[]): ImportArgs {
  const { positionals, values } = parseCommandArgs({
    args,
    allowPositionals: true,
    options: {
      source: { type: 'string' },
      type: { type: 'string', default: 'movie' },
      pages: { type: 'string', default: '1' },
      query: { type: 'string' },
      year: { type: 'string' },
      genre: { type: 'string' },
      keyword: { type: 'string' },
      status: { type: 'string', default: 'publish' },
      resync: { type: 'boolean' },
      'no-images': { type: 'boolean' },
      'no-videos': { type: 'boolean' },
      'no-credits': { type: 'boolean' },
    },
  });
  const source = (values.source ?? (positionals.length > 0 ? 'ids' : undefined)) as BrowseSource | undefined;
  if (!source || !BROWSE_SOURCES.includes(source)) throw new UsageError(`--source must be one of ${BROWSE_SOURCES.join('|')}`);
  if (source === 'ids' && positionals.length === 0) throw new UsageError('--source ids needs ids: TMDb ids, TMDb URLs or IMDb ids');
  if (source !== 'ids' && positionals.length > 0) throw new UsageError(`ids are only read with --source ids, got ${positionals.join(' ')}`);
  if (source === 'ids' && parseTmdbReferences(positionals.join(' '), 'movie').every((ref) => ref.kind === 'invalid')) {
    throw new UsageError(`nothing valid to import: TMDb ids are positive integers, URLs are TMDb's, IMDb ids look like tt0137523; got ${positionals.join(' ')}`);
  }
  if (!['movie', 'tv', 'drama'].includes(values.type)) throw new UsageError(`--type must be movie|tv|drama, got ${values.type}`);
  if (!['draft', 'publish'].includes(values.status)) throw new UsageError(`--status must be draft|publish, got ${values.status}`);
  const pages = parseInteger(values.pages, '--pages', 1, MAX_PAGES);
  if (values.year !== undefined) parseInteger(values.year, '--year', 1874, 2100);
  const parsed = browseQuerySchema.safeParse({
    source,
    type: values.type,
    query: values.query,
    year: values.year,
    genre: values.genre,
    keyword: values.keyword,
    ids: positionals.join(' ') || undefined,
  });
  if (!parsed.success) throw new UsageError(`--${String(parsed.error.issues[0].path[0])}: ${parsed.error.issues[0].message}`);
  const options: ImportArgs['options'] = {};
  if (values['no-images']) options.images = false;
  if (values['no-videos']) options.videos = false;
  if (values['no-credits']) options.credits = false;
  return {
    query: parsed.data,
    pages,
    type: values.type as ImportArgs['type'],
    status: values.status as ImportArgs['status'],
    resync: Boolean(values.resync),
    options,
  };
}

/** `tmu-sidecar import`: reads the source's pages, queues one import job, runs it here with the progress bar. */
export async function runImport(app: AppContainer, args: ImportArgs, io: CliIo): Promise<number> {
  const items = await collectItems(app, args, io);
  if (items.length === 0) {
    // Pasted ids that all came to nothing are a mistake to report; an empty search page is not.
    if (args.query.source === 'ids') {
      io.err('error: nothing valid to import');
      return EXIT.usage;
    }
    io.out('nothing to import');
    return EXIT.ok;
  }
  const { job } = await app.jobs.enqueue(jobInput('import', { items, status: args.status, resync: args.resync, options: args.options }));
  io.out(`importing ${items.length} titles as ${args.status} (job ${job.id})`);
  return runJobInForeground(app, job.id, 'import', io);
}

async function collectItems(app: AppContainer, args: ImportArgs, io: CliIo): Promise<ImportPayload['items']> {
  const asType = (kind: 'movie' | 'tv'): ImportArgs['type'] => (kind === 'tv' && args.type === 'drama' ? 'drama' : kind);
  const items: ImportPayload['items'] = [];
  if (args.query.source === 'ids') {
    // TMDb ids go straight to the job, which reports an unknown one per item; IMDb ids are resolved first.
    const refs = parseTmdbReferences(args.query.ids ?? '', args.type === 'movie' ? 'movie' : 'tv');
    for (const ref of refs) if (ref.kind === 'tmdb') items.push({ type: asType(ref.type), tmdb_id: ref.tmdbId });
    const others = refs.filter((r) => r.kind !== 'tmdb').map((r) => r.input);
    if (others.length > 0) {
      const page = await app.imports.browse.browse({ ...args.query, ids: others.join(' ') });
      for (const u of page.unresolved ?? []) io.err(`not imported: ${u.input}: ${u.message}`);
      items.push(...page.items.map((i) => ({ type: asType(i.type), tmdb_id: i.tmdb_id })));
    }
    return items.slice(0, MAX_IMPORT_ITEMS);
  }
  for (let page = 1; page <= args.pages && items.length < MAX_IMPORT_ITEMS; page += 1) {
    const answer = await app.imports.browse.browse({ ...args.query, page });
    items.push(...answer.items.map((i) => ({ type: asType(i.type), tmdb_id: i.tmdb_id })));
    if (page >= answer.total_pages) break;
  }
  return items.slice(0, MAX_IMPORT_ITEMS);
}
