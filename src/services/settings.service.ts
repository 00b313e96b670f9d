import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
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

/** What the plugin's settings page pushes (`settings.updated`); every field optional. */
export interface SettingsUpdate {
  tmdb_api_key?: string;
  auto_sync?: boolean;
  sync_images?: boolean;
  sync_videos?: boolean;
  sync_credits?: boolean;
  sync_seasons?: boolean;
  language?: string;
}

const KEY = 'wordpress_settings';
const KEY_TMDB = 'wordpress_tmdb_api_key';
const SEALED = 'enc:v1:';

/**
 * AES-256-GCM with a key derived (HKDF-SHA256) from the webhook secret: a
 * database dump alone does not reveal the TMDb key. Changing the secret makes
 * a stored key unreadable; the plugin pushes it again with its next save.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(webhookSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', webhookSecret, 'tmu-sidecar', 'tmdb api key at rest', 32));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${SEALED}${[iv, cipher.getAuthTag(), body].map((b) => b.toString('base64')).join(':')}`;
  }

  /** null when the value was sealed with another secret or was altered. */
  open(sealed: string): string | null {
    const [iv, tag, body] = sealed.slice(SEALED.length).split(':').map((part) => Buffer.from(part, 'base64'));
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}

/**
 * Settings pushed by the plugin (`settings.updated`). Environment variables win:
 * a pushed TMDb key is only used when TMDB_API_KEY/TMDB_ACCESS_TOKEN are unset.
 */
export class SettingsService {
  constructor(
    private readonly store: SettingsStore,
    private readonly onTmdbKey: (key: string) => void,
    private readonly envHasTmdbKey: boolean,
    /** Seals the pushed TMDb key; without a webhook secret (no `serve`) a pushed key is never stored. */
    private readonly box: SecretBox | null = null,
    private readonly logger?: Logger,
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
        // Sealed, so a restart still has it but a copy of the database does not.
        if (this.box) await this.store.set(KEY_TMDB, this.box.seal(update.tmdb_api_key));
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
    const stored = await this.store.get(KEY_TMDB);
    if (!stored || !this.box) return;
    if (!stored.startsWith(SEALED)) {
      // Stored in plain text by an earlier version: use it and seal it now.
      this.onTmdbKey(stored);
      await this.store.set(KEY_TMDB, this.box.seal(stored));
      return;
    }
    const key = this.box.open(stored);
    if (key) this.onTmdbKey(key);
    else this.logger?.warn('the stored TMDb key was sealed with another webhook secret; save the plugin settings again to push it');
  }

  async load(): Promise<SiteSettings> {
    const raw = await this.store.get(KEY);
    const defaults: SiteSettings = { autoSync: false, defaults: { images: true, videos: true, credits: true, seasons: true }, hasTmdbKey: false };
    if (!raw) return defaults;
    const parsed = JSON.parse(raw) as Partial<SiteSettings>;
    return { ...defaults, ...parsed, defaults: { ...defaults.defaults, ...parsed.defaults } };
  }
}
