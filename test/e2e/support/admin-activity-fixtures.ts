/**
 * Fixtures of the admin activity suites: a library seeded the way the admin screens fill it, and
 * readers of the Sync activity page's HTML.
 */
import { tmdbId } from '../../support/factories';
import { FIRST_MISSING_ID } from '../../../tools/tmdb-standin/synthetic-ids';
import { AdminStack, AdminStackOptions, startAdminStack } from './admin-stack';
import type { FullStack } from './full-stack';

export const QUICK = { images: false, videos: false, credits: false };
export const SEEDED_MOVIES = 4;
export const ACTIVITY = '/wp-admin/tools.php?page=tmu-sync-activity';
export const SETTINGS_PAGE = 'options-general.php?page=tmu-sidecar';
export const PER_PAGE = 20;
/** A TV id the stand-in answers 404 for: its sync fails. */
export const GONE_TV_ID = FIRST_MISSING_ID + 7;

export interface ActivityLibrary {
  movies: Array<{ tmdbId: number; postId: number; jobId: number }>;
  failedTv: { postId: number; jobId: number };
  neverSyncedPersonId: number;
}

type Attributes = Record<string, string>;

function attributes(tag: string): Attributes {
  const out: Attributes = {};
  for (const m of tag.matchAll(/([\w-]+)="([^"]*)"/g)) out[m[1]] = m[2];
  return out;
}

/** The data-* attributes of each row of a table, by the table's id. */
export function tableRows(html: string, id: string): Attributes[] {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) throw new Error(`no table #${id} in the page`);
  const table = html.slice(start, html.indexOf('</table>', start));
  return [...table.matchAll(/<tr (data-[^>]*)>/g)].map((m) => attributes(m[1]));
}

export function totalOf(html: string): number {
  const m = /id="tmu-activity-total" data-total="(\d+)"/.exec(html);
  if (!m) throw new Error('no #tmu-activity-total in the page');
  return Number(m[1]);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const utcDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** A wp-admin page fetched with a login cookie. */
export async function fetchAdminHtml(s: FullStack, cookie: string, pathAndQuery: string): Promise<{ status: number; html: string }> {
  const res = await fetch(`${s.wp.url}${pathAndQuery}`, { headers: { Cookie: cookie }, redirect: 'manual' });
  return { status: res.status, html: await res.text() };
}

async function postIdFor(s: FullStack, type: string, id: number): Promise<number> {
  const found = await s.api('GET', `/wp/v2/${type}`, { query: { tmdb_id: id, status: 'any', context: 'edit' } });
  expect(found.status).toBe(200);
  expect(found.body).toHaveLength(1);
  return found.body[0].id;
}

/**
 * A few movies imported the way the admin screens do, a TV show whose TMDb id does not exist (its sync
 * fails and leaves tmu_last_error) and a person never synced.
 */
async function seedActivityLibrary(s: FullStack): Promise<ActivityLibrary> {
  const movies: ActivityLibrary['movies'] = [];
  const ids = Array.from({ length: SEEDED_MOVIES }, () => tmdbId());
  const queued = await Promise.all(ids.map((id) => s.api('POST', '/tmu/v1/import', { body: { type: 'movie', tmdb_id: id, options: QUICK } })));
  for (const [index, answer] of queued.entries()) {
    expect(answer.status).toBe(202);
    expect(await s.waitForJob(answer.body.job_id)).toMatchObject({ status: 'succeeded' });
    movies.push({ tmdbId: ids[index], postId: await postIdFor(s, 'movie', ids[index]), jobId: answer.body.job_id });
  }

  const tv = await s.api('POST', '/wp/v2/tv', { body: { title: 'Gone show', status: 'publish', meta: { tmdb_id: GONE_TV_ID } } });
  expect(tv.status).toBe(201);
  const tvSync = await s.api('POST', '/tmu/v1/sync', { body: { post_id: tv.body.id, options: QUICK } });
  expect(tvSync.status).toBe(202);
  expect(await s.waitForJob(tvSync.body.job_id)).toMatchObject({ status: 'failed' });

  const person = await s.api('POST', '/wp/v2/people', { body: { title: 'Nobody Synced', status: 'publish' } });
  expect(person.status).toBe(201);
  return { movies, failedTv: { postId: tv.body.id, jobId: tvSync.body.job_id }, neverSyncedPersonId: person.body.id };
}

/** The Sync activity page rendered against a prefix whose tables the sidecar never created. */
export function missingTablesPagePhp(adminId: number): string {
  return `
require_once ABSPATH . 'wp-admin/includes/admin.php';
wp_set_current_user( ${adminId} );
$GLOBALS['title'] = 'Sync activity';
$GLOBALS['wpdb']->prefix = 'nomigrations_';
$page = new \\TMU\\Sidecar\\Activity_Page( new \\TMU\\Sidecar\\Activity_Repository(), new \\TMU\\Sidecar\\Activity_Tables( new \\TMU\\Sidecar\\Jobs_Repository() ), new \\TMU\\Sidecar\\Activity_Schedules() );
$page->render_page();
`;
}

export interface ActivityStack extends ActivityLibrary {
  admin: AdminStack;
  s: FullStack;
  /** The administrator's login cookie, for pages read as HTML. */
  cookie: string;
}

/** The admin stack on a seeded library; `prepare` runs after the seeding. */
export async function startActivityStack(options: AdminStackOptions): Promise<ActivityStack> {
  let cookie = '';
  let library: ActivityLibrary | undefined;
  const admin = await startAdminStack({
    ...options,
    prepare: async (s) => {
      cookie = await s.wp.login();
      library = await seedActivityLibrary(s);
      await options.prepare?.(s);
    },
  });
  return { admin, s: admin.stack, cookie, ...library! };
}
