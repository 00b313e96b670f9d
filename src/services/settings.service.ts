import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';

export interface SettingsStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

/** What the sidecar keeps of the pushed settings: only what it uses. */
export interface SiteSettings {
  language?: string;
  /** Where-to-watch region pushed by the plugin (two capital letters). */
  watchRegion?: string;
  hasTmdbKey: boolean;
}

/** What the sidecar knows apart from the pushed settings. */
export interface SettingsOptions {
  /** WATCH_REGION: the region until the plugin pushes one. */
  watchRegion?: string;
  /** TMU_COLUMN_FORMAT, told to the plugin in the answer to a push (its edit boxes write the same bytes). */
  columnFormat?: 'php' | 'json';
  /** How long a process trusts the region it read (a push reaches one process; the others read it again). */
  regionTtlMs?: number;
  now?: () => number;
}

/**
 * What the sidecar uses of the plugin's push (`settings.updated`); every field optional. The push
 * also carries auto_sync and sync_*: the plugin applies those itself, so they are accepted and dropped.
 */
export interface SettingsUpdate {
  tmdb_api_key?: string;
  language?: string;
  watch_region?: string;
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
    const [iv, tag, body] = sealed
      .slice(SEALED.length)
      .split(':')
      .map((part) => Buffer.from(part, 'base64'));
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
    private readonly options: SettingsOptions = {},
  ) {}

  private region: { value: string; at: number } | null = null;

  /** The column format the plugin's edit boxes must write (TMU_COLUMN_FORMAT). */
  get columnFormat(): 'php' | 'json' {
    return this.options.columnFormat ?? 'php';
  }

  /** The where-to-watch region: the plugin's, else WATCH_REGION, else US; read again after regionTtlMs. */
  async watchRegion(): Promise<string> {
    const now = (this.options.now ?? Date.now)();
    if (this.region && now - this.region.at < (this.options.regionTtlMs ?? 30_000)) return this.region.value;
    const value = (await this.load()).watchRegion ?? this.options.watchRegion ?? 'US';
    this.region = { value, at: now };
    return value;
  }

  async apply(update: SettingsUpdate): Promise<string[]> {
    const current = await this.load();
    const applied: string[] = [];
    const next: SiteSettings = { ...current };
    if (update.language !== undefined) {
      next.language = update.language;
      this.onLanguage(update.language);
      applied.push('language');
    }
    if (update.watch_region !== undefined) {
      next.watchRegion = update.watch_region;
      this.region = null;
      applied.push('watch_region');
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
    if (!raw) return { hasTmdbKey: false };
    // Picked field by field: what an earlier version stored beside them (autoSync, defaults) is dropped.
    const { language, watchRegion, hasTmdbKey } = JSON.parse(raw) as Partial<SiteSettings>;
    return { hasTmdbKey: hasTmdbKey === true, ...(language ? { language } : {}), ...(watchRegion ? { watchRegion } : {}) };
  }
}
