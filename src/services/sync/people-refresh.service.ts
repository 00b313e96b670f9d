import { AppError, describeError } from '../../errors';
import type { TmdbPerson } from '../../clients/tmdb/tmdb.schema';
import { mapPerson } from '../../mappers/person.mapper';
import { namedImageDrafts } from '../../mappers/media-file-name';
import type { PreparedImage } from '../images/image.service';
import { PeopleFeed } from './people-feed.service';
import { RowWrites } from './row-writes';
import type { SyncDeps } from './sync-deps';

/** People per round: one TMDb request each, and a few WordPress requests per round. */
const PEOPLE_CHUNK = 100;

/** People of one round written at once. */
const PEOPLE_WRITES_AT_ONCE = 16;

interface FetchedRound {
  people: TmdbPerson[];
  imagesOf: Map<number, PreparedImage[]>;
}

export interface PeopleRefreshResult {
  refreshed: number;
  skipped: number;
  failed: Array<{ tmdbId: number; message: string }>;
}

export interface PeopleRefreshOptions {
  onProgress?: (done: number, total: number) => void;
  /** Stops between rounds (a cancelled or lost job). */
  signal?: AbortSignal;
}

/**
 * Fills in the details of people a title sync made from its credits:
 * biography, dates, birthplace, socials, nationality and (for top-billed cast)
 * the profile photo. People already fresh are skipped (unless top-billed and
 * still without their photo), so a repeated refresh costs nothing. Writes
 * follow the same editors-win and fill-empty rules.
 */
export class PeopleRefreshService {
  constructor(
    private readonly deps: SyncDeps,
    private readonly refreshHours: number,
  ) {}

  /** A feed that refreshes people in rounds as titles hand them over (title.complete), stopping with `signal`. */
  feed(signal?: AbortSignal): PeopleFeed {
    return new PeopleFeed(this, this.deps.logger, signal, undefined, this.deps.enqueuePeopleRefresh);
  }

  async refresh(ids: number[], portraits: number[], options: PeopleRefreshOptions = {}): Promise<PeopleRefreshResult> {
    const result: PeopleRefreshResult = { refreshed: 0, skipped: 0, failed: [] };
    const due = await this.due([...new Set(ids)], new Set(portraits));
    result.skipped = new Set(ids).size - due.length;
    const wanted = new Set(portraits);
    const fetchRound = (start: number) => this.fetchChunk(due.slice(start, start + PEOPLE_CHUNK), wanted, result);
    // The next round's TMDb requests run while this round is written: TMDb and WordPress both stay busy.
    let next: Promise<FetchedRound> | null = due.length > 0 ? fetchRound(0) : null;
    for (let i = 0; next !== null; i += PEOPLE_CHUNK) {
      const round = await next;
      next = i + PEOPLE_CHUNK < due.length && !options.signal?.aborted ? fetchRound(i + PEOPLE_CHUNK) : null;
      // A round that fails leaves the next fetch behind: its rejection is not the job's error.
      next?.catch(() => undefined);
      await this.writeIsolated(round.people, round.imagesOf, (this.deps.now ?? (() => new Date()))(), result);
      options.onProgress?.(Math.min(i + PEOPLE_CHUNK, due.length), due.length);
      if (options.signal?.aborted) break;
    }
    return result;
  }

  /** People whose details are missing or old, and top-billed people still without their portrait. */
  private async due(ids: number[], portraits: ReadonlySet<number>): Promise<number[]> {
    const synced = await this.deps.repos.people.findSyncedAt(ids);
    const due = await this.deps.people.dueForDetails(this.deps.repos, synced, ids, portraits, Date.now() - this.refreshHours * 3600 * 1000);
    return ids.filter((id) => due.has(id));
  }

  private async fetchChunk(ids: number[], portraits: ReadonlySet<number>, result: PeopleRefreshResult): Promise<FetchedRound> {
    const { deps } = this;
    // People details are background work: an interactive request (Sync now, an import, a search) goes first.
    const fetchAll = () => Promise.allSettled(ids.map((id) => deps.tmdb.getPerson(id)));
    const settled = await (deps.tmdb.withPriority ? deps.tmdb.withPriority('background', fetchAll) : fetchAll());
    const people: TmdbPerson[] = [];
    settled.forEach((outcome, i) => {
      if (outcome.status === 'fulfilled') return void people.push(outcome.value);
      // Rate limits and outages retry the whole job; what is left of it is still due then.
      if (!(outcome.reason instanceof AppError) || outcome.reason.retryable) throw outcome.reason;
      result.failed.push({ tmdbId: ids[i], message: describeError(outcome.reason) });
    });
    const profiles = people
      .filter((p) => portraits.has(p.id))
      .flatMap((p) => {
        const profile = mapPerson(p).profile;
        const draft = profile ? namedImageDrafts([profile], p.name)[0] : null;
        return draft ? [{ draft, alt: p.name, personId: p.id }] : [];
      });
    const prepared = await deps.images.prepareEach(profiles, deps.store);
    const imagesOf = new Map<number, PreparedImage[]>();
    profiles.forEach((p) => imagesOf.set(p.personId, prepared.filter((x) => x.draft.filePath === p.draft.filePath).slice(0, 1)));
    return { people, imagesOf };
  }

  /**
   * The round in one transaction; when it fails for good, each person alone, so that one person's
   * failure costs that person only. Outages (retryable) still end the job, which is retried.
   */
  private async writeIsolated(people: TmdbPerson[], imagesOf: ReadonlyMap<number, PreparedImage[]>, syncedAt: Date, result: PeopleRefreshResult): Promise<void> {
    try {
      await this.writeRound(people, imagesOf, syncedAt);
      result.refreshed += people.length;
      return;
    } catch (error) {
      if (error instanceof AppError && error.retryable) throw error;
      if (people.length === 1) return void result.failed.push({ tmdbId: people[0].id, message: describeError(error) });
      this.deps.logger.warn({ err: describeError(error), people: people.length }, 'a people round failed: writing each person alone');
    }
    for (const person of people) await this.writeIsolated([person], imagesOf, syncedAt, result);
  }

  private async writeRound(people: TmdbPerson[], imagesOf: ReadonlyMap<number, PreparedImage[]>, syncedAt: Date): Promise<void> {
    const { deps } = this;
    const prepared = people.flatMap((p) => imagesOf.get(p.id) ?? []);
    // WordPress first, no transaction open; then the round's rows alone (see title-pipeline.ts).
    const store = deps.bindStore(null);
    const rows = new RowWrites();
    const known = await deps.repos.people.findSyncedAt(people.map((p) => p.id));
    await store.loadPosts([...known.values()].map((k) => k.postId));
    await store.ensureTerms(people.flatMap((p) => mapPerson(p).terms));
    // One guard, so one lookup, for every portrait of the round; not one per person.
    const uploads = prepared.filter((image) => image.existingId === null && image.input !== null).map((image) => image.draft.filePath);
    await store.guardUploads(uploads, async (upload) => {
      // People of a round are written several at once (their look-ups, writes and portraits share requests);
      // each collects its own rows, flushed in the round's order, so row writes stay in a stable order.
      const own = people.map(() => new RowWrites());
      await inLanes(people, PEOPLE_WRITES_AT_ONCE, (person, i) =>
        // Each person's portrait goes through this round's guard (its uploader, handed down), not a guard of its own.
        deps.people.writeOne(person, deps.repos, store, own[i], syncedAt, imagesOf.get(person.id) ?? [], known.get(person.id)?.postId, 'publish', upload ?? undefined),
      );
      for (const writes of own) rows.append(writes);
    });
    await store.flush();
    await deps.unitOfWork.run((repos) => rows.flush(repos));
  }
}

/** Runs fn over items, at most `lanes` at once; rejects with the first failure after every started item settled. */
async function inLanes<T>(items: T[], lanes: number, fn: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      await fn(items[index], index);
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(lanes, items.length) }, lane));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
}
