import type { Logger } from 'pino';
import { WordPressError } from '../../errors';
import type { ObjectRunner } from '../../domain/object-runner';
import type { ImageInput, ImageUploader, TermInput, Taxonomy } from '../../domain/content-store';
import type { WordPressClient } from './wordpress.client';
import { existingTermId, WordPressWriter } from './wordpress-writer';
import { WordPressMediaUploads } from './wordpress-media-uploads';
import type { ResolveAnswer, ResolveQuery } from './wordpress.types';

/** Most keys one `tmu/v1/resolve` request carries (the plugin's limit). */
export const RESOLVE_CHUNK = 1000;

/**
 * What every sync of this process shares about one WordPress: term and
 * attachment ids (stable once made), the batch writer, and the per-key
 * serialization of creates, in this process and (with `crossProcess`, the
 * database's object locks) across sidecars.
 */
export class WordPressObjects {
  readonly writer: WordPressWriter;
  /** Image uploads: batched through the plugin's media route when it has one. */
  readonly media: WordPressMediaUploads;
  private readonly termIds = new Map<string, number>();
  private readonly attachmentIds = new Map<string, number>();
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(
    readonly wp: WordPressClient,
    readonly logger: Logger,
    private readonly crossProcess?: ObjectRunner,
    batchConcurrency = 1,
    uploadConcurrency = 4,
  ) {
    this.writer = new WordPressWriter(wp, logger, batchConcurrency);
    this.media = new WordPressMediaUploads(wp, logger, uploadConcurrency);
  }

  /** One resolve request per RESOLVE_CHUNK keys; term and media answers fill the shared caches. */
  async resolve(query: ResolveQuery): Promise<ResolveAnswer> {
    const answer = await this.wp.resolve(query);
    // The first resolve of a sync comes before its writes: batches are sized to the host from it.
    this.writer.learnHost(answer.host);
    this.media.learnHost(answer.host);
    for (const [taxonomy, slugs] of Object.entries(answer.terms ?? {})) {
      for (const [slug, id] of Object.entries(slugs)) this.termIds.set(`${taxonomy}:${slug}`, Number(id));
    }
    for (const [filePath, id] of Object.entries(answer.media ?? {})) this.attachmentIds.set(filePath, Number(id));
    return answer;
  }

  termId(term: TermInput): number | undefined {
    return this.termIds.get(`${term.taxonomy}:${term.slug}`);
  }

  attachmentId(filePath: string): number | undefined {
    return this.attachmentIds.get(filePath);
  }

  rememberAttachment(filePath: string, id: number): void {
    this.attachmentIds.set(filePath, id);
  }

  /**
   * Holds off other syncs from these TMDb paths (here and, with crossProcess, in other sidecars),
   * looks up those not known yet in one request, then runs fn with an uploader for them.
   */
  guardMedia<T>(filePaths: string[], fn: (upload: ImageUploader) => Promise<T>): Promise<T> {
    return this.once(
      filePaths.map((p) => `media:${p}`),
      async () => {
        const unknown = [...new Set(filePaths)].filter((p) => this.attachmentId(p) === undefined);
        for (let i = 0; i < unknown.length; i += RESOLVE_CHUNK) await this.resolve({ media: unknown.slice(i, i + RESOLVE_CHUNK) });
        return fn((postId, image) => this.uploadGuarded(postId, image));
      },
    );
  }

  /** An upload of a path the caller guards and has looked up: an attachment found then is reused. */
  private async uploadGuarded(postId: number, image: ImageInput): Promise<number> {
    const known = this.attachmentId(image.filePath);
    if (known !== undefined) return known;
    const id = await this.media.upload(postId, image);
    this.rememberAttachment(image.filePath, id);
    return id;
  }

  /** Finds the terms not known yet in one request, creates the missing ones in one batch. */
  async ensureTerms(terms: TermInput[]): Promise<void> {
    const unknown = uniqueTerms(terms).filter((t) => this.termId(t) === undefined);
    if (unknown.length === 0) return;
    await this.once(unknown.map((t) => `term:${t.taxonomy}`), async () => {
      await this.resolve({ terms: groupSlugs(unknown.filter((t) => this.termId(t) === undefined)) });
      const missing = unknown.filter((t) => this.termId(t) === undefined);
      const answers = await this.writer.writeAll(
        missing.map((t) => ({ method: 'POST' as const, path: `/wp/v2/${t.taxonomy}`, body: { name: t.name, slug: t.slug } })),
      );
      missing.forEach((term, i) => {
        // Created meanwhile by someone else: WordPress answers term_exists with the id.
        const id = existingTermId(answers[i]) ?? (answers[i].body as { id?: number } | null)?.id;
        if (typeof id !== 'number') throw new WordPressError(`WordPress did not create the ${term.taxonomy} term ${term.slug}`, { status: 502 });
        this.termIds.set(`${term.taxonomy}:${term.slug}`, id);
      });
    });
  }

  /** Term ids in input order (call ensureTerms first). */
  termIdsOf(terms: TermInput[]): number[] {
    const ids = uniqueTerms(terms).map((t) => this.termId(t));
    if (ids.some((id) => id === undefined)) throw new WordPressError('a term was not created', { status: 500 });
    return ids as number[];
  }

  /**
   * Runs `fn` once at a time per key: in this process (chained promises), and
   * across processes when crossProcess is set (one database lock per key, taken in order).
   */
  once<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
    const unique = [...new Set(keys)].sort();
    const previous = Promise.all(unique.map((k) => (this.pending.get(k) ?? Promise.resolve()).catch(() => undefined)));
    const locked = this.crossProcess ? nestLocks(this.crossProcess, unique, fn) : fn;
    const next = previous.then(locked);
    for (const key of unique) this.pending.set(key, next);
    void next
      .finally(() => {
        for (const key of unique) if (this.pending.get(key) === next) this.pending.delete(key);
      })
      .catch(() => undefined);
    return next;
  }
}

function nestLocks<T>(runner: ObjectRunner, keys: string[], fn: () => Promise<T>): () => Promise<T> {
  return keys.reduceRight<() => Promise<T>>((inner, key) => () => runner.run(`wp:${key}`, inner), fn);
}

function uniqueTerms(terms: TermInput[]): TermInput[] {
  return [...new Map(terms.filter((t) => t.slug).map((t) => [`${t.taxonomy}:${t.slug}`, t])).values()];
}

function groupSlugs(terms: TermInput[]): Array<{ taxonomy: Taxonomy; slugs: string[] }> {
  const groups = new Map<Taxonomy, string[]>();
  for (const t of terms) groups.set(t.taxonomy, [...(groups.get(t.taxonomy) ?? []), t.slug]);
  return [...groups].map(([taxonomy, slugs]) => ({ taxonomy, slugs }));
}
