/**
 * The permission table of docs/http-contract.md: every tmu/v1 route the plugin registers and the sync
 * meta of wp/v2, with what each role gets; a cell is "status" plus what the answer holds where that is the point.
 */
import { Answer, NEW_TITLE, Role, Row, SignedInRole, SYNC_ERROR, TitleName, TITLES, World } from './role-table-world';

const namesOf = (world: World, ids: number[]) =>
  ids
    .map((id) => (Object.keys(world.posts) as TitleName[]).find((name) => world.posts[name] === id) ?? `#${id}`)
    .sort()
    .join(',');
const tmdbNames = (tmdbIds: number[]) =>
  tmdbIds
    .map((tmdbId) => (Object.keys(TITLES) as TitleName[]).find((name) => TITLES[name] === tmdbId) ?? String(tmdbId))
    .sort()
    .join(',');
const forwardedImport = (answer: Answer) =>
  answer.forwarded.find((r) => r.method === 'POST' && r.url === '/import')?.body as { status: string; items: Array<{ tmdb_id: number }>; requested_by?: number } | undefined;
const forwardedEvent = (answer: Answer) => answer.forwarded.find((r) => r.url === '/webhooks/wordpress')?.body as { requested_by?: number } | undefined;
/** Who a job or a request names as its requester: the caller ("me"), another role, or nobody. */
const byMe = (world: World, role: Role, requestedBy: number | undefined) => {
  if (requestedBy === undefined || requestedBy === null) return 'by=none';
  if (role !== 'anonymous' && requestedBy === world.users[role].id) return 'by=me';
  const other = (Object.keys(world.users) as SignedInRole[]).find((r) => world.users[r].id === requestedBy);
  return `by=${other ?? `#${requestedBy}`}`;
};
/** The sync state meta keys, shown to editors only. */
const SYNC_META = ['tmu_key', 'tmu_last_error', 'tmu_last_synced_at'];
/** Public routes answer every role alike; without the sidecar's list tables that is their 503. */
const LISTS_MISSING = '503 tmu_lists_unavailable';
/** `random` reads the sidecar's picks, none here: its 404 is what every role gets. */
const RANDOM_NONE = '404 tmu_random_empty';

/** Every tmu/v1 route the plugin registers, and the sync meta of wp/v2: the table of docs/http-contract.md. */
export const TABLE: Row[] = [
  {
    route: 'GET tmu/v1/tmdb/browse',
    request: () => ({ method: 'GET', route: '/tmu/v1/tmdb/browse', query: { source: 'popular', type: 'movie' } }),
    cells: { anonymous: '401', subscriber: '403', contributor: '200', author: '200', editor: '200', administrator: '200' },
  },
  {
    route: 'GET tmu/v1/tmdb/genres',
    request: () => ({ method: 'GET', route: '/tmu/v1/tmdb/genres', query: { type: 'movie' } }),
    cells: { anonymous: '401', subscriber: '403', contributor: '200', author: '200', editor: '200', administrator: '200' },
  },
  {
    route: 'GET tmu/v1/search',
    request: () => ({ method: 'GET', route: '/tmu/v1/search', query: { q: 'fight club', type: 'movie' } }),
    cells: { anonymous: '401', subscriber: '403', contributor: '200', author: '200', editor: '200', administrator: '200' },
  },
  {
    route: 'POST tmu/v1/import (new titles, published asked)',
    request: () => ({ method: 'POST', route: '/tmu/v1/import', body: { items: [{ type: 'movie', tmdb_id: NEW_TITLE }], status: 'publish' } }),
    detail: (answer, world, role) => {
      const sent = forwardedImport(answer);
      return sent ? `sent=${sent.status} ${byMe(world, role, sent.requested_by)}` : '';
    },
    cells: {
      anonymous: '401',
      subscriber: '403',
      contributor: '202 sent=draft by=me',
      author: '202 sent=publish by=me',
      editor: '202 sent=publish by=me',
      administrator: '202 sent=publish by=me',
    },
  },
  {
    route: 'POST tmu/v1/import (resync of an admin post and a contributor draft)',
    request: () => ({
      method: 'POST',
      route: '/tmu/v1/import',
      body: {
        items: [
          { type: 'movie', tmdb_id: TITLES.adminPublished },
          { type: 'movie', tmdb_id: TITLES.contributorDraft },
        ],
        status: 'draft',
        resync: true,
      },
    }),
    detail: (answer) => {
      const refused = ((answer.body?.refused ?? answer.body?.data?.refused ?? []) as Array<{ tmdb_id: number }>).map((r) => r.tmdb_id);
      const sent = forwardedImport(answer);
      return `refused=${tmdbNames(refused) || '-'} sent=${sent ? tmdbNames(sent.items.map((i) => i.tmdb_id)) : '-'}`;
    },
    cells: {
      anonymous: '401 refused=- sent=-',
      subscriber: '403 refused=- sent=-',
      contributor: '202 refused=adminPublished sent=contributorDraft',
      author: '403 refused=adminPublished,contributorDraft sent=-',
      editor: '202 refused=- sent=adminPublished,contributorDraft',
      administrator: '202 refused=- sent=adminPublished,contributorDraft',
    },
  },
  {
    route: "POST tmu/v1/import (one title: the admin's published movie)",
    request: () => ({ method: 'POST', route: '/tmu/v1/import', body: { type: 'movie', tmdb_id: TITLES.adminPublished } }),
    detail: (answer) => (answer.status === 403 ? String(answer.body?.code) : ''),
    cells: {
      anonymous: '401',
      subscriber: '403 rest_forbidden',
      contributor: '403 rest_forbidden',
      author: '403 tmu_cannot_edit',
      editor: '202',
      administrator: '202',
    },
  },
  {
    route: "POST tmu/v1/sync (the admin's published movie)",
    request: (world) => ({ method: 'POST', route: '/tmu/v1/sync', body: { post_id: world.posts.adminPublished } }),
    detail: (answer, world, role) => (answer.status === 202 ? byMe(world, role, forwardedEvent(answer)?.requested_by) : ''),
    cells: { anonymous: '401', subscriber: '403', contributor: '403', author: '403', editor: '202 by=me', administrator: '202 by=me' },
  },
  {
    route: "POST tmu/v1/sync (the contributor's draft)",
    request: (world) => ({ method: 'POST', route: '/tmu/v1/sync', body: { post_id: world.posts.contributorDraft } }),
    cells: { anonymous: '401', subscriber: '403', contributor: '202', author: '403', editor: '202', administrator: '202' },
  },
  {
    route: 'POST tmu/v1/bulk',
    request: () => ({ method: 'POST', route: '/tmu/v1/bulk', body: {} }),
    cells: { anonymous: '401', subscriber: '403', contributor: '403', author: '403', editor: '403', administrator: '202' },
  },
  {
    route: "GET tmu/v1/jobs/{id} (an administrator's job)",
    request: (world) => ({ method: 'GET', route: `/tmu/v1/jobs/${world.jobs.admin}` }),
    detail: (answer) => (answer.status === 200 ? `log=${answer.body.log.length}` : ''),
    cells: { anonymous: '401', subscriber: '403', contributor: '403', author: '403', editor: '403', administrator: '200 log=1' },
  },
  {
    route: "GET tmu/v1/jobs/{id} (the contributor's job)",
    request: (world) => ({ method: 'GET', route: `/tmu/v1/jobs/${world.jobs.contributor}` }),
    detail: (answer, world, role) =>
      answer.status === 200 ? `log=${answer.body.log.length} errors=${answer.body.errors.length} ${byMe(world, role, answer.body.requested_by)}` : '',
    cells: {
      anonymous: '401',
      subscriber: '403',
      contributor: '200 log=1 errors=1 by=me',
      author: '403',
      editor: '403',
      administrator: `200 log=1 errors=1 by=contributor`,
    },
  },
  {
    route: 'GET tmu/v1/jobs/{id} (a scheduled job)',
    request: (world) => ({ method: 'GET', route: `/tmu/v1/jobs/${world.jobs.scheduled}` }),
    cells: { anonymous: '401', subscriber: '403', contributor: '403', author: '403', editor: '403', administrator: '200' },
  },
  {
    route: 'POST tmu/v1/jobs/{id}/cancel',
    request: (world) => ({ method: 'POST', route: `/tmu/v1/jobs/${world.jobs.contributor}/cancel` }),
    cells: { anonymous: '401', subscriber: '403', contributor: '403', author: '403', editor: '403', administrator: '200' },
  },
  {
    // An item on the admin's published movie with neither file nor hot-link: who may upload, then who may attach to that post.
    route: "POST tmu/v1/media (an item for the admin's published movie)",
    request: (world) => ({ method: 'POST', route: '/tmu/v1/media', body: { items: [{ key: '/role-table-media.jpg', post: world.posts.adminPublished }] } }),
    detail: (answer) => (answer.status === 200 ? `item=${answer.body.items?.[0]?.error?.code ?? 'made'}` : ''),
    cells: {
      anonymous: '401',
      subscriber: '403',
      contributor: '403',
      author: '200 item=tmu_media_cannot_edit',
      editor: '200 item=tmu_media_bad_item',
      administrator: '200 item=tmu_media_bad_item',
    },
  },
  {
    route: 'POST tmu/v1/resolve',
    request: (world) => ({
      method: 'POST',
      route: '/tmu/v1/resolve',
      body: { tmdb_ids: [{ type: 'movie', keys: Object.values(TITLES).map(String) }], posts: Object.values(world.posts) },
    }),
    detail: (answer, world) => {
      if (answer.status !== 200) return '';
      const found = Object.keys(answer.body.tmdb_ids.movie ?? {}).map(Number);
      const states = (answer.body.posts as Array<{ id: number }>).map((p) => p.id);
      return `ids=${tmdbNames(found) || '-'} posts=${namesOf(world, states) || '-'}`;
    },
    cells: {
      anonymous: '401',
      subscriber: '403',
      contributor: '200 ids=contributorDraft posts=contributorDraft',
      author: '200 ids=authorPublished posts=authorPublished',
      editor: `200 ids=${tmdbNames(Object.values(TITLES))} posts=${tmdbNames(Object.values(TITLES))}`,
      administrator: `200 ids=${tmdbNames(Object.values(TITLES))} posts=${tmdbNames(Object.values(TITLES))}`,
    },
  },
  {
    // "Use TMDb's value" of the fields box: edit_post on that post (this stack has no tmu_* rows, hence 404 past the check).
    route: "POST tmu/v1/fields/{id}/tmdb (the contributor's draft)",
    request: (world) => ({ method: 'POST', route: `/tmu/v1/fields/${world.posts.contributorDraft}/tmdb`, body: { field: 'runtime' } }),
    detail: (answer) => (answer.status === 404 ? String(answer.body?.code ?? '') : ''),
    cells: {
      anonymous: '401',
      subscriber: '403',
      contributor: '404 tmu_fields_not_found',
      author: '403',
      editor: '404 tmu_fields_not_found',
      administrator: '404 tmu_fields_not_found',
    },
  },
  {
    // The TMDb data box's figures after a sync: edit_post on that post (no tmu_* rows here, so no figures).
    route: "GET tmu/v1/posts/{id}/tmdb-data (the contributor's draft)",
    request: (world) => ({ method: 'GET', route: `/tmu/v1/posts/${world.posts.contributorDraft}/tmdb-data` }),
    cells: { anonymous: '401', subscriber: '403', contributor: '200', author: '403', editor: '200', administrator: '200' },
  },
  {
    route: 'POST tmu/v1/test-connection',
    request: () => ({ method: 'POST', route: '/tmu/v1/test-connection' }),
    cells: { anonymous: '401', subscriber: '403', contributor: '403', author: '403', editor: '403', administrator: '200' },
  },
  {
    route: 'GET tmu/v1/site-health/{test}',
    request: () => ({ method: 'GET', route: '/tmu/v1/site-health/answering' }),
    cells: { anonymous: '401', subscriber: '403', contributor: '403', author: '403', editor: '403', administrator: '200' },
  },
  {
    route: 'GET tmu/v1/lists/{slug} (public; no list tables in this stack)',
    request: () => ({ method: 'GET', route: '/tmu/v1/lists/time-travel' }),
    detail: (answer) => String(answer.body?.code ?? ''),
    cells: {
      anonymous: LISTS_MISSING,
      subscriber: LISTS_MISSING,
      contributor: LISTS_MISSING,
      author: LISTS_MISSING,
      editor: LISTS_MISSING,
      administrator: LISTS_MISSING,
    },
  },
  {
    route: 'GET tmu/v1/random (public; no picks in this stack)',
    request: () => ({ method: 'GET', route: '/tmu/v1/random', query: { keyword: 'time-travel' } }),
    detail: (answer) => String(answer.body?.code ?? ''),
    cells: {
      anonymous: RANDOM_NONE,
      subscriber: RANDOM_NONE,
      contributor: RANDOM_NONE,
      author: RANDOM_NONE,
      editor: RANDOM_NONE,
      administrator: RANDOM_NONE,
    },
  },
  {
    route: 'GET wp/v2/movie/{id} (view): sync meta',
    request: (world) => ({ method: 'GET', route: `/wp/v2/movie/${world.posts.adminPublished}` }),
    detail: (answer) => metaDetail(answer),
    cells: {
      anonymous: '200 tmdb_id=550 sync-meta=none',
      subscriber: '200 tmdb_id=550 sync-meta=none',
      contributor: '200 tmdb_id=550 sync-meta=none',
      author: '200 tmdb_id=550 sync-meta=none',
      editor: '200 tmdb_id=550 sync-meta=none',
      administrator: '200 tmdb_id=550 sync-meta=none',
    },
  },
  {
    route: 'GET wp/v2/movie/{id}?context=edit: sync meta',
    request: (world) => ({ method: 'GET', route: `/wp/v2/movie/${world.posts.adminPublished}`, query: { context: 'edit' } }),
    detail: (answer) => (answer.status === 200 ? metaDetail(answer) : ''),
    cells: {
      anonymous: '401',
      subscriber: '403',
      contributor: '403',
      author: '403',
      editor: '200 tmdb_id=550 sync-meta=tmu_key,tmu_last_error,tmu_last_synced_at error=shown',
      administrator: '200 tmdb_id=550 sync-meta=tmu_key,tmu_last_error,tmu_last_synced_at error=shown',
    },
  },
];

function metaDetail(answer: Answer): string {
  const meta = (answer.body?.meta ?? {}) as Record<string, unknown>;
  const sync = SYNC_META.filter((key) => key in meta);
  const error = meta.tmu_last_error === SYNC_ERROR ? ' error=shown' : '';
  return `tmdb_id=${String(meta.tmdb_id)} sync-meta=${sync.join(',') || 'none'}${error}`;
}
