/**
 * docs/shared-tables.md against the migrations and the plugin: every table and column it lists is one the
 * migrations create, and every table the migrations create that a plugin PHP file names is listed.
 * The migrations run on a temporary SQLite file (no database server).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase, TestDatabase } from '../support/test-databases';

const ROOT = path.resolve(__dirname, '../..');
const DOC = path.join(ROOT, 'docs/shared-tables.md');
const PLUGIN = path.join(ROOT, 'wp-plugin/tmu-sidecar');
const PREFIX = 'wp_';

/** Table (unprefixed) → the columns its `### \`table\`` section names in the first cell of its rows. */
export function documentedTables(markdown: string): Map<string, string[]> {
  const tables = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of markdown.split('\n')) {
    if (/^#{1,6}\s/.test(line)) {
      const table = /^###\s+`([^`]+)`\s*$/.exec(line)?.[1];
      current = table ? [] : null;
      if (table && current) tables.set(table, current);
      continue;
    }
    if (!current || !line.startsWith('|')) continue;
    const first = line.split('|')[1] ?? '';
    current.push(...[...first.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
  }
  return tables;
}

/** PHP files with their comments removed (a docblock naming a table is not a use of it). */
function pluginCode(dir: string): Array<{ file: string; code: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return pluginCode(full);
    if (!entry.name.endsWith('.php')) return [];
    const code = readFileSync(full, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    return [{ file: path.relative(PLUGIN, full), code }];
  });
}

/** Migration tables a PHP file names, as whole words (`tmu_tv_series` is not found in `tmu_tv_series_cast`). */
export function referencedTables(code: string, tables: Iterable<string>): string[] {
  return [...tables].filter((table) => new RegExp(`\\b${table}\\b`).test(code));
}

describe('docs/shared-tables.md', () => {
  let test: TestDatabase;
  /** Unprefixed table → its columns, as the migrations leave them. */
  const schema = new Map<string, Set<string>>();

  beforeAll(async () => {
    test = await createTestDatabase('sqlite', 'shared-tables', { prefix: PREFIX });
    const rows = await test.db.raw<Array<{ name: string }>>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ?", [`${PREFIX}%`]);
    for (const { name } of rows) schema.set(name.slice(PREFIX.length), new Set(Object.keys(await test.db(name).columnInfo())));
  });

  afterAll(async () => {
    await test?.destroy();
  });

  const documented = documentedTables(readFileSync(DOC, 'utf8'));

  it('lists tables, each with columns', () => {
    expect(documented.size).toBeGreaterThan(5);
    expect([...documented].filter(([, columns]) => columns.length === 0).map(([table]) => table)).toEqual([]);
  });

  it('names only tables the migrations create', () => {
    expect([...documented.keys()].filter((table) => !schema.has(table))).toEqual([]);
  });

  it('names only columns the migrations create', () => {
    const unknown = [...documented].flatMap(([table, columns]) => columns.filter((column) => schema.get(table)?.has(column) === false).map((column) => `${table}.${column}`));
    expect(unknown).toEqual([]);
  });

  it('lists every migration table the plugin names', () => {
    expect(schema.has('tmu_sync_jobs')).toBe(true);
    const missing = pluginCode(PLUGIN).flatMap(({ file, code }) =>
      referencedTables(code, schema.keys())
        .filter((table) => !documented.has(table))
        .map((table) => `${table} (${file})`),
    );
    expect(missing).toEqual([]);
  });

  it('reads sections and whole-word table names', () => {
    const doc = '# T\n\n### `a_table`\n\n| column | x |\n|---|---|\n| `id`, `name` | read |\n\n## Other\n\n| `not_a_column` |\n';
    expect([...documentedTables(doc)]).toEqual([['a_table', ['id', 'name']]]);
    expect(referencedTables("$t = 'tmu_tv_series_cast';", ['tmu_tv_series', 'tmu_tv_series_cast'])).toEqual(['tmu_tv_series_cast']);
  });
});
