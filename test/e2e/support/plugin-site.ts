/**
 * The site of the plugin suites that set the sidecar in wp-config.php: a fake sidecar that checks
 * signatures, a WordPress with the plugin pointed at it, and what those suites check it against.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FakeSidecar, startFakeSidecar } from './fake-sidecar';
import { SECRET } from './plugin-requests';
import { projectRoot, startWordPressStack, WordPressStack } from './wordpress-stack';

const PLUGIN_DIR = path.join(projectRoot(__dirname), 'wp-plugin', 'tmu-sidecar');
export const POST_TYPES = ['movie', 'tv', 'season', 'episode', 'drama', 'drama-episode', 'people', 'video'];
export const TAXONOMIES: Record<string, string[]> = {
  genre: ['movie', 'tv', 'drama'],
  country: ['movie', 'tv', 'drama'],
  language: ['movie', 'tv', 'drama'],
  'by-year': ['movie', 'tv', 'drama'],
  keyword: ['movie', 'tv'],
  network: ['tv'],
  channel: ['drama'],
  nationality: ['people'],
};
export const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

export interface ConstantsSite {
  stack: WordPressStack;
  sidecar: FakeSidecar;
}

/** Starts the fake sidecar and a WordPress with TMU_SIDECAR_URL and TMU_WEBHOOK_SECRET (SECRET) in wp-config.php. */
export async function startConstantsSite(options: { wpPort: number; sidecarPort: number; dbName: string }): Promise<ConstantsSite> {
  const sidecar = await startFakeSidecar({ port: options.sidecarPort, secret: SECRET });
  try {
    const stack = await startWordPressStack({
      port: options.wpPort,
      dbName: options.dbName,
      constants: { TMU_SIDECAR_URL: sidecar.url, TMU_WEBHOOK_SECRET: SECRET },
    });
    return { stack, sidecar };
  } catch (error) {
    await sidecar.close();
    throw error;
  }
}

/** Every PHP file of the plugin. */
export function pluginPhpFiles(dir = PLUGIN_DIR): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return pluginPhpFiles(full);
    return entry.name.endsWith('.php') ? [full] : [];
  });
}

/** The lines of the WP_DEBUG log that name the plugin. */
export function pluginLogLines(stack: WordPressStack): string[] {
  return stack
    .debugLog()
    .split('\n')
    .filter((line) => line.includes('tmu-sidecar') || line.includes('TMU Sidecar'));
}

/**
 * PHP that creates the sidecar's jobs table as the sidecar does and adds a partial job of the movie,
 * a running one and a failed one; it prints their ids and the table name.
 */
export function jobRowsPhp(movieId: number): string {
  return `
global $wpdb;
$table = $wpdb->prefix . 'tmu_sync_jobs';
$wpdb->query( "CREATE TABLE IF NOT EXISTS {$table} (
	id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
	type varchar(64) NOT NULL,
	payload longtext NULL,
	status varchar(16) NOT NULL DEFAULT 'queued',
	attempts int NOT NULL DEFAULT 0,
	progress longtext NULL,
	error longtext NULL,
	created_at datetime(3) NULL,
	started_at datetime(3) NULL,
	finished_at datetime(3) NULL
)" );
$wpdb->insert( $table, array(
	'type'        => 'sync',
	'payload'     => wp_json_encode( array( 'type' => 'movie', 'tmdb_id' => 550, 'post_id' => ${movieId} ) ),
	'status'      => 'partial',
	'attempts'    => 1,
	'progress'    => wp_json_encode( array( 'done' => 3, 'failed' => 1, 'total' => 4, 'errors' => array( array( 'tmdb_id' => 551, 'post_id' => null, 'message' => 'TMDb answered 404' ) ), 'log' => array( 'movie 550 synced', 'video abc failed' ) ) ),
	'error'       => null,
	'created_at'  => '2024-05-01 10:00:00.250',
	'started_at'  => '2024-05-01 10:00:01',
	'finished_at' => '2024-05-01 10:00:09',
) );
$first = $wpdb->insert_id;
$wpdb->insert( $table, array( 'type' => 'sync', 'payload' => '{"type":"tv","tmdb_id":1399}', 'status' => 'running', 'progress' => '{"done":1,"total":10}', 'created_at' => '2024-05-01 11:00:00' ) );
$second = $wpdb->insert_id;
$wpdb->insert( $table, array( 'type' => 'sync', 'payload' => '{"type":"movie","tmdb_id":42}', 'status' => 'failed', 'attempts' => 5, 'progress' => '{"done":0,"failed":1,"total":1}', 'error' => 'TMDb key rejected', 'created_at' => '2024-05-01 12:00:00' ) );
echo wp_json_encode( array( $first, $second, $wpdb->insert_id, $table ) );
`;
}
