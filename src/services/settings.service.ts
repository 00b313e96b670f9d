import type { SettingsUpdate } from '../http/webhook-events';
import type { SyncOptions } from './sync/sync.types';

export interface SettingsStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

export interface SiteSettings {
  autoSync: boolean;
  defaults: Pick<SyncOptions, 'images' | 'videos' | 'credits'> & { seasons: boolean };
  language?: string;
  hasTmdbKey: boolean;
}

const KEY = 'wordpress_settings';
const KEY_TMDB = 'wordpress_tmdb_api_key';

/**
 * Settings pushed by the plugin (`settings.updated`). Environment variables win:
 * a pushed TMDb key is only used when TMDB_API_KEY/TMDB_ACCESS_TOKEN are unset.
 */
export class SettingsService {
  constructor(
    private readonly store: SettingsStore,
    private readonly onTmdbKey: (key: string) => void,
    private readonly envHasTmdbKey: boolean,
    /** Applies the pushed Language to TMDb requests (the client keeps TMDB_LANGUAGE when set). */
    private readonly onLanguage: (language: string) => void = () => undefined,
  ) {}

  async apply(update: SettingsUpdate): Promise<string[]> {
    const current = await this.load();
    const applied: string[] = [];
    const next: SiteSettings = { ...current, defaults: { ...current.defaults } };
    if (update.auto_sync !== undefined) (next.autoSync = update.auto_sync), applied.push('auto_sync');
    if (update.sync_images !== undefined) (next.defaults.images = update.sync_images), applied.push('sync_images');
    if (update.sync_videos !== undefined) (next.defaults.videos = update.sync_videos), applied.push('sync_videos');
    if (update.sync_credits !== undefined) (next.defaults.credits = update.sync_credits), applied.push('sync_credits');
    if (update.sync_seasons !== undefined) (next.defaults.seasons = update.sync_seasons), applied.push('sync_seasons');
    if (update.language !== undefined) {
      next.language = update.language;
      this.onLanguage(update.language);
      applied.push('language');
    }
    if (update.tmdb_api_key) {
      if (!this.envHasTmdbKey) {
        this.onTmdbKey(update.tmdb_api_key);
        // Same database (and trust) as WordPress's own copy in wp_options; kept so a restart still has it.
        await this.store.set(KEY_TMDB, update.tmdb_api_key);
        next.hasTmdbKey = true;
        applied.push('tmdb_api_key');
      }
    }
    await this.store.set(KEY, JSON.stringify(next));
    return applied;
  }

  /** At start: the pushed Language, and a key pushed earlier when the environment has none, are used again. */
  async restore(): Promise<void> {
    const { language } = await this.load();
    if (language) this.onLanguage(language);
    if (this.envHasTmdbKey) return;
    const key = await this.store.get(KEY_TMDB);
    if (key) this.onTmdbKey(key);
  }

  async load(): Promise<SiteSettings> {
    const raw = await this.store.get(KEY);
    const defaults: SiteSettings = { autoSync: false, defaults: { images: true, videos: true, credits: true, seasons: true }, hasTmdbKey: false };
    if (!raw) return defaults;
    const parsed = JSON.parse(raw) as Partial<SiteSettings>;
    return { ...defaults, ...parsed, defaults: { ...defaults.defaults, ...parsed.defaults } };
  }
}
