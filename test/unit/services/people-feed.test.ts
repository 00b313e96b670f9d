/**
 * The people feed of a title.complete job: people handed over as titles complete are refreshed in
 * rounds (each person once), at most two rounds at once, the rest at the end; a round that fails
 * is logged and left to the queued people.refresh job, never the titles' failure.
 */
import pino from 'pino';
import { PeopleFeed, PeopleRefresher } from '../../../src/services/sync/people-feed.service';
import type { PeopleRefreshOptions, PeopleRefreshResult } from '../../../src/services/sync/people-refresh.service';

interface Call {
  ids: number[];
  portraits: number[];
  options?: PeopleRefreshOptions;
}

function refresher(behave: (call: Call) => Promise<PeopleRefreshResult> | PeopleRefreshResult = (c) => ({ refreshed: c.ids.length, skipped: 0, failed: [] })) {
  const calls: Call[] = [];
  let inFlight = 0;
  let most = 0;
  const people: PeopleRefresher = {
    async refresh(ids, portraits, options) {
      const call = { ids, portraits, options };
      calls.push(call);
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        await new Promise((r) => setTimeout(r, 5));
        return await behave(call);
      } finally {
        inFlight -= 1;
      }
    },
  };
  return { people, calls, most: () => most };
}

/** Bottleneck starts a scheduled round on a later tick. */
const tick = () => new Promise((r) => setTimeout(r, 1));
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
const silent = pino({ level: 'silent' });

describe('PeopleFeed', () => {
  it('starts a round once a round of people waits, each person once, with the portraits wished for them', async () => {
    const r = refresher();
    const feed = new PeopleFeed(r.people, silent, undefined, 10);
    feed.add(range(1, 6), [1, 2]);
    // Credited again by another title: not fetched twice; a portrait wish for someone already sent still counts later.
    feed.add([...range(1, 3), ...range(7, 2)], [8]);
    await tick();
    expect(r.calls).toHaveLength(0);
    feed.add(range(9, 4), [12]);
    await tick();
    // Whole rounds: the two people beyond the round wait for the next.
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0].ids).toEqual(range(1, 10));
    expect(r.calls[0].portraits).toEqual([1, 2, 8]);
    feed.add(range(13, 3), [12]);
    expect(await feed.finish()).toBe(15);
    expect(r.calls.map((c) => c.ids)).toEqual([range(1, 10), range(11, 5)]);
    expect(r.calls[1].portraits).toEqual([12]);
  });

  it('runs at most two rounds at once', async () => {
    const r = refresher();
    const feed = new PeopleFeed(r.people, silent, undefined, 2);
    for (let i = 0; i < 6; i += 1) feed.add(range(i * 2 + 1, 2), []);
    expect(await feed.finish()).toBe(12);
    expect(r.calls).toHaveLength(6);
    expect(r.most()).toBe(2);
  });

  it('logs a round that fails and goes on: those people stay due for their people.refresh job', async () => {
    const warnings: unknown[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
    const r = refresher((call) => {
      if (call.ids.includes(1)) throw new Error('WordPress is down');
      return { refreshed: call.ids.length - 1, skipped: 0, failed: [{ tmdbId: call.ids[0], message: 'gone' }] };
    });
    const feed = new PeopleFeed(r.people, logger, undefined, 2);
    feed.add([1, 2], []);
    feed.add([3, 4], []);
    await expect(feed.finish()).resolves.toBe(1);
    expect(warnings).toHaveLength(2);
    expect(warnings).toEqual(expect.arrayContaining([expect.objectContaining({ err: 'WordPress is down', people: 2 }), expect.objectContaining({ failed: 1, people: 2 })]));
  });

  it('starts no round once the job is stopped, and hands the signal to the rounds', async () => {
    const stop = new AbortController();
    const r = refresher();
    const feed = new PeopleFeed(r.people, silent, stop.signal, 2);
    feed.add([1, 2], []);
    await tick();
    stop.abort();
    feed.add([3, 4], []);
    await feed.finish();
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0].options?.signal).toBe(stop.signal);
  });
});

describe('PeopleFeed hand-over of what its rounds left', () => {
  it('hands the failed people and a failed round to one people job, with their portrait wishes', async () => {
    let round = 0;
    const r = refresher((c) => {
      round += 1;
      if (round === 1) return { refreshed: c.ids.length - 1, skipped: 0, failed: [{ tmdbId: c.ids[0], message: 'TMDb is down' }] };
      throw new Error('WordPress is down');
    });
    const handedOver: Array<{ ids: number[]; portraits: number[] }> = [];
    const feed = new PeopleFeed(r.people, silent, undefined, 3, async (ids, portraits) => {
      handedOver.push({ ids, portraits });
    });
    feed.add(range(1, 3), [1]);
    feed.add(range(4, 2), [5]);
    await feed.finish();
    expect(handedOver).toEqual([{ ids: [1, 4, 5], portraits: [1, 5] }]);
  });

  it('queues no people job when every round did its people', async () => {
    const handOver = jest.fn(async () => undefined);
    const feed = new PeopleFeed(refresher().people, silent, undefined, 3, handOver);
    feed.add(range(1, 5), [1]);
    expect(await feed.finish()).toBe(5);
    expect(handOver).not.toHaveBeenCalled();
  });
});
