import pino from 'pino';
import { WordPressError } from '../../../src/errors';
import { toWordPressError, WordPressClient } from '../../../src/clients/wordpress/wordpress.client';
import { WordPressObjects } from '../../../src/clients/wordpress/wordpress-objects';
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
    const objects = new WordPressObjects(asClient(wp), logger);
    const drama = { taxonomy: 'genre' as const, name: 'Drama', slug: 'drama' };
    await objects.ensureTerms([drama]);
    expect(objects.termIdsOf([drama])).toEqual([42]);
    expect(wp.calls).toEqual(['resolve', 'batch 1']);
  });

  it('asks WordPress nothing for terms it already knows', async () => {
    const wp = new ScriptedWordPress(25, created, created, { terms: { genre: { drama: 7 } } });
    const objects = new WordPressObjects(asClient(wp), logger);
    const drama = { taxonomy: 'genre' as const, name: 'Drama', slug: 'drama' };
    await objects.ensureTerms([drama]);
    await objects.ensureTerms([drama]);
    expect(objects.termIdsOf([drama])).toEqual([7]);
    expect(wp.calls).toEqual(['resolve']);
  });
  it('looks up all the images a guard covers in one request, and uploads only those WordPress lacks', async () => {
    const wp = new ScriptedWordPress(25, created, created, { media: { '/known.jpg': 9 } });
    const objects = new WordPressObjects(asClient(wp), logger);
    const image = (filePath: string) => ({ filePath, data: Buffer.from('x'), mimeType: 'image/webp', fileName: filePath.slice(1), alt: '' });
    const ids = await objects.guardMedia(['/a.jpg', '/known.jpg', '/b.jpg'], (upload) =>
      Promise.all(['/a.jpg', '/known.jpg', '/b.jpg'].map((p) => upload(1, image(p)))),
    );
    expect(wp.calls.filter((c) => c === 'resolve')).toHaveLength(1);
    expect(wp.calls.filter((c) => c.startsWith('upload')).sort()).toEqual(['upload a.jpg', 'upload b.jpg']);
    expect(ids[1]).toBe(9);
    // The same paths again: known now, no request at all.
    const calls = wp.calls.length;
    await objects.guardMedia(['/a.jpg', '/b.jpg'], (upload) => upload(1, image('/a.jpg')));
    expect(wp.calls).toHaveLength(calls);
  });
});
