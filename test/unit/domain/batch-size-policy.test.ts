import { BATCH_SIZE_DEFAULTS, BatchSizePolicy, type HostLimits } from '../../../src/domain/batch-size-policy';

const host = (overrides: Partial<HostLimits> = {}): HostLimits => ({ maxExecutionSeconds: 30, memoryLimitBytes: 256 * 1024 * 1024, batchLimit: 100, ...overrides });

/** A policy that has seen `batches` batches of `items` items answer in `seconds` each. */
function measured(limits: HostLimits | null, batches: number, items: number, seconds: number): BatchSizePolicy {
  const policy = new BatchSizePolicy();
  policy.learnHost(limits);
  for (let i = 0; i < batches; i += 1) policy.succeeded(items, seconds);
  return policy;
}

describe('BatchSizePolicy', () => {
  it('sends what WordPress allows when the host reports no time limit, or nothing at all (an older plugin)', () => {
    expect(new BatchSizePolicy().size(100)).toBe(100);
    expect(measured(host({ maxExecutionSeconds: 0 }), 5, 100, 80).size(100)).toBe(100);
  });

  it('never exceeds the batch limit the plugin or OPTIONS /batch/v1 reports', () => {
    expect(measured(host({ maxExecutionSeconds: 0, batchLimit: 40 }), 0, 0, 0).size(100)).toBe(40);
    expect(measured(host({ batchLimit: 100 }), 20, 100, 1).size(25)).toBe(25);
  });

  it('starts from a conservative default until it has measured: half the time limit at the default seconds per item', () => {
    const policy = measured(host({ maxExecutionSeconds: 10 }), 0, 0, 0);
    expect(policy.size(100)).toBe(Math.floor((10 * BATCH_SIZE_DEFAULTS.budgetFraction) / BATCH_SIZE_DEFAULTS.defaultSecondsPerItem));
  });

  it('grows to the batch limit once batches prove fast', () => {
    const policy = measured(host(), 0, 0, 0);
    const first = policy.size(100);
    for (let i = 0; i < 10; i += 1) policy.succeeded(policy.size(100), policy.size(100) * 0.05);
    expect(first).toBeLessThan(100);
    expect(policy.size(100)).toBe(100);
  });

  it('shrinks after a slow batch, so the next fits in half of max_execution_time', () => {
    const policy = measured(host(), 10, 100, 5);
    expect(policy.size(100)).toBe(100);
    policy.succeeded(100, 28);
    const after = policy.size(100);
    expect(after).toBeLessThan(100);
    // The estimate never lets a batch plan for more than the budget at the measured speed.
    expect(after * policy.secondsPerItem()).toBeLessThanOrEqual(15);
  });

  it('halves the size after a batch died, even with no time limit reported', () => {
    const policy = measured(host({ maxExecutionSeconds: 0 }), 3, 100, 2);
    policy.failed(100, 0.3);
    expect(policy.size(100)).toBe(50);
    policy.failed(50, 0.3);
    expect(policy.size(100)).toBe(25);
  });

  it('a quick fatal does not make the estimate faster; a slow death makes it slower', () => {
    const policy = measured(host(), 5, 20, 10);
    const before = policy.secondsPerItem();
    policy.failed(20, 0.1);
    expect(policy.secondsPerItem()).toBe(before);
    policy.failed(10, 30);
    expect(policy.secondsPerItem()).toBeGreaterThan(before);
  });

  it('grows back carefully after a failure: an eighth per full batch, uncapped at the size that died', () => {
    const policy = measured(host({ maxExecutionSeconds: 0 }), 0, 0, 0);
    policy.failed(100, 1);
    const sizes: number[] = [];
    for (let i = 0; i < 10 && policy.size(100) < 100; i += 1) {
      sizes.push(policy.size(100));
      policy.succeeded(policy.size(100), 1);
    }
    expect(sizes).toEqual([50, 57, 65, 74, 84, 95]);
    expect(policy.size(100)).toBe(100);
  });

  it('small batches below the cap do not lift it', () => {
    const policy = measured(host({ maxExecutionSeconds: 0 }), 0, 0, 0);
    policy.failed(60, 1);
    for (let i = 0; i < 5; i += 1) policy.succeeded(3, 0.2);
    expect(policy.size(100)).toBe(30);
  });

  it('sends at least one item however slow the host', () => {
    expect(measured(host({ maxExecutionSeconds: 1 }), 5, 1, 20).size(100)).toBe(1);
  });
});
