import { parseArgs } from 'node:util';
import type { SearchType } from '../../clients/tmdb/tmdb.schema';
import type { AppContainer } from '../../main';
import { normalizeSearchResults } from '../../mappers/search.mapper';
import { CliIo, UsageError } from '../cli-io';

const SEARCH_TYPES: SearchType[] = ['movie', 'tv', 'person', 'multi'];

export async function runSearch(app: AppContainer, args: string[], io: CliIo): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { type: { type: 'string', default: 'multi' } },
  });
  const query = positionals.join(' ').trim();
  if (!query) throw new UsageError('search needs a query');
  const type = values.type as SearchType;
  if (!SEARCH_TYPES.includes(type)) throw new UsageError(`--type must be one of ${SEARCH_TYPES.join('|')}`);
  const page = await app.tmdb.search(query, type);
  const results = normalizeSearchResults(page.results, type, app.config.tmdb.imageBaseUrl);
  if (results.length === 0) io.out(`no results for "${query}"`);
  for (const r of results) io.out(`${r.type}\t${r.tmdb_id}\t${r.title}${r.year ? ` (${r.year})` : ''}`);
}
