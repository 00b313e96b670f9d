import type { Logger } from 'pino';
import { WordPressError } from '../../errors';
import { PriorityLanes, type RequestPriority } from './request-priority';
import type { MediaBatchItem, MediaBatchResult } from './wordpress.types';

/** Most items one request takes when the plugin does not say (its default). */
const DEFAULT_MEDIA_BATCH_LIMIT = 20;
/** Bytes one request carries at most: under PHP's default post_max_size (8M), multipart overhead included. */
const MEDIA_BATCH_BYTES = 6 * 1024 * 1024;

export interface MediaBatchOptions {
  /** How long the first upload waits for others to join its request. */
  windowMs?: number;
  /** Items per request (the plugin's media_batch_limit), read when a request is cut. */
  maxItems: () => number;
  /** Bytes per request (the plugin's media_max_bytes); unset or 0: MEDIA_BATCH_BYTES. */
  maxBytes?: () => number | undefined;
  /** File parts per request (PHP's max_file_uploads, from the plugin); unset or 0: no limit. */
  maxFiles?: () => number | undefined;
  /** Requests in flight at once (IMAGE_UPLOAD_CONCURRENCY). */
  concurrency: number;
  /** The priority of uploads queued now (a page-stage sync's poster goes first); unset: all background, FIFO. */
  priority?: () => RequestPriority;
}

interface Waiting {
  item: MediaBatchItem;
  bytes: number;
  files: number;
  resolve: (answer: UploadAnswer) => void;
  reject: (error: unknown) => void;
}

type Sender = (items: MediaBatchItem[]) => Promise<MediaBatchResult[]>;

export interface UploadAnswer {
  id: number;
  featured: boolean;
}

/**
 * Merges the uploads of every sync of this process into `tmu/v1/media`
 * requests: what arrives within a short window, or while the requests allowed
 * at once are all in flight, goes in one request (up to the item and byte
 * caps), a page-stage sync's uploads first (background ones keep a share of
 * each request). Each caller gets its own item's id or error. A request that fails
 * retryably, or is refused as too large, is sent again as two halves down to
 * single items: the plugin creates each key once, so a repeat finds it.
 */
export class MediaBatcher {
  private readonly queue = new PriorityLanes<Waiting>();
  private timer: NodeJS.Timeout | null = null;
  private inFlight = 0;

  constructor(
    private readonly send: Sender,
    private readonly logger: Logger,
    private readonly options: MediaBatchOptions,
  ) {}

  /** The item's attachment id, and whether the plugin made it its post's featured image (asked with `featured`). */
  upload(item: MediaBatchItem): Promise<UploadAnswer> {
    return new Promise<UploadAnswer>((resolve, reject) => {
      this.queue.push(this.options.priority?.() ?? 'background', { item, bytes: itemBytes(item), files: (item.file ? 1 : 0) + item.sizes.length, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.inFlight >= this.options.concurrency) return; // sent when a request ends
    if (this.queue.length >= this.limit() || this.queuedBytes() >= this.maxBytes() || this.queuedFiles() >= this.maxFiles()) {
      this.flush();
      return;
    }
    this.timer ??= setTimeout(() => this.flush(), this.options.windowMs ?? 20);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.queue.length > 0 && this.inFlight < this.options.concurrency) {
      const chunk = this.take();
      this.inFlight += 1;
      void this.sendChunk(chunk).finally(() => {
        this.inFlight -= 1;
        // What queued meanwhile goes at once: it has waited a request long already.
        if (this.queue.length > 0) this.flush();
      });
    }
  }

  /** The next request's items: at least one, then up to the item, byte and file caps (page items first). */
  private take(): Waiting[] {
    const maxBytes = this.maxBytes();
    const maxFiles = this.maxFiles();
    const fits = (next: Waiting, taken: Waiting[]) => sum(taken, (w) => w.bytes) + next.bytes <= maxBytes && sum(taken, (w) => w.files) + next.files <= maxFiles;
    return this.queue.take(this.limit(), fits);
  }

  private async sendChunk(chunk: Waiting[]): Promise<void> {
    let results: MediaBatchResult[];
    try {
      results = await this.send(chunk.map((w) => w.item));
    } catch (error) {
      if (chunk.length > 1 && splittable(error)) {
        this.logger.warn({ items: chunk.length, err: (error as Error).message }, 'WordPress media request failed: sending it again in two halves');
        const half = Math.ceil(chunk.length / 2);
        await this.sendChunk(chunk.slice(0, half));
        await this.sendChunk(chunk.slice(half));
        return;
      }
      for (const waiting of chunk) waiting.reject(error);
      return;
    }
    chunk.forEach((waiting, i) => settle(waiting, results[i]));
  }

  private limit(): number {
    const limit = this.options.maxItems();
    return Number.isInteger(limit) && limit > 0 ? limit : DEFAULT_MEDIA_BATCH_LIMIT;
  }

  /** The plugin's post_max_size less room for the form's own text, at most MEDIA_BATCH_BYTES. */
  private maxBytes(): number {
    const host = this.options.maxBytes?.() ?? 0;
    return host > 0 ? Math.min(MEDIA_BATCH_BYTES, Math.floor(host * 0.9)) : MEDIA_BATCH_BYTES;
  }

  private maxFiles(): number {
    const host = this.options.maxFiles?.() ?? 0;
    return host > 0 ? host : Number.POSITIVE_INFINITY;
  }

  private queuedBytes(): number {
    return sum(this.queue.all(), (w) => w.bytes);
  }

  private queuedFiles(): number {
    return sum(this.queue.all(), (w) => w.files);
  }
}

/** One item's answer: its id, or a WordPressError with the item's status (4xx: refused for good, 5xx: retryable). */
function settle(waiting: Waiting, result: MediaBatchResult | undefined): void {
  const key = waiting.item.key;
  if (!result || result.key !== key) {
    waiting.reject(new WordPressError(`WordPress POST /tmu/v1/media gave no answer for ${key}`, { status: 502, retryable: true }));
  } else if ('error' in result) {
    const status = Number(result.error?.status) || 500;
    const code = String(result.error?.code ?? 'tmu_media_failed');
    waiting.reject(
      new WordPressError(`WordPress POST /tmu/v1/media refused ${key} (${status}): ${code}: ${result.error?.message ?? ''}`.slice(0, 500), {
        status,
        retryable: status >= 500,
        cause: { code, status },
      }),
    );
  } else if (typeof result.id === 'number' && result.id > 0) {
    waiting.resolve({ id: result.id, featured: result.featured === true });
  } else {
    waiting.reject(new WordPressError(`WordPress POST /tmu/v1/media answered no attachment id for ${key}`, { status: 502, retryable: true }));
  }
}

/** A whole request worth sending again in halves: it died retryably, or it was too large for the server. */
function splittable(error: unknown): boolean {
  return error instanceof WordPressError && (error.retryable || error.status === 413);
}

function sum(items: Waiting[], of: (w: Waiting) => number): number {
  return items.reduce((total, w) => total + of(w), 0);
}

function itemBytes(item: MediaBatchItem): number {
  return (item.file?.data.length ?? 0) + item.sizes.reduce((sum, s) => sum + s.data.length, 0) + 512;
}

/** The plugin's `host.image_sizes` map as a list; null when the plugin reports none. */
export function sizeSpecs(
  map: Record<string, { width?: unknown; height?: unknown; crop?: unknown }> | undefined | null,
): Array<{ name: string; width: number; height: number; crop: boolean }> | null {
  if (!map || typeof map !== 'object') return null;
  const specs: Array<{ name: string; width: number; height: number; crop: boolean }> = [];
  for (const [name, size] of Object.entries(map)) {
    const width = Math.floor(Number(size?.width ?? 0));
    const height = Math.floor(Number(size?.height ?? 0));
    if (!Number.isFinite(width) || !Number.isFinite(height) || (width <= 0 && height <= 0)) continue;
    specs.push({ name, width: Math.max(0, width), height: Math.max(0, height), crop: Boolean(size?.crop) && size?.crop !== '0' });
  }
  return specs;
}
