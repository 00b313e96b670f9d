import type { Logger } from 'pino';
import { describeError } from '../../errors';

/** A round starts once this many people wait (the people refresh's own round). */
const FEED_ROUND = 100;

/** Rounds of one feed at once: one writes to WordPress while the next fetches from TMDb. */
const ROUNDS_AT_ONCE = 2;

/** What the feed needs of the people refresh (people-refresh.service.ts). */
export interface PeopleRefresher {
  refresh(ids: number[], portraits: number[], options?: { signal?: AbortSignal }): Promise<{ refreshed: number; failed: Array<{ tmdbId: number }> }>;
}

/** Queues a `people.refresh` job for people the feed could not do. */
export type PeopleHandOver = (ids: number[], portraits: number[]) => Promise<void>;

/**
 * The people of titles being completed, refreshed in rounds as the titles hand them over, while the
 * other titles still complete: TMDb answers their details while WordPress takes the titles' images,
 * instead of every person waiting for a `people.refresh` job after all the titles. Titles synced for a
 * feed queue no people job of their own (one queued anyway would find them all fresh and show in
 * Activity as an empty job): what the rounds leave (a failure, a stop) goes to one job at `finish`.
 */
export class PeopleFeed {
  private readonly pending: number[] = [];
  private readonly wantPortrait = new Set<number>();
  private readonly seen = new Set<number>();
  /** One chain of rounds per slot: round n starts when round n - ROUNDS_AT_ONCE ended. */
  private readonly chains: Array<Promise<void>> = Array.from({ length: ROUNDS_AT_ONCE }, () => Promise.resolve());
  private started = 0;
  private refreshed = 0;
  /** People a round could not do (failed, or stopped before its turn): still due. */
  private readonly left = new Set<number>();

  constructor(
    private readonly people: PeopleRefresher,
    private readonly logger: Logger,
    private readonly signal?: AbortSignal,
    private readonly roundSize = FEED_ROUND,
    private readonly handOver?: PeopleHandOver,
  ) {}

  /** A title's people; a round starts once enough wait. */
  add(ids: number[], portraits: number[]): void {
    for (const id of portraits) this.wantPortrait.add(id);
    for (const id of ids) {
      if (this.seen.has(id)) continue;
      this.seen.add(id);
      this.pending.push(id);
    }
    // Whole rounds only: a tail would be a round of its own (its look-ups and writes) in the people refresh.
    while (this.pending.length >= this.roundSize) this.startRound(this.roundSize);
  }

  /**
   * The rest in a last round; resolves when every round ended, and the people left undone are
   * handed to a `people.refresh` job (none when every round did its people). Returns how many people were refreshed.
   */
  async finish(): Promise<number> {
    if (this.pending.length > 0) this.startRound(this.pending.length);
    await Promise.all(this.chains);
    if (this.left.size > 0 && this.handOver) {
      const ids = [...this.left];
      await this.handOver(
        ids,
        ids.filter((id) => this.wantPortrait.has(id)),
      );
    }
    return this.refreshed;
  }

  private startRound(size: number): void {
    const ids = this.pending.splice(0, size);
    const portraits = ids.filter((id) => this.wantPortrait.has(id));
    const slot = this.started % ROUNDS_AT_ONCE;
    this.started += 1;
    // run() never rejects: a chain goes on after a failed round.
    this.chains[slot] = this.chains[slot].then(() => this.run(ids, portraits));
  }

  private async run(ids: number[], portraits: number[]): Promise<void> {
    if (this.signal?.aborted) {
      for (const id of ids) this.left.add(id);
      return;
    }
    try {
      const result = await this.people.refresh(ids, portraits, { signal: this.signal });
      this.refreshed += result.refreshed;
      for (const failed of result.failed) this.left.add(failed.tmdbId);
      if (result.failed.length > 0) {
        this.logger.warn({ failed: result.failed.length, people: ids.length }, 'some people could not be refreshed with their titles: a people refresh job tries them again');
      }
    } catch (error) {
      // Not the titles' failure: these people stay due, and the people.refresh job queued at finish does them.
      for (const id of ids) this.left.add(id);
      this.logger.warn({ err: describeError(error), people: ids.length }, 'a people round with the titles stopped: a people refresh job does them');
    }
  }
}
