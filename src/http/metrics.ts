import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { TmdbMetrics } from '../clients/tmdb/tmdb.client';

export interface SidecarMetrics {
  registry: Registry;
  tmdb: TmdbMetrics;
  // Function properties, not methods: main.ts hands them on detached from the object.
  observeSync: (type: string, seconds: number, outcome: 'succeeded' | 'failed') => void;
  /** Every request to WordPress, by method and route (ids folded to :id). */
  observeWordPressRequest: (method: string, route: string) => void;
}

/** Prometheus metrics (docs/operations.md lists them with what to alert on): TMDb requests by status, rate-limit waits, jobs by state, sync durations. */
export function createMetrics(jobCounts: () => Promise<Record<string, number>>): SidecarMetrics {
  const registry = new Registry();
  const requests = new Counter({
    name: 'tmu_tmdb_requests_total',
    help: 'Requests made to the TMDb API, by HTTP status (or error kind)',
    labelNames: ['status'],
    registers: [registry],
  });
  const imageRequests = new Counter({
    name: 'tmu_tmdb_image_requests_total',
    help: "Image downloads from TMDb's image CDN (outside the API limiter), by HTTP status (or error kind)",
    labelNames: ['status'],
    registers: [registry],
  });
  const requestSeconds = new Histogram({
    name: 'tmu_tmdb_request_duration_seconds',
    help: 'TMDb request durations',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: [registry],
  });
  const waits = new Counter({
    name: 'tmu_tmdb_rate_limit_wait_seconds_total',
    help: 'Time spent waiting because of TMDb rate limits',
    registers: [registry],
  });
  const syncSeconds = new Histogram({
    name: 'tmu_sync_duration_seconds',
    help: 'Duration of one title or person sync',
    labelNames: ['type', 'outcome'],
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300],
    registers: [registry],
  });
  const wpRequests = new Counter({
    name: 'tmu_wordpress_requests_total',
    help: 'Requests made to WordPress, by method and route',
    labelNames: ['method', 'route'],
    registers: [registry],
  });
  new Gauge({
    name: 'tmu_jobs',
    help: 'Jobs in tmu_sync_jobs by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [state, count] of Object.entries(await jobCounts())) this.set({ state }, count);
    },
  });
  return {
    registry,
    tmdb: {
      observeRequest: (status, ms) => {
        requests.inc({ status });
        requestSeconds.observe(ms / 1000);
      },
      observeImageRequest: (status) => imageRequests.inc({ status }),
      observeRateLimitWait: (ms) => waits.inc(ms / 1000),
    },
    observeSync: (type, seconds, outcome) => syncSeconds.observe({ type, outcome }, seconds),
    observeWordPressRequest: (method, route) => wpRequests.inc({ method, route }),
  };
}
