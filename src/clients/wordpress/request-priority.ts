import { AsyncLocalStorage } from 'node:async_hooks';

/** Which work a WordPress request carries: a page going live, or work after it (people, videos, galleries). */
export type RequestPriority = 'page' | 'background';

/**
 * The priority of the WordPress requests made inside run(): a page-stage sync runs its whole WordPress
 * work inside one, and the shared queues (write queue, media batch) read it when an item is queued.
 * Outside any run() an item is background. One per WordPress (made with WordPressSiteState).
 */
export class PriorityScope {
  private readonly storage = new AsyncLocalStorage<RequestPriority>();

  run<T>(priority: RequestPriority, fn: () => Promise<T>): Promise<T> {
    return this.storage.run(priority, fn);
  }

  current(): RequestPriority {
    return this.storage.getStore() ?? 'background';
  }
}

/** Background items one request takes at least while page items wait (a quarter of it, at least one). */
export function backgroundShare(room: number): number {
  return Math.max(1, Math.floor(room / 4));
}

/**
 * Two FIFO lanes: page items go out first; background items fill the room page items leave, and
 * take at least backgroundShare of a request while page items wait, so they never starve.
 */
export class PriorityLanes<T> {
  private readonly page: T[] = [];
  private readonly background: T[] = [];

  push(priority: RequestPriority, item: T): void {
    (priority === 'page' ? this.page : this.background).push(item);
  }

  get length(): number {
    return this.page.length + this.background.length;
  }

  /** Drops the queued items `dead` picks (a caller that already failed). */
  drop(dead: (item: T) => boolean): void {
    for (const lane of [this.page, this.background]) {
      const kept = lane.filter((item) => !dead(item));
      lane.splice(0, lane.length, ...kept);
    }
  }

  /** Every queued item, page items first (the order take() would cut them in without caps). */
  all(): T[] {
    return [...this.page, ...this.background];
  }

  /**
   * The next request's items, up to `room`: page items first, a share kept for background ones.
   * `fits` (optional) stops a lane at its first item that would overflow the request's other caps.
   */
  take(room: number, fits: (item: T, taken: T[]) => boolean = () => true): T[] {
    const reserved = this.page.length >= room ? Math.min(this.background.length, backgroundShare(room)) : 0;
    const taken: T[] = [];
    drain(this.page, room - reserved, taken, fits);
    drain(this.background, room, taken, fits);
    // A request holding only background items still has room for page items that fit: never idle room.
    drain(this.page, room, taken, fits);
    return taken;
  }
}

function drain<T>(lane: T[], until: number, taken: T[], fits: (item: T, taken: T[]) => boolean): void {
  while (taken.length < until && lane.length > 0) {
    if (taken.length > 0 && !fits(lane[0], taken)) return;
    taken.push(lane.shift()!);
  }
}
