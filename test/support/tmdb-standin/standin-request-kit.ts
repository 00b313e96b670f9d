/** Requests to a TMDb stand-in as a test makes them, and stand-ins that close when the test file ends. */
import { startTmdbStandin, TmdbStandin, TmdbStandinOptions } from '../../../tools/tmdb-standin/tmdb-standin.server';

/** A TMDb answer, read field by field. */
export type Body = Record<string, any>;

/** A function that starts stand-ins; each is closed after all the tests of the file that calls this at its top level. */
export function standinsClosedAfterAll(): (options?: TmdbStandinOptions) => Promise<TmdbStandin> {
  const started: TmdbStandin[] = [];
  afterAll(async () => {
    await Promise.all(started.map((s) => s.close()));
  });
  return async (options = {}) => {
    const s = await startTmdbStandin(options);
    started.push(s);
    return s;
  };
}

/** GET a stand-in path ("/movie/550?...") with the key in the query, unless `auth` says otherwise. */
export async function get(s: TmdbStandin, path: string, auth: 'query' | 'bearer' | 'none' = 'query'): Promise<{ status: number; body: Body; headers: Headers }> {
  const url = new URL(s.url + path);
  const headers: Record<string, string> = {};
  if (auth === 'query') url.searchParams.set('api_key', s.apiKey);
  if (auth === 'bearer') headers.Authorization = `Bearer ${s.apiKey}`;
  const res = await fetch(url, { headers });
  const text = await res.text();
  let body: Body;
  try {
    body = JSON.parse(text) as Body;
  } catch {
    body = { raw: text };
  }
  return { status: res.status, body, headers: res.headers };
}

export const ids = (list: Body[]) => list.map((x) => x.id as number);
