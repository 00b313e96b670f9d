import pino from 'pino';
import { WordPressError } from '../../../src/errors';
import { toWordPressError, WordPressClient } from '../../../src/clients/wordpress/wordpress.client';
import { WordPressSiteState } from '../../../src/clients/wordpress/wordpress-site-state';
import { WordPressWriter } from '../../../src/clients/wordpress/wordpress-writer';
import type { BatchRequest, BatchResponse, ResolveAnswer, ResolveQuery } from '../../../src/clients/wordpress/wordpress.types';

const logger = pino({ level: 'silent' });

/** The batch-facing part of WordPressClient, scripted: what each write answers in a batch and alone. */
class ScriptedWordPress {
  readonly calls: string[] = [];
  constructor(
    private readonly limit: number,
    private readonly inBatch: (r: BatchRequest) => BatchResponse,
    private readonly alone: (r: BatchRequest) => BatchResponse = inBatch,
    private readonly resolved: Partial<ResolveAnswer> = {},
  ) {}
  async batchLimit(): Promise<number> {
    return this.limit;
  }
  async batch(requests: BatchRequest[]): Promise<BatchResponse[]> {
    this.calls.push(`batch ${requests.length}`);
    return requests.map(this.inBatch);
  }
  async single(request: BatchRequest): Promise<BatchResponse> {
    this.calls.push(`single ${request.path}`);
    return this.alone(request);
  }
  async uploadMedia(file: { fileName: string }): Promise<{ id: number }> {
    this.calls.push(`upload ${file.fileName}`);
    return { id: 500 + this.calls.length };
  }
  async resolve(_query: ResolveQuery): Promise<ResolveAnswer> {
    this.calls.push('resolve');
    return { tmdb_ids: {}, keys: {}, posts: [], terms: {}, media: {}, ...this.resolved };
  }
}

const asClient = (fake: ScriptedWordPress) => fake as unknown as WordPressClient;
const creates = (n: number): BatchRequest[] => Array.from({ length: n }, (_, i) => ({ method: 'POST', path: `/wp/v2/people`, body: { title: `Person ${i}` } }));
const created = (r: BatchRequest): BatchResponse => ({ status: 201, body: { id: 100 + Number(String(r.body?.title).split(' ')[1]) } });

describe('WordPressWriter', () => {
  it('sends as many writes per request as WordPress allows', async () => {
    const wp = new ScriptedWordPress(25, created);
    const answers = await new WordPressWriter(asClient(wp), logger).writeAll(creates(60));
    expect(wp.calls).toEqual(['batch 25', 'batch 25', 'batch 10']);
    expect(answers.map((a) => (a.body as { id: number }).id)).toEqual(Array.from({ length: 60 }, (_, i) => 100 + i));
  });

  it('sends up to its batch concurrency at once and keeps the answers in request order', async () => {
    let inFlight = 0;
    let most = 0;
    class SlowWordPress extends ScriptedWordPress {
      override async batch(requests: BatchRequest[]): Promise<BatchResponse[]> {
        inFlight += 1;
        most = Math.max(most, inFlight);
        // The first batch answers last: order must come from the request, not from the answer.
        await new Promise((r) => setTimeout(r, requests[0].body?.title === 'Person 0' ? 30 : 5));
        inFlight -= 1;
        return super.batch(requests);
      }
    }
    const wp = new SlowWordPress(10, created);
    const answers = await new WordPressWriter(asClient(wp), logger, 2).writeAll(creates(45));
    expect(most).toBe(2);
    expect(wp.calls).toHaveLength(5);
    expect(answers.map((a) => (a.body as { id: number }).id)).toEqual(Array.from({ length: 45 }, (_, i) => 100 + i));
  });

  it('writes one request each on a WordPress without /batch/v1', async () => {
    const wp = new ScriptedWordPress(0, created);
    await new WordPressWriter(asClient(wp), logger).writeAll(creates(3));
    expect(wp.calls).toEqual(['single /wp/v2/people', 'single /wp/v2/people', 'single /wp/v2/people']);
  });

  it('retries a failed item alone and keeps the rest of the batch', async () => {
    const failOnce = (r: BatchRequest): BatchResponse => (r.body?.title === 'Person 1' ? { status: 500, body: { code: 'db_error' } } : created(r));
    const wp = new ScriptedWordPress(25, failOnce, created);
    const answers = await new WordPressWriter(asClient(wp), logger).writeAll(creates(3));
    expect(wp.calls).toEqual(['batch 3', 'single /wp/v2/people']);
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
  });

  it('reports an item that fails twice, after writing the others', async () => {
    const broken = (r: BatchRequest): BatchResponse =>
      r.body?.title === 'Person 2' ? { status: 400, body: { code: 'rest_invalid_param', message: 'bad title' } } : created(r);
    const wp = new ScriptedWordPress(25, broken);
    const failure = await new WordPressWriter(asClient(wp), logger).writeAll(creates(4)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(WordPressError);
    expect((failure as WordPressError).message).toMatch(/rest_invalid_param: bad title/);
    expect((failure as WordPressError).retryable).toBe(false);
    expect(wp.calls).toEqual(['batch 4', 'single /wp/v2/people']);
  });
});

describe('terms made by someone else at the same moment', () => {
  it('keeps the term id WordPress reports with term_exists', () => {
    const error = toWordPressError('POST /wp/v2/genre', { code: 'term_exists', message: 'A term with the name provided already exists.', data: { status: 400, term_id: 42 } });
    expect(error.cause).toMatchObject({ code: 'term_exists', term_id: 42 });
  });

  it('reuses the existing term instead of failing the title', async () => {
    const exists: BatchResponse = { status: 400, body: { code: 'term_exists', data: { status: 400, term_id: 42 } } };
    const wp = new ScriptedWordPress(25, () => exists);
    const objects = new WordPressSiteState(asClient(wp), logger);
    const drama = { taxonomy: 'genre' as const, name: 'Drama', slug: 'drama' };
    await objects.ensureTerms([drama]);
    expect(objects.termIdsOf([drama])).toEqual([42]);
    expect(wp.calls).toEqual(['resolve', 'batch 1']);
  });

  it('asks WordPress nothing for terms it already knows', async () => {
    const wp = new ScriptedWordPress(25, created, created, { terms: { genre: { drama: 7 } } });
    const objects = new WordPressSiteState(asClient(wp), logger);
    const drama = { taxonomy: 'genre' as const, name: 'Drama', slug: 'drama' };
    await objects.ensureTerms([drama]);
    await objects.ensureTerms([drama]);
    expect(objects.termIdsOf([drama])).toEqual([7]);
    expect(wp.calls).toEqual(['resolve']);
  });
  it('looks up all the images a guard covers in one request, and uploads only those WordPress lacks', async () => {
    const wp = new ScriptedWordPress(25, created, created, { media: { '/known.jpg': 9 } });
    const objects = new WordPressSiteState(asClient(wp), logger);
    const image = (filePath: string) => ({ filePath, data: Buffer.from('x'), mimeType: 'image/webp', fileName: filePath.slice(1), alt: '' });
    const ids = await objects.guardMedia(['/a.jpg', '/known.jpg', '/b.jpg'], (upload) => Promise.all(['/a.jpg', '/known.jpg', '/b.jpg'].map((p) => upload(1, image(p)))));
    expect(wp.calls.filter((c) => c === 'resolve')).toHaveLength(1);
    expect(wp.calls.filter((c) => c.startsWith('upload')).sort()).toEqual(['upload a.jpg', 'upload b.jpg']);
    expect(ids[1]).toBe(9);
    // The same paths again: known now, no request at all.
    const calls = wp.calls.length;
    await objects.guardMedia(['/a.jpg', '/b.jpg'], (upload) => upload(1, image('/a.jpg')));
    expect(wp.calls).toHaveLength(calls);
  });
});

/**
 * A WordPress whose PHP dies inside a batch of more than `survives` items, after writing the first
 * `survives` of them (the time limit struck mid-way). Creates are idempotent, as the plugin makes
 * them: a create of a title that exists answers the existing post.
 */
class DyingWordPress extends ScriptedWordPress {
  readonly posts = new Map<string, number>();
  readonly writes: string[] = [];
  constructor(
    private readonly survives: number,
    private readonly death: () => Error = () => new WordPressError('WordPress POST /batch/v1 failed (504): Gateway Timeout', { status: 504, retryable: true }),
    resolved: Partial<ResolveAnswer> = {},
    limit = 25,
  ) {
    super(limit, created, created, resolved);
  }
  override async batch(requests: BatchRequest[]): Promise<BatchResponse[]> {
    this.calls.push(`batch ${requests.length}`);
    const answers = requests.slice(0, this.survives).map((r) => this.create(r));
    if (requests.length > this.survives) throw this.death();
    return answers;
  }
  private create(request: BatchRequest): BatchResponse {
    const title = String(request.body?.title);
    const existing = this.posts.get(title);
    if (existing !== undefined) return { status: 200, body: { id: existing } };
    this.writes.push(title);
    this.posts.set(title, 1000 + this.posts.size);
    return { status: 201, body: { id: this.posts.get(title) } };
  }
}

describe('WordPressWriter and a batch that dies', () => {
  it('sends a batch that died again as two halves, down to what fits: every item written once', async () => {
    const wp = new DyingWordPress(3);
    const writer = new WordPressWriter(asClient(wp), logger);
    const answers = await writer.writeAll(creates(10));
    expect(wp.calls).toEqual(['batch 10', 'batch 5', 'batch 3', 'batch 2', 'batch 5', 'batch 3', 'batch 2']);
    expect(wp.writes.sort()).toEqual(
      creates(10)
        .map((r) => String(r.body?.title))
        .sort(),
    );
    const ids = answers.map((a) => (a.body as { id: number }).id);
    expect(ids).toEqual(creates(10).map((r) => wp.posts.get(String(r.body?.title))));
    expect(new Set(ids).size).toBe(10);
  });

  it('remembers the death: the next writes go out in smaller batches', async () => {
    const wp = new DyingWordPress(3);
    const writer = new WordPressWriter(asClient(wp), logger);
    await writer.writeAll(creates(10));
    wp.calls.length = 0;
    await writer.writeAll(creates(10).map((r) => ({ ...r, body: { title: `${String(r.body?.title)} again` } })));
    // Capped at 3 (half of the 5 that died, grown by one), it probes 4, which dies and caps it at 2.
    expect(wp.calls).toEqual(['batch 3', 'batch 4', 'batch 2', 'batch 2', 'batch 3']);
  });

  it('logs one warning per split, with sizes and no bodies', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const capture = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    await new WordPressWriter(asClient(new DyingWordPress(3)), capture).writeAll(creates(10));
    const splits = lines.filter((l) => /two halves/.test(String(l.msg)));
    expect(splits.map((l) => [l.items, l.halves])).toEqual([
      [10, [5, 5]],
      [5, [3, 2]],
      [5, [3, 2]],
    ]);
    expect(JSON.stringify(splits)).not.toMatch(/Person/);
  });

  it('throws the retryable error when a single item still dies: the job retries the title', async () => {
    const wp = new DyingWordPress(0);
    const failure = await new WordPressWriter(asClient(wp), logger).writeAll(creates(2)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(WordPressError);
    expect((failure as WordPressError).retryable).toBe(true);
    expect(wp.calls).toEqual(['batch 2', 'batch 1']);
  });

  it('does not split a batch WordPress refused for good', async () => {
    const refused = () => new WordPressError('WordPress POST /batch/v1 failed (400): rest_invalid_param', { status: 400 });
    const wp = new DyingWordPress(1, refused);
    const failure = await new WordPressWriter(asClient(wp), logger).writeAll(creates(4)).catch((e: unknown) => e);
    expect((failure as WordPressError).status).toBe(400);
    expect(wp.calls).toEqual(['batch 4']);
  });

  it('sizes batches to the time limit a resolve answer reports, before the first write', async () => {
    const host = { max_execution_time: 10, memory_limit: 64 * 1024 * 1024, batch_limit: 100 };
    const wp = new DyingWordPress(100, undefined, { host }, 100);
    const objects = new WordPressSiteState(asClient(wp), logger);
    await objects.resolve({});
    const answers = await objects.writer.writeAll(creates(25));
    // Not measured yet: half of 10 s at the default 0.5 s per item.
    expect(wp.calls.slice(0, 2)).toEqual(['resolve', 'batch 10']);
    expect(answers).toHaveLength(25);
  });

  it('sizes each batch of one write from the batches before it: a fast host gets bigger ones at once', async () => {
    let now = 0;
    class TimedWordPress extends DyingWordPress {
      override async batch(requests: BatchRequest[]): Promise<BatchResponse[]> {
        now += 50 + requests.length * 20; // start-up, then 20 ms per item
        return super.batch(requests);
      }
    }
    const wp = new TimedWordPress(100, undefined, {}, 100);
    const writer = new WordPressWriter(asClient(wp), logger, 1, { clock: () => now });
    writer.learnHost({ max_execution_time: 3, memory_limit: -1, batch_limit: 100 });
    const answers = await writer.writeAll(creates(100));
    const sizes = wp.calls.map((c) => Number(c.split(' ')[1]));
    expect(sizes[0]).toBe(3);
    expect(sizes.slice(1).every((size, i) => size >= sizes[i] || i === sizes.length - 2)).toBe(true);
    expect(Math.max(...sizes) * 0.02 + 0.05).toBeLessThanOrEqual(1.5);
    expect(answers.map((a) => (a.body as { id: number }).id)).toEqual(creates(100).map((r) => wp.posts.get(String(r.body?.title))));
  });

  it('measures each batch: batches that answer fast grow back to the limit', async () => {
    let now = 0;
    class TimedWordPress extends DyingWordPress {
      override async batch(requests: BatchRequest[]): Promise<BatchResponse[]> {
        now += requests.length * 20; // 20 ms per item
        return super.batch(requests);
      }
    }
    const wp = new TimedWordPress(100, undefined, {}, 100);
    const writer = new WordPressWriter(asClient(wp), logger, 1, { clock: () => now });
    writer.learnHost({ max_execution_time: 10, memory_limit: -1, batch_limit: 100 });
    for (let round = 0; round < 4; round += 1) await writer.writeAll(creates(100).map((r) => ({ ...r, body: { title: `${String(r.body?.title)} ${round}` } })));
    const sizes = wp.calls.filter((c) => c.startsWith('batch')).map((c) => Number(c.split(' ')[1]));
    expect(sizes[0]).toBe(10);
    expect(sizes[sizes.length - 1]).toBe(100);
  });

  it('takes a host report without numbers as no report', async () => {
    const wp = new DyingWordPress(100, undefined, { host: { max_execution_time: 'thirty' } as never }, 100);
    const objects = new WordPressSiteState(asClient(wp), logger);
    await objects.resolve({});
    await objects.writer.writeAll(creates(30));
    expect(wp.calls).toEqual(['resolve', 'batch 30']);
  });
});

describe('WordPressWriter when a batch fails for good', () => {
  it('sends no further batch of that write once one failed', async () => {
    class FirstRefused extends ScriptedWordPress {
      override async batch(requests: BatchRequest[]): Promise<BatchResponse[]> {
        this.calls.push(`batch ${String(requests[0].body?.title)}`);
        if (requests[0].body?.title === 'Person 0') throw new WordPressError('WordPress POST /batch/v1 failed (400): rest_invalid_param', { status: 400 });
        await new Promise((r) => setTimeout(r, 20));
        return requests.map(created);
      }
    }
    const wp = new FirstRefused(5, created);
    const failure = await new WordPressWriter(asClient(wp), logger, 2).writeAll(creates(20)).catch((e: unknown) => e);
    expect((failure as WordPressError).status).toBe(400);
    await new Promise((r) => setTimeout(r, 100));
    // The other sender finishes the batch it holds, and takes no more.
    expect(wp.calls).toEqual(['batch Person 0', 'batch Person 5']);
  });
});
