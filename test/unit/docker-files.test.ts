/**
 * The Docker stack's files agree with the config schema: the sidecar service passes every
 * variable the sidecar reads (secrets through their *_FILE variants), and every ${VARIABLE}
 * docker-compose.yml uses is listed in .env.example. (CI also runs `docker-compose config`.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { envSchema } from '../../src/config/config.schema';
import { FILE_VARIABLES } from '../../src/config/config';

const ROOT = path.resolve(__dirname, '../..');
const compose = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
const envExample = readFileSync(path.join(ROOT, '.env.example'), 'utf8');

/** Keys of the `x-sidecar-env` block (what the sidecar and sidecar-worker services get). */
function sidecarEnvKeys(): string[] {
  const block = compose.split('x-sidecar-env: &sidecar-env\n')[1]?.split(/\n(?=\S)/)[0] ?? '';
  return [...block.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]);
}

describe('docker-compose.yml and .env.example', () => {
  it('gives the sidecar every variable of the config schema', () => {
    const keys = sidecarEnvKeys();
    expect(keys.length).toBeGreaterThan(20);
    const missing = Object.keys(envSchema.shape).filter((name) => !keys.includes(name) && !keys.includes(`${name}_FILE`));
    expect(missing).toEqual([]);
  });

  it('hands the application password and the webhook secret over as files', () => {
    const keys = sidecarEnvKeys();
    expect(keys).toEqual(expect.arrayContaining(['WP_APP_PASSWORD_FILE', 'TMU_WEBHOOK_SECRET_FILE']));
    expect(keys).not.toContain('WP_APP_PASSWORD');
    expect(keys.filter((k) => k.endsWith('_FILE')).every((k) => (FILE_VARIABLES as readonly string[]).includes(k.slice(0, -5)))).toBe(true);
  });

  it('lists every variable the compose file uses in .env.example', () => {
    const withoutComments = compose.replace(/^\s*#.*$/gm, '');
    const used = new Set([...withoutComments.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]));
    const listed = new Set([...envExample.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((name) => !listed.has(name))).toEqual([]);
    expect([...listed].filter((name) => !used.has(name))).toEqual([]);
  });
});
