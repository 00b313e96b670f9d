/**
 * The one backoff for retrying work later (a job, or one item of a many-item job):
 * doubling from `baseMs`, with jitter between half and all of it, so retries of
 * many items that failed together spread out.
 */
export function retryDelayMs(retry: number, baseMs: number, random: () => number = Math.random): number {
  return baseMs * 2 ** retry * (0.5 + random() / 2);
}
