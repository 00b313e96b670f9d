/**
 * The one backoff for retrying work later (a job, or one item of a many-item job):
 * doubling from `baseMs`, with jitter between half and all of it, so retries of
 * many items that failed together spread out.
 */
export function retryDelayMs(retry: number, baseMs: number, random: () => number = Math.random): number {
  return baseMs * 2 ** retry * (0.5 + random() / 2);
}

/**
 * How a title is tried, wherever it is synced: a webhook's sync job, a bulk or an import item.
 * With the doubling backoff, 5 attempts span 37-75 s, so a title outlasts a WordPress or TMDb
 * outage of half a minute (an import item used to give up after about 2 s).
 */
export const TITLE_RETRY = { attempts: 5, baseMs: 5_000 } as const;

/** Waits `ms`, or less when `signal` aborts (a cancelled job does not sit out its backoff). */
export function backoff(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
