import { planRefresh } from '../../../src/services/discovery/list-order';
import { discoveredTitle, foundAgain, listItem } from '../../support/factories';

describe('planRefresh: a curated list refreshed in a stable order', () => {
  it('keeps the titles that stay in their order, appends newcomers in TMDb order, removes the rest', () => {
    const [a, b, c] = [listItem(1), listItem(2), listItem(3)];
    const x = discoveredTitle();
    const y = discoveredTitle();
    // TMDb now lists c, x, a, y: b dropped out.
    const plan = planRefresh([a, b, c], [foundAgain(c), x, foundAgain(a), y], 10);
    expect(plan.order.map((o) => o.tmdbId)).toEqual([a.tmdbId, c.tmdbId, x.tmdbId, y.tmdbId]);
    expect(plan.remove).toEqual([b.id]);
    expect(plan).toMatchObject({ kept: 2, added: 2, removed: 1 });
    // a stays at 1; c moves from 3 to 2; x and y are inserted at 3 and 4.
    expect(plan.update).toEqual([{ id: c.id, position: 2, postId: c.postId, mediaType: 'movie' }]);
    expect(plan.insert.map((i) => [i.position, i.tmdbId])).toEqual([
      [3, x.tmdbId],
      [4, y.tmdbId],
    ]);
  });

  it('touches no row when nothing changed', () => {
    const items = [listItem(1), listItem(2)];
    const plan = planRefresh(
      items,
      items.map((i) => foundAgain(i)),
      10,
    );
    expect(plan).toMatchObject({ remove: [], update: [], insert: [], kept: 2, added: 0, removed: 0 });
  });

  it('updates a row whose post changed (a TV title now kept as a drama) without moving it', () => {
    const item = listItem(1, { mediaType: 'tv' });
    const plan = planRefresh([item], [foundAgain(item, { mediaType: 'drama', postId: item.postId! + 1 })], 10);
    expect(plan.update).toEqual([{ id: item.id, position: 1, postId: item.postId! + 1, mediaType: 'drama' }]);
  });

  it('cuts to the limit: titles that stay first, then newcomers; a title found twice counts once', () => {
    const [a, b] = [listItem(1), listItem(2)];
    const x = discoveredTitle();
    const plan = planRefresh([a, b], [x, foundAgain(b), foundAgain(b), foundAgain(a)], 2);
    expect(plan.order.map((o) => o.tmdbId)).toEqual([a.tmdbId, b.tmdbId]);
    expect(plan).toMatchObject({ kept: 2, added: 0, removed: 0, insert: [] });
  });

  it('sorts stored rows by position before planning, and a limit of 0 empties the list', () => {
    const [a, b] = [listItem(2), listItem(1)];
    expect(planRefresh([a, b], [foundAgain(a), foundAgain(b)], 5).order.map((o) => o.tmdbId)).toEqual([b.tmdbId, a.tmdbId]);
    expect(planRefresh([a, b], [foundAgain(a)], 0)).toMatchObject({ remove: [b.id, a.id], order: [] });
  });

  it('keeps a pinned title at its place though TMDb dropped it, and never brings back a removed one', () => {
    const [a, b, c, d] = [listItem(1), listItem(2, { pinned: true }), listItem(3), listItem(9, { hidden: true })];
    const x = discoveredTitle();
    // TMDb now lists d (removed by an editor), x, c, a: b (pinned) dropped out.
    const plan = planRefresh([a, b, c, d], [foundAgain(d), x, foundAgain(c), foundAgain(a)], 4);
    expect(plan.order.map((o) => o.tmdbId)).toEqual([a.tmdbId, b.tmdbId, c.tmdbId, x.tmdbId]);
    expect(plan).toMatchObject({ remove: [], update: [], kept: 3, added: 1, removed: 0 });
    expect(plan.insert).toEqual([{ position: 4, postId: x.postId, tmdbId: x.tmdbId, mediaType: 'movie' }]);
  });

  it('counts pins in the limit, and puts a pin past the end of a shorter list last', () => {
    const [a, b, pin] = [listItem(1), listItem(2), listItem(5, { pinned: true })];
    const plan = planRefresh([a, b, pin], [foundAgain(a)], 2);
    expect(plan.order.map((o) => o.tmdbId)).toEqual([a.tmdbId, pin.tmdbId]);
    expect(plan.remove).toEqual([b.id]);
    expect(plan.update).toEqual([{ id: pin.id, position: 2, postId: pin.postId, mediaType: 'movie' }]);
  });
});
