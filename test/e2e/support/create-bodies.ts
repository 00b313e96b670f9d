/** Create bodies and helpers of test/e2e/idempotent-creates.test.ts. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The body the sidecar sends to create a person (src/clients/wordpress/wordpress-post-body.ts). */
export function personBody(id: number, title = `Person ${id}`): Record<string, unknown> {
  return { title, content: `About ${title}`, status: 'publish', meta: { tmu_key: `person:${id}`, tmdb_id: id } };
}

/** The body of a season: its key is tmu_key. */
export function seasonBody(key: string, title = `Season ${key}`): Record<string, unknown> {
  return { title, content: '', status: 'publish', meta: { tmu_key: key } };
}

/** Every regular file under a folder. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** A must-use plugin that ends PHP once, right after the insert of a post of this type, before REST writes its meta. */
export const DIE_AFTER_INSERT = `<?php
add_action( 'rest_api_init', static function () {
	$type = get_option( 'tmu_e2e_die_after_insert' );
	if ( is_string( $type ) && '' !== $type ) {
		add_action( "rest_insert_{$type}", static function () {
			delete_option( 'tmu_e2e_die_after_insert' );
			exit;
		} );
	}
} );
`;
