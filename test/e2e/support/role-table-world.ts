/**
 * The site the permission table runs against: a user of each role, movies of three authors in every
 * status, sync meta on one, and three import jobs; and the shapes of a row of the table and its answer.
 */
import { RecordedRequest } from './fake-sidecar';
import { WordPressStack, WordPressUser } from './wordpress-stack';

export const ROLES = ['anonymous', 'subscriber', 'contributor', 'author', 'editor', 'administrator'] as const;
export type Role = (typeof ROLES)[number];
export type SignedInRole = Exclude<Role, 'anonymous'>;

/** One factory per role: a user with that role, its password and an application password. */
const USER_FACTORIES: Record<SignedInRole, (stack: WordPressStack) => Promise<WordPressUser>> = {
  subscriber: (stack) => stack.createUser('role-subscriber', 'subscriber'),
  contributor: (stack) => stack.createUser('role-contributor', 'contributor'),
  author: (stack) => stack.createUser('role-author', 'author'),
  editor: (stack) => stack.createUser('role-editor', 'editor'),
  administrator: (stack) => stack.createUser('role-administrator', 'administrator'),
};

/** TMDb ids of the movies the site holds, by who wrote them and their status. */
export const TITLES = {
  adminPublished: 550,
  adminDraft: 551,
  adminPrivate: 552,
  adminScheduled: 553,
  adminPassword: 554,
  contributorDraft: 560,
  authorPublished: 561,
} as const;
export type TitleName = keyof typeof TITLES;
export const NEW_TITLE = 600;
export const SYNC_ERROR = 'database_error: replace tmu_movies_cast of #1 failed';

export interface World {
  users: Record<SignedInRole, WordPressUser>;
  posts: Record<TitleName, number>;
  jobs: { admin: number; contributor: number; scheduled: number };
}

export interface Answer {
  status: number;
  body: any;
  /** What reached the sidecar while the request was answered. */
  forwarded: RecordedRequest[];
}

export interface Row {
  route: string;
  request(world: World): { method: string; route: string; body?: unknown; query?: Record<string, string | number> };
  /** What of the answer a cell shows besides the status ('' for nothing). */
  detail?(answer: Answer, world: World, role: Role): string;
  cells: Record<Role, string>;
}

/** The site: movies of three authors in every status, sync meta on one, and three jobs. */
export async function buildWorld(stack: WordPressStack): Promise<World> {
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
