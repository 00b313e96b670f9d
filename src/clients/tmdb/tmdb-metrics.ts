/** What the TMDb client reports; http/metrics.ts turns it into Prometheus series. */
export interface TmdbMetrics {
  /** One per attempt: the HTTP status, or 'timeout' / 'network' for answers that never came. */
  observeRequest(status: string, durationMs: number): void;
  /** One per image download attempt (the CDN, outside the API limiter). */
  observeImageRequest?(status: string, durationMs: number): void;
  /** Time a request waited for the limiter or a Retry-After before it could be sent. */
  observeRateLimitWait(ms: number): void;
}

export const noopTmdbMetrics: TmdbMetrics = {
  observeRequest: () => undefined,
  observeRateLimitWait: () => undefined,
};
