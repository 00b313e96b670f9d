import pino from 'pino';
import type { WordPressClient } from '../../../src/clients/wordpress/wordpress.client';
import { WordPressWriter } from '../../../src/clients/wordpress/wordpress-writer';
import { MediaBatcher } from '../../../src/clients/wordpress/wordpress-media-batch';
import { backgroundShare, PriorityLanes, PriorityScope } from '../../../src/clients/wordpress/request-priority';
import type { BatchRequest, BatchResponse, MediaBatchItem, MediaBatchResult } from '../../../src/clients/wordpress/wordpress.types';

const logger = pino({ level: 'silent' });
const tick = () => new Promise((r) => setTimeout(r, 1));
/** Ticks until the condition holds: a loaded machine may need more than one tick for the writer to send. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i += 1) await tick();
  if (!condition()) throw new Error('the condition never held');
}

/** Creates named `<who> <n>`: a title's post (page) or a person's (background). */
const creates = (who: string, n: number, type = 'people'): BatchRequest[] =>
  Array.from({ length: n }, (_, i) => ({ method: 'POST', path: `/wp/v2/${type}`, body: { title: `${who} ${i}` } }));
const titleOf = (r: BatchRequest) => String(r.body?.title);

/** A WordPress whose batch requests stay open until released, recording what each one carried. */
class HeldWordPress {
  readonly batches: string[][] = [];
  private readonly open: Array<() => void> = [];
  async batchLimit(): Promise<number> {
    return 8;
  }
  async batch(requests: BatchRequest[]): Promise<BatchResponse[]> {
    this.batches.push(requests.map(titleOf));
    await new Promise<void>((resolve) => this.open.push(resolve));
    return requests.map((r, i) => ({ status: 201, body: { id: this.batches.length * 100 + i, title: titleOf(r) } }));
  }
  async single(): Promise<BatchResponse> {
    throw new Error('no single writes expected');
  }
  /** Answers the oldest open batch. */
  release(): void {
    this.open.shift()?.();
  }
}

async function queuedBehindBackground() {
  const wp = new HeldWordPress();
  const scope = new PriorityScope();
  const writer = new WordPressWriter(wp as unknown as WordPressClient, logger, 1, { priority: () => scope.current() });
  // A first batch goes out; while it is open, 20 people creates of background jobs queue, then one title's post.
  const first = writer.writeAll(creates('first', 1));
  await until(() => wp.batches.length === 1);
  const people = writer.writeAll(creates('person', 20));
  await tick();
  const page = scope.run('page', () => writer.writeAll(creates('title', 2, 'movie')));
  await tick();
  return { wp, first, people, page };
}

describe('page-stage writes go first in the shared write queue', () => {
  it('sends a page item queued behind background items in the very next batch, background filling the rest', async () => {
    const { wp, first, people, page } = await queuedBehindBackground();
    wp.release();
    await first;
    await until(() => wp.batches.length === 2);
    expect(wp.batches).toHaveLength(2);
    const next = wp.batches[1];
    expect(next.slice(0, 2)).toEqual(['title 0', 'title 1']);
    // The room page items leave goes to background items, oldest first.
    expect(next.slice(2)).toEqual(['person 0', 'person 1', 'person 2', 'person 3', 'person 4', 'person 5'].slice(0, next.length - 2));
    expect(next.length).toBeGreaterThan(2);
    let settled = false;
    const all = Promise.all([page, people]).finally(() => (settled = true));
    while (!settled) {
      wp.release();
      await tick();
    }
    await all;
    const answers = await page;
    expect(answers.map((a) => (a.body as { title: string }).title)).toEqual(['title 0', 'title 1']);
    expect((await people).map((a) => (a.body as { title: string }).title)).toEqual(creates('person', 20).map(titleOf));
  });

  it('without a page scope the queue stays first come first served', async () => {
    const wp = new HeldWordPress();
    const writer = new WordPressWriter(wp as unknown as WordPressClient, logger, 1, { priority: () => new PriorityScope().current() });
    const first = writer.writeAll(creates('first', 1));
    await until(() => wp.batches.length === 1);
    const people = writer.writeAll(creates('person', 20));
    const titles = writer.writeAll(creates('title', 2, 'movie'));
    await tick();
    wp.release();
    await first;
    await until(() => wp.batches.length === 2);
    expect(wp.batches[1][0]).toBe('person 0');
    expect(wp.batches[1]).not.toContain('title 0');
    for (let i = 0; i < 6; i += 1) {
      wp.release();
      await tick();
    }
    await Promise.all([people, titles]);
  });
});

describe('PriorityLanes: page first, background never starved', () => {
  it('keeps a share of each request for background items while page items fill it', () => {
    const lanes = new PriorityLanes<string>();
    for (let i = 0; i < 3; i += 1) lanes.push('background', `b${i}`);
    for (let i = 0; i < 20; i += 1) lanes.push('page', `p${i}`);
    const taken = lanes.take(8);
    expect(taken).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'b0', 'b1']);
    expect(backgroundShare(8)).toBe(2);
    // Every request while page items keep coming still carries background items until none are left.
    expect(lanes.take(8)).toEqual(['p6', 'p7', 'p8', 'p9', 'p10', 'p11', 'p12', 'b2']);
    expect(lanes.take(8)).toEqual(['p13', 'p14', 'p15', 'p16', 'p17', 'p18', 'p19']);
    expect(lanes.length).toBe(0);
  });

  it('stops a lane at an item that does not fit the other caps, and lets the other lane fill the room', () => {
    const lanes = new PriorityLanes<number>();
    lanes.push('page', 5);
    lanes.push('page', 9);
    lanes.push('background', 2);
    const taken = lanes.take(4, (next, taken) => taken.reduce((a, b) => a + b, 0) + next <= 8);
    expect(taken).toEqual([5, 2]);
    expect(lanes.take(4)).toEqual([9]);
  });
});

function poster(key: string): MediaBatchItem {
  return {
    key,
    post: 7,
    alt: key,
    title: key,
    file: { data: Buffer.alloc(100), fileName: 'p.webp', mimeType: 'image/webp' },
    width: 780,
    height: 1170,
    mime: 'image/webp',
    sizes: [],
    hotlink: null,
  };
}

describe('page-stage uploads go first in the shared media batch', () => {
  it('sends a page poster queued behind background images in the next request', async () => {
    const requests: string[][] = [];
    const open: Array<() => void> = [];
    const send = async (items: MediaBatchItem[]): Promise<MediaBatchResult[]> => {
      requests.push(items.map((i) => i.key));
      await new Promise<void>((resolve) => open.push(resolve));
      return items.map((i, n) => ({ key: i.key, id: requests.length * 100 + n, existing: false }));
    };
    const scope = new PriorityScope();
    const media = new MediaBatcher(send, logger, { maxItems: () => 4, concurrency: 1, windowMs: 1, priority: () => scope.current() });
    const first = media.upload(poster('/first.jpg'));
    await until(() => requests.length === 1);
    const backdrops = Array.from({ length: 10 }, (_, i) => media.upload(poster(`/backdrop${i}.jpg`)));
    const page = scope.run('page', () => media.upload(poster('/poster.jpg')));
    open.shift()!();
    await first;
    await until(() => requests.length === 2);
    expect(requests[1]).toEqual(['/poster.jpg', '/backdrop0.jpg', '/backdrop1.jpg', '/backdrop2.jpg']);
    while (open.length > 0 || requests.length < 4) {
      open.shift()?.();
      await tick();
    }
    expect((await page).id).toBe(200);
    expect(new Set((await Promise.all(backdrops)).map((a) => a.id)).size).toBe(10);
  });
});
