/**
 * With CONTENT_STORE=local on MariaDB, two titles creating the same new
 * terms at once deadlocked (each held the lock of a term it had just inserted, in its own
 * transaction, and waited for the other's). Retried, it worked, but it should not need to.
 */
import { LocalContentRepository } from '../../src/repositories/local-content.repository';
import { LocalContentStore } from '../../src/clients/content-store/local-content-store';
import type { TermInput } from '../../src/domain/content-store';
import { describeEachDatabase } from '../support/test-databases';

const TITLES = 12;
const TERMS = 16;
/** Rounds of the race, each with new names: one round deadlocked about one run in three. */
const ROUNDS = 6;

/** Title i's genres in a round: an overlapping window of the round's names, in an order of its own. */
function termsOf(i: number, round = 0): TermInput[] {
  const names = Array.from({ length: TERMS }, (_, k) => `Genre ${round}${(i * 3 + k) % (TERMS + 8)}`);
  const order = i % 2 === 0 ? names : [...names].reverse();
  return order.map((name) => ({ taxonomy: 'genre', name, slug: name.toLowerCase().replace(' ', '-') }));
}

describeEachDatabase('local store terms under concurrent titles', (t) => {
  it('creates overlapping new terms from many transactions at once, with no error and no duplicate', async () => {
    const repo = new LocalContentRepository(t.db, t.prefix);
    await repo.ensureSchema();
    const store = new LocalContentStore(repo, '/nonexistent-uploads');
    const posts = await store.findOrCreatePosts(Array.from({ length: TITLES }, (_, i) => ({ type: 'movie' as const, key: `term-race-${i}`, title: `Term race ${i}` })));
    const errors: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const outcomes = await Promise.allSettled(
        posts.map((post, i) => t.db.transaction((trx) => store.forTransaction(trx).setTerms('movie', post.id, 'genre', termsOf(i, round)))),
      );
      errors.push(...outcomes.flatMap((o) => (o.status === 'rejected' ? [String((o.reason as Error).message)] : [])));
    }
    expect(errors).toEqual([]);

    const rows = await t.db(repo.tables.terms).where({ taxonomy: 'genre' }).select('slug');
    const slugs = rows.map((r) => String(r.slug));
    expect(new Set(slugs).size).toBe(slugs.length);
    const wanted = new Set(posts.flatMap((_, i) => Array.from({ length: ROUNDS }, (__, round) => termsOf(i, round).map((term) => term.name)).flat()));
    expect(slugs.length).toBe(wanted.size);
    for (const [i, post] of posts.entries()) {
      const linked = (await store.getTerms(post.id, 'genre')).map((term) => term.name).sort();
      expect(linked).toEqual(
        termsOf(i, ROUNDS - 1)
          .map((term) => term.name)
          .sort(),
      );
    }
  });
});
