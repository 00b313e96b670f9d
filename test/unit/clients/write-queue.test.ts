import pino from 'pino';
import { WordPressError } from '../../../src/errors';
import type { WordPressClient } from '../../../src/clients/wordpress/wordpress.client';
import { toWordPressError } from '../../../src/clients/wordpress/wordpress.client';
import { WordPressWriter } from '../../../src/clients/wordpress/wordpress-writer';
import { MIN_SHARED_BATCH } from '../../../src/clients/wordpress/write-queue';
import type { BatchRequest, BatchResponse } from '../../../src/clients/wordpress/wordpress.types';

const logger = pino({ level: 'silent' });

/** A caller's writes: person creates named `<caller> <n>`. */
const writes = (caller: string, n: number): BatchRequest[] =>
  Array.from({ length: n }, (_, i) => ({ method: 'POST', path: '/wp/v2/people', body: { title: `${caller} ${i}` } }));
const titleOf = (r: BatchRequest) => String(r.body?.title);
const idOf = (title: string) => title.split('').reduce((h, c) => h * 31 + c.charCodeAt(0), 7) % 100_000;
const made = (r: BatchRequest): BatchResponse => ({ status: 201, body: { id: idOf(titleOf(r)), title: titleOf(r) } });

/** A WordPress whose batches are scripted per call: each batch records its titles; `onBatch` may throw or answer. */
class SharedWordPress {
  readonly batches: string[][] = [];
  readonly singles: string[] = [];
  inFlight = 0;
  most = 0;
  constructor(
    private readonly onBatch: (requests: BatchRequest[], call: number) => BatchResponse[] = (r) => r.map(made),
    private readonly alone: (r: BatchRequest) => BatchResponse = made,
    private readonly delayMs = 5,
  ) {}
  async batchLimit(): Promise<number> {
    return 25;
  }
  async batch(requests: BatchRequest[]): Promise<BatchResponse[]> {
    this.batches.push(requests.map(titleOf));
    this.inFlight += 1;
    this.most = Math.max(this.most, this.inFlight);
    try {
      await new Promise((r) => setTimeout(r, this.delayMs));
      return this.onBatch(requests, this.batches.length);
    } finally {
      this.inFlight -= 1;
    }
  }
  async single(request: BatchRequest): Promise<BatchResponse> {
    this.singles.push(titleOf(request));
    return this.alone(request);
  }
}

const writerOn = (wp: SharedWordPress, concurrency = 1) => new WordPressWriter(wp as unknown as WordPressClient, logger, concurrency);
const ids = (answers: BatchResponse[]) => answers.map((a) => (a.body as { id: number }).id);
const expectedIds = (requests: BatchRequest[]) => requests.map((r) => idOf(titleOf(r)));
const gatewayTimeout = () => new WordPressError('WordPress POST /batch/v1 failed (504): Gateway Timeout', { status: 504, retryable: true });

describe('one write queue for every sync of the process', () => {
  it('puts the writes of syncs that write at once into shared batches, first come first served, answers per caller in order', async () => {
    const wp = new SharedWordPress();
    const writer = writerOn(wp);
    const a = writes('a', 4);
    const b = writes('b', 3);
    const c = writes('c', 2);
    const answers = await Promise.all([writer.writeAll(a), writer.writeAll(b), writer.writeAll(c)]);
    expect(wp.batches).toEqual([[...a, ...b, ...c].map(titleOf)]);
    expect(answers.map(ids)).toEqual([expectedIds(a), expectedIds(b), expectedIds(c)]);
  });

  it('sends writes queued while a batch is in flight together in the next one, at most WP_BATCH_CONCURRENCY at once', async () => {
    const wp = new SharedWordPress(undefined, undefined, 20);
    const writer = writerOn(wp, 2);
    const first = writer.writeAll(writes('a', 60));
    // a's first two batches are in flight by now.
    await new Promise((r) => setTimeout(r, 12));
    const later = await Promise.all([writer.writeAll(writes('b', 5)), writer.writeAll(writes('c', 5))]);
    await first;
    expect(wp.most).toBe(2);
    // Both senders were busy: the 20 items left waited and went out together in the next batch.
    expect(wp.batches.map((b) => b.length)).toEqual([25, 25, 20]);
    expect(later.map(ids)).toEqual([expectedIds(writes('b', 5)), expectedIds(writes('c', 5))]);
  });

  it('gives a few items queued behind a batch in flight a second sender, not one or two', async () => {
    const wp = new SharedWordPress(undefined, undefined, 30);
    const writer = writerOn(wp, 2);
    const first = writer.writeAll(writes('a', 1));
    await new Promise((r) => setTimeout(r, 5));
    // One or two items wait for the batch in flight, to go out merged with what comes meanwhile.
    const pair = writer.writeAll(writes('b', 2));
    await new Promise((r) => setTimeout(r, 5));
    expect(wp.batches.map((b) => b.length)).toEqual([1]);
    // Two more make MIN_SHARED_BATCH: they go at once beside the first batch, not a whole batch later.
    const more = writer.writeAll(writes('c', 2));
    await new Promise((r) => setTimeout(r, 5));
    expect(wp.batches.map((b) => b.length)).toEqual([1, MIN_SHARED_BATCH]);
    expect(wp.most).toBe(2);
    await Promise.all([first, pair, more]);
  });

  it("retries an item that failed inside a shared batch alone, for its caller only; the caller's failure comes after its other items", async () => {
    const broken = (r: BatchRequest): BatchResponse => (titleOf(r) === 'a 1' ? { status: 400, body: { code: 'rest_invalid_param', message: 'bad title' } } : made(r));
    const wp = new SharedWordPress((requests) => requests.map(broken), broken);
    const writer = writerOn(wp);
    const [a, b] = await Promise.allSettled([writer.writeAll(writes('a', 3)), writer.writeAll(writes('b', 3))]);
    expect(a.status).toBe('rejected');
    expect(((a as PromiseRejectedResult).reason as WordPressError).message).toMatch(/rest_invalid_param: bad title/);
    expect(b.status === 'fulfilled' && ids(b.value)).toEqual(expectedIds(writes('b', 3)));
    expect(wp.singles).toEqual(['a 1']);
    // a 0 and a 2 were written in the shared batch all the same.
    expect(wp.batches).toEqual([['a 0', 'a 1', 'a 2', 'b 0', 'b 1', 'b 2']]);
  });

  it('splits a shared batch that died into halves; every caller gets all its answers', async () => {
    const wp = new SharedWordPress((requests) => {
      if (requests.length > 3) throw gatewayTimeout();
      return requests.map(made);
    });
    const writer = writerOn(wp);
    const a = writes('a', 3);
    const b = writes('b', 3);
    const answers = await Promise.all([writer.writeAll(a), writer.writeAll(b)]);
    expect(wp.batches.map((batch) => batch.length)).toEqual([6, 3, 3]);
    expect(answers.map(ids)).toEqual([expectedIds(a), expectedIds(b)]);
  });

  it('does not split a batch whose connection WordPress refused: its callers fail (nothing was written), others go on', async () => {
    const refused = toWordPressError('POST /batch/v1', { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:80' });
    expect(refused.retryable).toBe(true);
    const wp = new SharedWordPress(
      (requests, call) => {
        if (call === 1) throw refused;
        return requests.map(made);
      },
      undefined,
      20,
    );
    const writer = writerOn(wp);
    const a = writer.writeAll(writes('a', 4));
    await new Promise((r) => setTimeout(r, 12));
    const b = writer.writeAll(writes('b', 2));
    const [ra, rb] = await Promise.allSettled([a, b]);
    expect(ra.status === 'rejected' && ra.reason).toBe(refused);
    expect(rb.status === 'fulfilled' && ids(rb.value)).toEqual(expectedIds(writes('b', 2)));
    expect(wp.batches).toEqual([
      ['a 0', 'a 1', 'a 2', 'a 3'],
      ['b 0', 'b 1'],
    ]);
  });

  it("sends each caller's items of a batch refused for good on their own: one caller's bad write never fails another's", async () => {
    const wp = new SharedWordPress((requests) => {
      if (requests.some((r) => titleOf(r).startsWith('bad'))) throw new WordPressError('WordPress POST /batch/v1 failed (400): rest_invalid_param', { status: 400 });
      return requests.map(made);
    });
    const writer = writerOn(wp);
    const [bad, good] = await Promise.allSettled([writer.writeAll(writes('bad', 2)), writer.writeAll(writes('good', 2))]);
    expect(bad.status === 'rejected' && (bad.reason as WordPressError).status).toBe(400);
    expect(good.status === 'fulfilled' && ids(good.value)).toEqual(expectedIds(writes('good', 2)));
    expect(wp.batches).toEqual([
      ['bad 0', 'bad 1', 'good 0', 'good 1'],
      ['bad 0', 'bad 1'],
      ['good 0', 'good 1'],
    ]);
  });

  it('drops the queued items of a caller whose batch failed for good, and keeps serving the others', async () => {
    const wp = new SharedWordPress(
      (requests) => {
        if (titleOf(requests[0]) === 'a 0') throw new WordPressError('WordPress POST /batch/v1 failed (400): rest_invalid_param', { status: 400 });
        return requests.map(made);
      },
      undefined,
      10,
    );
    const writer = writerOn(wp);
    writer.sizing.learnHost({ maxExecutionSeconds: 0, memoryLimitBytes: -1, batchLimit: 5 });
    const a = writer.writeAll(writes('a', 12));
    const b = writer.writeAll(writes('b', 3));
    const [ra, rb] = await Promise.allSettled([a, b]);
    expect(ra.status).toBe('rejected');
    expect(rb.status).toBe('fulfilled');
    // a's first batch failed: a's other items are never sent; b's are.
    expect(
      wp.batches
        .flat()
        .filter((t) => t.startsWith('a'))
        .sort(),
    ).toEqual(['a 0', 'a 1', 'a 2', 'a 3', 'a 4']);
    expect(wp.batches.flat().filter((t) => t.startsWith('b'))).toEqual(['b 0', 'b 1', 'b 2']);
  });
});
