/** Where the TMDb key in use comes from: the environment wins over a key pushed from the settings page. */
export type TmdbKeySource = 'environment' | 'settings' | 'none';

/** `envHasKey`: TMDB_API_KEY / TMDB_ACCESS_TOKEN set; `inUse`: requests carry a key (either one). */
export function tmdbKeySource(envHasKey: boolean, inUse: boolean): TmdbKeySource {
  if (envHasKey) return 'environment';
  return inUse ? 'settings' : 'none';
}

/** The sentence `doctor` and the logs use for a source. */
export function describeKeySource(source: TmdbKeySource): string {
  if (source === 'environment') return 'the key from the environment (TMDB_API_KEY or TMDB_ACCESS_TOKEN)';
  if (source === 'settings') return "the key saved on the plugin's settings page";
  return 'no key';
}
