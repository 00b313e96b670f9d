/**
 * Where to watch: TMDb's watch providers of one region, as the `streaming_platforms` list
 * the plugin's box edits and its blocks show: `[{name, url}]`. TMDb lists a provider once per
 * way to watch (stream, free, with ads, rent, buy); each provider is kept once, at its first
 * way in that order, then by TMDb's display priority. TMDb gives one link per region (its
 * watch page for the title), so every entry carries it; an editor may put a provider's own link.
 * Names arrive encoded as TMDb text (tmdb-text.mapper.ts) and stay text.
 */
import type { TmdbWatchProviders, TmdbWatchRegion } from '../clients/tmdb/tmdb.schema';
import type { ColumnCodec } from './mapping.types';
import { decodeHtmlText, webLink } from './tmdb-text.mapper';

export interface WatchLink {
  name: string;
  url: string | null;
}

/** The region when the site sets none. */
export const DEFAULT_WATCH_REGION = 'US';

/** The ways to watch, most direct first. */
const WAYS = ['flatrate', 'free', 'ads', 'rent', 'buy'] as const;

/** The region's providers; undefined when the answer had no watch/providers block (the column is then left alone). */
export function mapWatchProviders(providers: TmdbWatchProviders | undefined, region: string): WatchLink[] | undefined {
  if (!providers) return undefined;
  const entry: TmdbWatchRegion | undefined = providers.results[region];
  if (!entry) return [];
  // The link is TMDb text too (encoded): check it as the plain URL, store it encoded once.
  const url = webLink(decodeHtmlText(entry.link ?? ''));
  const seen = new Set<string>();
  const out: WatchLink[] = [];
  for (const way of WAYS) {
    const listed = [...(entry[way] ?? [])].sort((a, b) => Number(a.display_priority ?? 0) - Number(b.display_priority ?? 0));
    for (const provider of listed) {
      const name = provider.provider_name?.trim();
      if (!name) continue;
      const key = provider.provider_id !== null && provider.provider_id !== undefined ? `#${provider.provider_id}` : name;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ name, url });
    }
  }
  return out;
}

/** The `streaming_platforms` column for a title row, or nothing when TMDb's answer had no watch providers. */
export function watchProvidersColumn(providers: TmdbWatchProviders | undefined, region: string, codec: ColumnCodec): { streaming_platforms?: string } {
  const links = mapWatchProviders(providers, region);
  return links === undefined ? {} : { streaming_platforms: codec.encode(links) };
}
