import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';
import { WordPressError } from '../../errors';
import type { ObjectRunner } from '../../domain/object-runner';
import type { ImageInput, ImageUploader, TermInput, Taxonomy } from '../../domain/content-store';
import type { WordPressClient } from './wordpress.client';
import { existingTermId, WordPressWriter } from './wordpress-writer';
import { WordPressMediaUploads } from './wordpress-media-uploads';
import type { ResolveAnswer, ResolveQuery } from './wordpress.types';
import { ResolveCoalescer } from './resolve-coalescer';
import { SingleFlight } from './single-flight';
import { PriorityScope } from './request-priority';

/** Most keys one `tmu/v1/resolve` request carries (the plugin's limit). */
export const RESOLVE_CHUNK = 1000;

/** Merged look-ups in flight at once. */
const RESOLVE_IN_FLIGHT = 2;

/** Connections kept for the requests that go out on their own (a post read, a term, the credentials check). */
const UNSHARED_SOCKETS = 8;

/**
 * Connections the WordPress client may hold: every shared queue's requests in flight at once (batches,
 * look-ups, media uploads) and room for the requests made on their own. At 8, the queues' own 8 filled
 * them, and a request waited for a socket for 1.5 s on average in a 500-title import.
 */
export function wordPressSockets(batchConcurrency: number, uploadConcurrency: number): number {
  return batchConcurrency + RESOLVE_IN_FLIGHT + uploadConcurrency + UNSHARED_SOCKETS;
}

/**
 * What every sync of this process shares about one WordPress: term and
 * attachment ids (stable once made), the batch writer, merged look-ups, and
 * one create per key. Against a plugin whose keyed creates are idempotent
 * (`idempotent_creates` in its host report) a create only joins another sync's
 * create of the same key; against an older plugin creates are serialized per
 * key, in this process and (with `crossProcess`, the database's object locks)
 * across sidecars.
 */
export class WordPressSiteState {
  readonly writer: WordPressWriter;
  /** Image uploads: batched through the plugin's media route when it has one. */
  readonly media: WordPressMediaUploads;
  private readonly termIds = new Map<string, number>();
  private readonly attachmentIds = new Map<string, number>();
  private readonly pending = new Map<string, Promise<unknown>>();
  /** The keys the running `once` holds, seen by everything it calls (so that a nested `once` on them runs at once). */
  private readonly held = new AsyncLocalStorage<{ keys: Set<string>; released: boolean }>();
  /** Creates running in this process, by `post:type:key`, `term:taxonomy:slug` or `media:path`. */
  readonly flights = new SingleFlight();
  /** Whether requests made now carry a page going live (they go first in the shared queues). */
  readonly priority = new PriorityScope();
  private readonly resolver: ResolveCoalescer;
  /** Terms and TMDb paths the latest look-up did not find (`term:taxonomy:slug`, `media:path`): made without asking again. */
  private readonly absent = new Set<string>();
  /** The plugin's features, from the latest host report; null before the first. */
  private features: string[] | null = null;

  constructor(
    readonly wp: WordPressClient,
    readonly logger: Logger,
    private readonly crossProcess?: ObjectRunner,
    batchConcurrency = 1,
    uploadConcurrency = 4,
  ) {
    this.writer = new WordPressWriter(wp, logger, batchConcurrency, { priority: () => this.priority.current() });
    this.media = new WordPressMediaUploads(wp, logger, uploadConcurrency, () => this.priority.current());
    // Two look-ups in flight: a title's first step does not wait a whole look-up behind another one.
    this.resolver = new ResolveCoalescer((query) => this.send(query), { chunk: RESOLVE_CHUNK, maxInFlight: RESOLVE_IN_FLIGHT });
  }

  /** Look-ups of concurrent syncs share a request (see ResolveCoalescer); the answer holds what this query asked. */
  resolve(query: ResolveQuery): Promise<ResolveAnswer> {
    return this.resolver.resolve(query);
  }

  /**
   * Whether the plugin's latest host report lists `idempotent_creates`. Before any look-up answered
   * (a sync looks up before it creates) the answer is no: the locked way is right for every plugin.
   */
  idempotentCreates(): boolean {
    return this.features?.includes('idempotent_creates') ?? false;
  }

  /** One merged request; term and media answers fill the shared caches. */
  private async send(query: ResolveQuery): Promise<ResolveAnswer> {
    const answer = await this.wp.resolve(query);
    // An answer without `features` is an older plugin's: creates stay serialized.
    this.features = Array.isArray(answer.host?.features) ? answer.host.features : [];
    // The first resolve of a sync comes before its writes: batches are sized to the host from it.
    this.writer.learnHost(answer.host);
    this.media.learnHost(answer.host);
    for (const [taxonomy, slugs] of Object.entries(answer.terms ?? {})) {
      for (const [slug, id] of Object.entries(slugs)) this.termIds.set(`${taxonomy}:${slug}`, Number(id));
    }
    for (const [filePath, id] of Object.entries(answer.media ?? {})) this.attachmentIds.set(filePath, Number(id));
    for (const group of query.terms ?? []) for (const slug of group.slugs) this.noteAbsent(`term:${group.taxonomy}:${slug}`, this.termIds.has(`${group.taxonomy}:${slug}`));
    for (const filePath of query.media ?? []) this.noteAbsent(`media:${filePath}`, this.attachmentIds.has(filePath));
    return answer;
  }

  private noteAbsent(key: string, found: boolean): void {
    if (found) this.absent.delete(key);
    else this.absent.add(key);
  }

  /** Not known, not found by the latest look-up and not being made: worth a look-up. */
  private unlookedUp(key: string): boolean {
    return !this.absent.has(key) && !this.flights.isRunning(key);
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
   * Looks up the TMDb paths not known yet in one request, then runs fn with an uploader for them.
   * Against an idempotent plugin an upload only joins another sync's upload of the same path;
   * against an older one other syncs are held off these paths (here and, with crossProcess, in other sidecars).
   */
  async guardMedia<T>(filePaths: string[], fn: (upload: ImageUploader) => Promise<T>): Promise<T> {
    if (this.idempotentCreates()) {
      const unknown = [...new Set(filePaths)].filter((p) => this.attachmentId(p) === undefined && this.unlookedUp(`media:${p}`));
      for (let i = 0; i < unknown.length; i += RESOLVE_CHUNK) await this.resolve({ media: unknown.slice(i, i + RESOLVE_CHUNK) });
      return fn(async (postId, image) => {
        const key = `media:${image.filePath}`;
        const made = await this.flights.run([key], async () => new Map([[key, await this.uploadGuarded(postId, image)]]));
        return made.get(key)!.value;
      });
    }
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
    if (this.idempotentCreates()) return this.ensureTermsShared(unknown);
    await this.once(
      unknown.map((t) => `term:${t.taxonomy}`),
      async () => {
        await this.resolve({ terms: groupSlugs(unknown.filter((t) => this.termId(t) === undefined)) });
        const missing = unknown.filter((t) => this.termId(t) === undefined);
        const answers = await this.writer.writeAll(missing.map((t) => ({ method: 'POST' as const, path: `/wp/v2/${t.taxonomy}`, body: { name: t.name, slug: t.slug } })));
        missing.forEach((term, i) => {
          // Created meanwhile by someone else: WordPress answers term_exists with the id.
          const id = existingTermId(answers[i]) ?? (answers[i].body as { id?: number } | null)?.id;
          if (typeof id !== 'number') throw new WordPressError(`WordPress did not create the ${term.taxonomy} term ${term.slug}`, { status: 502 });
          this.termIds.set(`${term.taxonomy}:${term.slug}`, id);
        });
      },
    );
  }

  /**
   * Terms with no lock per taxonomy: those a look-up did not just answer are looked up, the missing
   * ones created once per slug in the process (a create that lost a race answers term_exists with the id).
   */
  private async ensureTermsShared(unknown: TermInput[]): Promise<void> {
    const lookup = unknown.filter((t) => this.unlookedUp(`term:${t.taxonomy}:${t.slug}`));
    if (lookup.length > 0) await this.resolve({ terms: groupSlugs(lookup) });
    const missing = new Map(unknown.filter((t) => this.termId(t) === undefined).map((t) => [`term:${t.taxonomy}:${t.slug}`, t]));
    await this.flights.run([...missing.keys()], async (claimed) => {
      const terms = claimed.map((key) => missing.get(key)!);
      const { answers } = await this.writer.settleAll(
        terms.map((t) => ({ method: 'POST' as const, path: `/wp/v2/${t.taxonomy}`, body: { name: t.name, slug: t.slug, _fields: 'id' } })),
      );
      return new Map<string, number | WordPressError>(
        terms.map((term, i): [string, number | WordPressError] => {
          const id = existingTermId(answers[i]) ?? (answers[i].body as { id?: number } | null)?.id;
          if (typeof id !== 'number') return [claimed[i], new WordPressError(`WordPress did not create the ${term.taxonomy} term ${term.slug}`, { status: 502 })];
          this.termIds.set(`${term.taxonomy}:${term.slug}`, id);
          this.absent.delete(claimed[i]);
          return [claimed[i], id];
        }),
      );
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
    // Keys the calling run already holds (a guard within a guard on the same paths) are not waited
    // for again: waiting on itself would never end.
    const active = this.held.getStore();
    const holding = active && !active.released ? active.keys : new Set<string>();
    const unique = [...new Set(keys)].filter((k) => !holding.has(k)).sort();
    if (unique.length === 0) return fn();
    const scope = { keys: new Set([...holding, ...unique]), released: false };
    const run = () =>
      this.held.run(scope, fn).finally(() => {
        scope.released = true;
      });
    const previous = Promise.all(unique.map((k) => (this.pending.get(k) ?? Promise.resolve()).catch(() => undefined)));
    const locked = this.crossProcess ? nestLocks(this.crossProcess, unique, run) : run;
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
