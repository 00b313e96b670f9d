/** The fault run's seeded faults: the rates asked for, the same faults for the same seed, independent tries. */
import { RandomFaults } from '../../../tools/tmdb-standin/random-faults';

const RATES = { rate429: 0.1, retryAfterShare: 0.5, retryAfterSeconds: 1, rate503: 0.05, rateHang: 0.02, rateTruncated: 0.02 };
const TITLES = 20_000;
const TRIES = 5;

function draw(seed: number): { faults: RandomFaults; kinds: string[]; fiveInARow: number } {
  const faults = new RandomFaults({ seed, ...RATES });
  const kinds: string[] = [];
  let fiveInARow = 0;
  for (let i = 0; i < TITLES; i += 1) {
    let all = true;
    for (let n = 0; n < TRIES; n += 1) {
      const f = faults.take(`/3/movie/${40_000_000 + i}?append_to_response=credits,videos`);
      kinds.push(f ? `${f.kind}:${f.retryAfterSeconds ?? '-'}` : 'ok');
      if (!f) all = false;
    }
    if (all) fiveInARow += 1;
  }
  return { faults, kinds, fiveInARow };
}

describe('RandomFaults', () => {
  it('gives each fault at its rate, and a retry an independent draw', () => {
    const { faults, fiveInARow } = draw(9);
    const s = faults.summary();
    const n = TITLES * TRIES;
    expect(s.drawn).toBe(n);
    expect(s['429'] / n).toBeCloseTo(0.05, 2);
    expect(s['429-retry-after'] / n).toBeCloseTo(0.05, 2);
    expect(s['503'] / n).toBeCloseTo(0.05, 2);
    expect(s.hang / n).toBeCloseTo(0.02, 2);
    expect(s.truncated / n).toBeCloseTo(0.02, 2);
    // 0.19^5 of 20,000 titles is about 5; correlated tries would fail hundreds.
    expect(fiveInARow).toBeLessThan(20);
  });

  it('hands out the same faults for the same seed, other faults for another', () => {
    expect(draw(9).kinds).toEqual(draw(9).kinds);
    expect(draw(10).kinds).not.toEqual(draw(9).kinds);
  });

  it('leaves image paths alone', () => {
    const faults = new RandomFaults({ seed: 1, ...RATES, rate429: 0.91 });
    for (let i = 0; i < 100; i += 1) expect(faults.take(`/t/p/w500/poster-${i}.jpg`)).toBeUndefined();
  });
});
