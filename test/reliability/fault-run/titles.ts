/**
 * What the fault run syncs, and the signed `sync.requested` sender that keeps
 * trying (as the plugin does) until a sidecar accepts each title.
 */
import { randomUUID } from 'node:crypto';
import { signedHeaders } from '../../../src/http/webhook-signature';

export interface Title {
  type: 'movie' | 'tv';
  tmdbId: number;
  options: { images: boolean; videos: boolean; credits: boolean; seasons?: 'all' };
}

/** Synthetic titles t and t + 50,000 share their cast and crew (the stand-in's people pools). */
const SHARED_CAST_OFFSET = 50_000;

/**
 * `movies` movies and `series` series (with every season) from id `base` on.
 * Every `creditsEvery`-th movie comes with its cast-sharing twin, both with credits
 * (people posts made by two jobs at once); every `imagesEvery`-th title has images.
 */
export function planTitles(base: number, movies: number, series: number, every: { credits: number; images: number }): Title[] {
  const titles: Title[] = [];
  for (let i = 0; titles.length < movies; i += 1) {
    const credits = i % every.credits === 0;
    titles.push({ type: 'movie', tmdbId: base + i, options: { images: i % every.images === 0, videos: true, credits } });
    if (credits && titles.length < movies) titles.push({ type: 'movie', tmdbId: base + SHARED_CAST_OFFSET + i, options: { images: false, videos: true, credits } });
  }
  for (let i = 0; i < series; i += 1) {
    titles.push({ type: 'tv', tmdbId: base + 1_000_000 + i, options: { images: i % every.images === 0, videos: false, credits: false, seasons: 'all' } });
  }
  return titles;
}

export const titleKey = (t: Pick<Title, 'type' | 'tmdbId'>) => `${t.type}:${t.tmdbId}`;

export interface SendResult {
  jobId: number | null;
  tries: number;
  answers: Record<string, number>;
}

/**
 * One delivery per title, sent to the sidecars in turn until one answers 202.
 * The delivery id stays the same across tries, as the plugin's retries keep it.
 */
export async function sendUntilAccepted(urls: () => string[], secret: string, title: Title, deadline: number): Promise<SendResult> {
  const delivery = randomUUID();
  const body = JSON.stringify({ event: 'sync.requested', type: title.type, tmdb_id: title.tmdbId, options: title.options });
  const answers: Record<string, number> = {};
  for (let tries = 1; Date.now() < deadline; tries += 1) {
    const targets = urls();
    const url = targets[tries % targets.length];
    let status = 'network';
    try {
      const headers = { 'content-type': 'application/json', ...signedHeaders(secret, 'POST', '/webhooks/wordpress', body, delivery) };
      const res = await fetch(`${url}/webhooks/wordpress`, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
      const json = (await res.json().catch(() => ({}))) as { job_id?: number };
      status = String(res.status);
      if (res.status === 202 && json.job_id) {
        answers[status] = (answers[status] ?? 0) + 1;
        return { jobId: json.job_id, tries, answers };
      }
    } catch {
      // A sidecar that is down or was killed mid-request: try the next one.
    }
    answers[status] = (answers[status] ?? 0) + 1;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { jobId: null, tries: 0, answers };
}

/** Runs `fn` over `items` with at most `limit` at once. */
export async function inBatches<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}
