/**
 * The permission table of docs/http-contract.md, run against a real WordPress 6.1 with the plugin
 * for the six roles. The sidecar is the recording stand-in: what matters here is what WordPress lets
 * each role ask for, and what it forwards. Each cell is "status" plus what the answer or the
 * forwarded request holds where that is the point (resolve, jobs, import, sync meta).
 */
import { FakeSidecar, RecordedRequest, startFakeSidecar } from './support/fake-sidecar';
import { basicAuth, startWordPressStack, WordPressStack, WordPressUser } from './support/wordpress-stack';

jest.setTimeout(300_000);

const WP_PORT = 18105;
const SIDECAR_PORT = 18805;
const SECRET = 'role-table-secret-0123456789abcdef';

const ROLES = ['anonymous', 'subscriber', 'contributor', 'author', 'editor', 'administrator'] as const;
type Role = (typeof ROLES)[number];
type SignedInRole = Exclude<Role, 'anonymous'>;

/** One factory per role: a user with that role, its password and an application password. */
const USER_FACTORIES: Record<SignedInRole, (stack: WordPressStack) => Promise<WordPressUser>> = {
  subscriber: (stack) => stack.createUser('role-subscriber', 'subscriber'),
  contributor: (stack) => stack.createUser('role-contributor', 'contributor'),
  author: (stack) => stack.createUser('role-author', 'author'),
  editor: (stack) => stack.createUser('role-editor', 'editor'),
  administrator: (stack) => stack.createUser('role-administrator', 'administrator'),
};

/** TMDb ids of the movies the site holds, by who wrote them and their status. */
const TITLES = {
  adminPublished: 550,
  adminDraft: 551,
  adminPrivate: 552,
  adminScheduled: 553,
  adminPassword: 554,
  contributorDraft: 560,
  authorPublished: 561,
} as const;
type TitleName = keyof typeof TITLES;
const NEW_TITLE = 600;
const SYNC_ERROR = 'database_error: replace tmu_movies_cast of #1 failed';

interface World {
  users: Record<SignedInRole, WordPressUser>;
  posts: Record<TitleName, number>;
  jobs: { admin: number; contributor: number; scheduled: number };
}

interface Answer {
  status: number;
  body: any;
  /** What reached the sidecar while the request was answered. */
  forwarded: RecordedRequest[];
}

interface Row {
  route: string;
  request(world: World): { method: string; route: string; body?: unknown; query?: Record<string, string | number> };
  /** What of the answer a cell shows besides the status ('' for nothing). */
  detail?(answer: Answer, world: World, role: Role): string;
  cells: Record<Role, string>;
}

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
const forwardedImport = (answer: Answer) => answer.forwarded.find((r) => r.method === 'POST' && r.url === '/import')?.body as
  | { status: string; items: Array<{ tmdb_id: number }>; requested_by?: number }
  | undefined;
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
const TABLE: Row[] = [
  {
    route: 'GET tmu/v1/tmdb/browse',
    request: () => ({ method: 'GET', route: '/tmu/v1/tmdb/browse', query: { source: 'popular', type: 'movie' } }),
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
    detail: (answer, world, role) => (answer.status === 200 ? `log=${answer.body.log.length} errors=${answer.body.errors.length} ${byMe(world, role, answer.body.requested_by)}` : ''),
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
    route: 'POST tmu/v1/test-connection',
    request: () => ({ method: 'POST', route: '/tmu/v1/test-connection' }),
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

describe('the permission table, role by role, on a real WordPress', () => {
  let stack: WordPressStack;
  let sidecar: FakeSidecar;
  let world: World;

  async function call(role: Role, row: Row): Promise<Answer> {
    const { method, route, body, query } = row.request(world);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (role !== 'anonymous') headers.Authorization = basicAuth(world.users[role].username, world.users[role].appPassword);
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const before = sidecar.requests.length;
    const res = await fetch(stack.restUrl(route, query), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* keep the text */
    }
    return { status: res.status, body: parsed, forwarded: sidecar.requests.slice(before) };
  }

  /** The site: movies of three authors in every status, sync meta on one, and three jobs. */
  async function buildWorld(): Promise<World> {
    const users = {} as Record<SignedInRole, WordPressUser>;
    for (const role of Object.keys(USER_FACTORIES) as SignedInRole[]) users[role] = await USER_FACTORIES[role](stack);
    const movie = (name: TitleName, author: number, status: string, extra = '') =>
      `$ids['${name}'] = wp_insert_post( array( 'post_type' => 'movie', 'post_title' => '${name}', 'post_status' => '${status}', 'post_author' => ${author}${extra}, 'meta_input' => array( 'tmdb_id' => ${TITLES[name]} ) ) );`;
    const admin = stack.admin.id;
    const out = await stack.runPhp(`
$ids = array();
${movie('adminPublished', admin, 'publish')}
${movie('adminDraft', admin, 'draft')}
${movie('adminPrivate', admin, 'private')}
${movie('adminScheduled', admin, 'future', ", 'post_date' => gmdate( 'Y-m-d H:i:s', time() + 30 * DAY_IN_SECONDS )")}
${movie('adminPassword', admin, 'publish', ", 'post_password' => 'secret'")}
${movie('contributorDraft', users.contributor.id, 'draft')}
${movie('authorPublished', users.author.id, 'publish')}
update_post_meta( $ids['adminPublished'], 'tmu_last_error', ${JSON.stringify(SYNC_ERROR).replace(/"/g, "'")} );
update_post_meta( $ids['adminPublished'], 'tmu_last_synced_at', '2026-01-01T00:00:00.000Z' );
update_post_meta( $ids['adminPublished'], 'tmu_key', 'movie:550' );
global $wpdb;
$table = $wpdb->prefix . 'tmu_sync_jobs';
$wpdb->query( "CREATE TABLE IF NOT EXISTS {$table} (
	id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, type varchar(64) NOT NULL, payload longtext NULL,
	status varchar(16) NOT NULL DEFAULT 'queued', attempts int NOT NULL DEFAULT 0, progress longtext NULL, error longtext NULL,
	created_at datetime(3) NULL, started_at datetime(3) NULL, finished_at datetime(3) NULL
)" );
$job = function ( array $payload ) use ( $wpdb, $table ) {
	$wpdb->insert( $table, array(
		'type'     => 'import',
		'payload'  => wp_json_encode( $payload ),
		'status'   => 'partial',
		'progress' => wp_json_encode( array( 'done' => 1, 'failed' => 1, 'total' => 2, 'log' => array( 'movie 550 failed' ), 'errors' => array( array( 'tmdb_id' => 550, 'post_id' => $payload['post_id'] ?? null, 'message' => 'TMDb answered 500' ) ) ) ),
	) );
	return $wpdb->insert_id;
};
$items = array( array( 'type' => 'movie', 'tmdb_id' => 550 ) );
$jobs = array(
	'admin'       => $job( array( 'items' => $items, 'requested_by' => ${admin} ) ),
	'contributor' => $job( array( 'items' => $items, 'requested_by' => ${users.contributor.id} ) ),
	'scheduled'   => $job( array( 'items' => $items ) ),
);
echo wp_json_encode( array( 'posts' => $ids, 'jobs' => $jobs ) );
`);
    const built = JSON.parse(out) as { posts: Record<TitleName, number>; jobs: World['jobs'] };
    for (const id of Object.values(built.posts)) expect(id).toBeGreaterThan(0);
    return { users, ...built };
  }

  beforeAll(async () => {
    sidecar = await startFakeSidecar({ port: SIDECAR_PORT, secret: SECRET });
    stack = await startWordPressStack({
      port: WP_PORT,
      dbName: `tmu_e2e_roles_${process.pid}`,
      constants: { TMU_SIDECAR_URL: sidecar.url, TMU_WEBHOOK_SECRET: SECRET },
    });
    world = await buildWorld();
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    await sidecar?.close();
  });

  beforeEach(() => {
    sidecar.reset();
    // What the plugin asks of the sidecar beyond webhooks: a browse page, an import, a cancel.
    let nextJob = 5000;
    sidecar.handler = (request) => {
      if (!request.signatureValid) return undefined;
      if (request.method === 'GET' && request.url.startsWith('/tmdb/browse?')) {
        return { status: 200, body: { page: 1, total_pages: 1, total_results: 1, items: [{ tmdb_id: NEW_TITLE, type: 'movie', title: 'New', in_library: false }] } };
      }
      if (request.method === 'POST' && request.url === '/import') return { status: 202, body: { job_id: ++nextJob, status: 'queued' } };
      if (request.method === 'POST' && /^\/jobs\/\d+\/cancel$/.test(request.url)) return { status: 200, body: { cancelled: true } };
      return undefined;
    };
  });

  it('covers the six roles and every tmu/v1 route the plugin registers', async () => {
    const registered = JSON.parse(
      await stack.runPhp(`echo wp_json_encode( array_values( array_filter( array_keys( rest_get_server()->get_routes() ), function ( $r ) { return 0 === strpos( $r, '/tmu/v1/' ); } ) ) );`),
    ) as string[];
    const covered = new Set(TABLE.map((row) => row.request(world).route.replace(/\/\d+/g, '/{id}').replace('/lists/time-travel', '/lists/{slug}')));
    const routes = registered.map((r) => r.replace(/\(\?P<id>[^)]*\)/g, '{id}').replace(/\(\?P<slug>[^)]*\)/g, '{slug}'));
    expect(routes.filter((r) => !covered.has(r))).toEqual([]);
    expect(routes.length).toBeGreaterThanOrEqual(11);
    for (const row of TABLE) expect(Object.keys(row.cells)).toEqual([...ROLES]);
  });

  it("leaves out of the list screens' Sync from TMDb the posts a contributor may not edit, and says so", async () => {
    const contributor = world.users.contributor;
    const cookie = await stack.login(contributor.username, contributor.password);
    const list = await fetch(`${stack.url}/wp-admin/edit.php?post_type=movie`, { headers: { Cookie: cookie } });
    const html = await list.text();
    const nonce = /name="_wpnonce" value="([0-9a-f]+)"/.exec(html.slice(html.indexOf('id="posts-filter"')))?.[1];
    expect(nonce).toMatch(/^[0-9a-f]{10}$/);
    const query = new URLSearchParams([
      ['post_type', 'movie'],
      ['action', 'tmu_sync_from_tmdb'],
      ['post[]', String(world.posts.adminPublished)],
      ['post[]', String(world.posts.contributorDraft)],
      ['_wpnonce', nonce as string],
    ]);
    const bulk = await fetch(`${stack.url}/wp-admin/edit.php?${query}`, { headers: { Cookie: cookie }, redirect: 'manual' });
    expect(bulk.status).toBe(302);
    const counts = Object.fromEntries(new URL(bulk.headers.get('location') ?? '', stack.url).searchParams);
    expect(counts).toMatchObject({ tmu_queued: '1', tmu_refused: '1', tmu_skipped: '0', tmu_failed: '0' });
    const synced = sidecar.events('sync.requested').map((r) => r.body as { tmdb_id: number; requested_by: number });
    expect(synced).toEqual([expect.objectContaining({ tmdb_id: TITLES.contributorDraft, requested_by: contributor.id })]);
    const notice = await fetch(`${stack.url}${new URL(bulk.headers.get('location') ?? '', stack.url).pathname}?${new URLSearchParams(counts)}`, {
      headers: { Cookie: cookie },
    });
    expect(await notice.text()).toContain('1 post was not synced: you may not edit it.');
  });

  it('opens the import screen on the running import of its user only; an administrator follows any', async () => {
    const queued = async (requestedBy: number) =>
      Number(
        await stack.runPhp(`
global $wpdb;
$wpdb->insert( $wpdb->prefix . 'tmu_sync_jobs', array( 'type' => 'import', 'status' => 'queued', 'payload' => wp_json_encode( array( 'items' => array( array( 'type' => 'movie', 'tmdb_id' => ${NEW_TITLE} ) ), 'requested_by' => ${requestedBy} ) ) ) );
echo (int) $wpdb->insert_id;
`),
      );
    const followed = async (role: SignedInRole) => {
      const cookie = await stack.login(world.users[role].username, world.users[role].password);
      const html = await (await fetch(`${stack.url}/wp-admin/tools.php?page=tmu-import`, { headers: { Cookie: cookie } })).text();
      expect(html).toContain('id="tmu-import"');
      return /id="tmu-import" data-job-id="(\d+)"/.exec(html)?.[1] ?? 'none';
    };
    const adminsImport = await queued(stack.admin.id);
    expect(await followed('contributor')).toBe('none');
    expect(await followed('administrator')).toBe(String(adminsImport));
    const contributorsImport = await queued(world.users.contributor.id);
    await queued(world.users.editor.id);
    expect(await followed('contributor')).toBe(String(contributorsImport));
    await stack.runPhp(`global $wpdb; $wpdb->query( "UPDATE {$wpdb->prefix}tmu_sync_jobs SET status = 'cancelled' WHERE status = 'queued'" );`);
  });

  it("lets the TMDb box follow an auto-sync for the user who saved and administrators, not for the post's author", async () => {
    const post = world.posts.authorPublished;
    // The world's own inserts auto-synced a moment ago: clear that debounce so this save syncs again.
    await stack.runPhp(`
delete_transient( TMU\\Sidecar\\Lifecycle::debounce_key( ${post}, ${TITLES.authorPublished} ) );
wp_set_current_user( ${world.users.editor.id} );
wp_update_post( array( 'ID' => ${post}, 'post_title' => 'authorPublished, edited' ) );
`);
    const autoSync = await sidecar.waitFor((r) => (r.body as { event?: string } | null)?.event === 'sync.requested');
    expect(autoSync.body).toMatchObject({ post_id: post, requested_by: world.users.editor.id });
    const followed = async (role: SignedInRole) => {
      const cookie = await stack.login(world.users[role].username, world.users[role].password);
      const html = await (await fetch(`${stack.url}/wp-admin/post.php?post=${post}&action=edit`, { headers: { Cookie: cookie } })).text();
      const config = /window\.tmuSidecarMetaBox = (\{.*?\});/.exec(html)?.[1];
      expect(config).toBeDefined();
      return (JSON.parse(config as string) as { followJob: number }).followJob;
    };
    const job = Number((await stack.runPhp(`echo (int) get_post_meta( ${post}, TMU\\Sidecar\\Lifecycle::OUTCOME_META, true )['job_id'];`)).trim());
    expect(job).toBeGreaterThan(0);
    expect(await followed('editor')).toBe(job);
    expect(await followed('administrator')).toBe(job);
    expect(await followed('author')).toBe(0);
  });

  it.each(TABLE.map((row) => [row.route, row] as const))('%s', async (_name, row) => {
    const actual = {} as Record<Role, string>;
    for (const role of ROLES) {
      const answer = await call(role, row);
      const detail = row.detail?.(answer, world, role) ?? '';
      actual[role] = detail ? `${answer.status} ${detail}` : String(answer.status);
      // Nothing the caller may not do reaches the sidecar.
      if (answer.status === 401 || answer.status === 403) expect(answer.forwarded).toEqual([]);
    }
    expect(actual).toEqual(row.cells);
  });
});
