/**
 * The permission table of docs/http-contract.md, run against a real WordPress 6.1 with the plugin
 * for the six roles. The sidecar is the recording stand-in: what matters here is what WordPress lets
 * each role ask for, and what it forwards. Each cell is "status" plus what the answer or the
 * forwarded request holds where that is the point (resolve, jobs, import, sync meta).
 */
import { FakeSidecar, startFakeSidecar } from './support/fake-sidecar';
import { TABLE } from './support/role-table-rows';
import { Answer, buildWorld, NEW_TITLE, ROLES, Role, Row, SignedInRole, TITLES, World } from './support/role-table-world';
import { basicAuth, startWordPressStack, WordPressStack } from './support/wordpress-stack';

jest.setTimeout(300_000);

const WP_PORT = 18105;
const SIDECAR_PORT = 18805;
const SECRET = 'role-table-secret-0123456789abcdef';

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

  beforeAll(async () => {
    sidecar = await startFakeSidecar({ port: SIDECAR_PORT, secret: SECRET });
    stack = await startWordPressStack({
      port: WP_PORT,
      dbName: `tmu_e2e_roles_${process.pid}`,
      constants: { TMU_SIDECAR_URL: sidecar.url, TMU_WEBHOOK_SECRET: SECRET },
    });
    world = await buildWorld(stack);
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
      if (request.method === 'GET' && request.url.startsWith('/tmdb/genres?')) return { status: 200, body: { genres: [{ id: 18, name: 'Drama' }] } };
      if (request.method === 'POST' && request.url === '/import') return { status: 202, body: { job_id: ++nextJob, status: 'queued' } };
      if (request.method === 'POST' && /^\/jobs\/\d+\/cancel$/.test(request.url)) return { status: 200, body: { cancelled: true } };
      return undefined;
    };
  });

  it('covers the six roles and every tmu/v1 route the plugin registers', async () => {
    const registered = JSON.parse(
      await stack.runPhp(
        `echo wp_json_encode( array_values( array_filter( array_keys( rest_get_server()->get_routes() ), function ( $r ) { return 0 === strpos( $r, '/tmu/v1/' ); } ) ) );`,
      ),
    ) as string[];
    const covered = new Set(
      TABLE.map((row) =>
        row.request(world).route.replace(/\/\d+/g, '/{id}').replace('/lists/time-travel', '/lists/{slug}').replace('/site-health/answering', '/site-health/{test}'),
      ),
    );
    const routes = registered.map((r) =>
      r
        .replace(/\(\?P<id>[^)]*\)/g, '{id}')
        .replace(/\(\?P<slug>[^)]*\)/g, '{slug}')
        .replace(/\(\?P<test>[^)]*\)/g, '{test}'),
    );
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
    const bulk = await fetch(`${stack.url}/wp-admin/edit.php?${query.toString()}`, { headers: { Cookie: cookie }, redirect: 'manual' });
    expect(bulk.status).toBe(302);
    const counts = Object.fromEntries(new URL(bulk.headers.get('location') ?? '', stack.url).searchParams);
    expect(counts).toMatchObject({ tmu_queued: '1', tmu_refused: '1', tmu_skipped: '0', tmu_failed: '0' });
    const synced = sidecar.events('sync.requested').map((r) => r.body as { tmdb_id: number; requested_by: number });
    expect(synced).toEqual([expect.objectContaining({ tmdb_id: TITLES.contributorDraft, requested_by: contributor.id })]);
    const notice = await fetch(`${stack.url}${new URL(bulk.headers.get('location') ?? '', stack.url).pathname}?${new URLSearchParams(counts).toString()}`, {
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
