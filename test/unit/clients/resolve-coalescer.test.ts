import { answerFor, mergeQueries, ResolveCoalescer } from '../../../src/clients/wordpress/resolve-coalescer';
import { WordPressError } from '../../../src/errors';
import type { ResolveAnswer, ResolveQuery, WpPostState } from '../../../src/clients/wordpress/wordpress.types';

const host = { max_execution_time: 30, memory_limit: -1, batch_limit: 25, features: ['idempotent_creates'] };

function postState(id: number): WpPostState {
  return { id, type: 'movie', status: 'publish', title: `Post ${id}`, content: '', featured_media: 0, terms: {}, meta: {} };
}

/** A plugin that answers every key it is asked: people keys 1000 + n, posts as states, terms and media by length. */
function answerEverything(query: ResolveQuery): ResolveAnswer {
  const ids = (groups: Array<{ type: string; keys: string[] }> | undefined) =>
    Object.fromEntries((groups ?? []).map((g) => [g.type, Object.fromEntries(g.keys.map((k) => [k, 1000 + Number(k.replace(/\D/g, '') || 0)]))]));
  const found = ids(query.tmdbIds);
  const statuses: Record<string, string> = {};
  for (const id of query.statuses ?? []) statuses[String(id)] = 'draft';
  for (const byKey of Object.values(found)) for (const id of Object.values(byKey)) statuses[String(id)] = 'publish';
  return {
    tmdb_ids: found,
    keys: ids(query.keys),
    posts: (query.posts ?? []).map(postState),
    terms: Object.fromEntries((query.terms ?? []).map((t) => [t.taxonomy, Object.fromEntries(t.slugs.map((s) => [s, s.length]))])),
    media: Object.fromEntries((query.media ?? []).map((p) => [p, p.length])),
    statuses,
    host,
  };
}

/** Records what it is sent; while held, each request waits for its own release(). */
class RecordingSender {
  readonly sent: ResolveQuery[] = [];
  private held = false;
  private readonly gates: Array<() => void> = [];
  constructor(private readonly answer: (query: ResolveQuery) => ResolveAnswer = answerEverything) {}
  hold(): void {
    this.held = true;
  }
  /** Lets the oldest waiting request answer. */
  release(): void {
    this.gates.shift()?.();
  }
  send = async (query: ResolveQuery): Promise<ResolveAnswer> => {
    this.sent.push(query);
    if (this.held) await new Promise<void>((resolve) => this.gates.push(resolve));
    return this.answer(query);
  };
}

describe('ResolveCoalescer', () => {
  it('merges look-ups that arrive together into one request; each caller gets only what it asked', async () => {
    const wp = new RecordingSender();
    const coalescer = new ResolveCoalescer(wp.send);
    const [a, b, c] = await Promise.all([
      coalescer.resolve({ posts: [7] }),
      coalescer.resolve({ posts: [8], tmdbIds: [{ type: 'people', keys: ['1', '2'] }] }),
      coalescer.resolve({ terms: [{ taxonomy: 'genre', slugs: ['drama'] }], media: ['/a.jpg'], statuses: [9] }),
    ]);
    expect(wp.sent).toHaveLength(1);
    expect(wp.sent[0]).toEqual({
      posts: [7, 8],
      tmdbIds: [{ type: 'people', keys: ['1', '2'] }],
      terms: [{ taxonomy: 'genre', slugs: ['drama'] }],
      media: ['/a.jpg'],
      statuses: [9],
    });
    // view() reads posts[0]: a caller sees its own post first and only.
    expect(a.posts.map((p) => p.id)).toEqual([7]);
    expect(b.posts.map((p) => p.id)).toEqual([8]);
    expect(b.tmdb_ids).toEqual({ people: { 1: 1001, 2: 1002 } });
    expect(b.statuses).toEqual({ 1001: 'publish', 1002: 'publish' });
    expect(a.tmdb_ids).toEqual({});
    expect(a.statuses).toEqual({});
    expect(c).toMatchObject({ terms: { genre: { drama: 5 } }, media: { '/a.jpg': 6 }, statuses: { 9: 'draft' }, posts: [] });
    for (const answer of [a, b, c]) expect(answer.host).toEqual(host);
  });

  it('sends look-ups arriving while one is in flight together, after it', async () => {
    const wp = new RecordingSender();
    const coalescer = new ResolveCoalescer(wp.send);
    wp.hold();
    const first = coalescer.resolve({ posts: [1] });
    await new Promise((r) => setTimeout(r, 10));
    expect(wp.sent).toHaveLength(1);
    const later = [coalescer.resolve({ posts: [2] }), coalescer.resolve({ posts: [3] })];
    await new Promise((r) => setTimeout(r, 10));
    expect(wp.sent).toHaveLength(1);
    wp.release();
    await first;
    await new Promise((r) => setTimeout(r, 10));
    wp.release();
    const answers = await Promise.all(later);
    expect(wp.sent.map((q) => q.posts)).toEqual([[1], [2, 3]]);
    expect(answers.map((a) => a.posts.map((p) => p.id))).toEqual([[2], [3]]);
  });

  it('keeps a merged request within the plugin limit per list; the rest goes next, in order', async () => {
    const wp = new RecordingSender();
    const coalescer = new ResolveCoalescer(wp.send, { chunk: 3 });
    const answers = await Promise.all([
      coalescer.resolve({ media: ['/1', '/2'] }),
      coalescer.resolve({ media: ['/3', '/4'] }),
      coalescer.resolve({ media: ['/2', '/5'] }),
      coalescer.resolve({ posts: [4] }),
    ]);
    // The second does not fit beside the first; the third shares /2 and fits; the post fits anywhere.
    expect(wp.sent.map((q) => [q.media, q.posts])).toEqual([
      [['/1', '/2', '/5'], [4]],
      [['/3', '/4'], undefined],
    ]);
    expect(Object.keys(answers[2].media)).toEqual(['/2', '/5']);
  });

  it('rejects every caller of a request that failed, and serves the next ones', async () => {
    let calls = 0;
    const coalescer = new ResolveCoalescer(async (query) => {
      calls += 1;
      if (calls === 1) throw new WordPressError('WordPress POST /tmu/v1/resolve failed (500)', { status: 500, retryable: true });
      return answerEverything(query);
    });
    const results = await Promise.allSettled([coalescer.resolve({ posts: [1] }), coalescer.resolve({ posts: [2] })]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(WordPressError);
    expect((await coalescer.resolve({ posts: [3] })).posts.map((p) => p.id)).toEqual([3]);
  });
});

describe('merging and splitting look-ups', () => {
  it('joins groups of one type and drops repeated keys', () => {
    const merged = mergeQueries(
      { keys: [{ type: 'season', keys: ['9:s1'] }], terms: [{ taxonomy: 'genre', slugs: ['a'] }] },
      {
        keys: [
          { type: 'season', keys: ['9:s1', '9:s2'] },
          { type: 'video', keys: ['v'] },
        ],
        terms: [{ taxonomy: 'genre', slugs: ['a', 'b'] }],
      },
    );
    expect(merged).toEqual({
      keys: [
        { type: 'season', keys: ['9:s1', '9:s2'] },
        { type: 'video', keys: ['v'] },
      ],
      terms: [{ taxonomy: 'genre', slugs: ['a', 'b'] }],
    });
  });

  it('passes the host report and table prefix on to every part', () => {
    const answer = { ...answerEverything({ posts: [1, 2] }), table_prefix: 'wp_' };
    expect(answerFor({ posts: [2] }, answer)).toMatchObject({ posts: [postState(2)], table_prefix: 'wp_', host });
  });
});
