import fs from 'node:fs';
import path from 'node:path';

export type Json = Record<string, unknown>;

/** Finds test/fixtures/tmdb (recorded TMDb answers) from ts-jest (tools/...) and from a compiled copy (dist-tools/tools/...). */
function findFixtureRoot(start: string = __dirname): string {
  const fromEnv = process.env.TMDB_FIXTURES_DIR;
  if (fromEnv) return fromEnv;
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'test', 'fixtures', 'tmdb');
    if (fs.existsSync(path.join(candidate, 'SOURCES.md'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`test/fixtures/tmdb not found above ${start}; set TMDB_FIXTURES_DIR`);
    dir = parent;
  }
}

/** Reads recorded TMDb bodies once; hands out copies so callers may mutate them. */
export class FixtureStore {
  private readonly parsed = new Map<string, unknown>();

  constructor(readonly root: string = findFixtureRoot()) {}

  /** `file` is relative to the fixture root; `file#key` returns that top-level key of the body. */
  read<T = Json>(ref: string): T {
    const [file, key] = ref.split('#');
    let body = this.parsed.get(file);
    if (body === undefined) {
      body = JSON.parse(fs.readFileSync(path.join(this.root, file), 'utf8')) as unknown;
      this.parsed.set(file, body);
    }
    const picked = key ? (body as Json)[key] : body;
    if (picked === undefined) throw new Error(`fixture ${ref} has no such key`);
    return structuredClone(picked) as T;
  }

  /** Files of one category folder, e.g. 'search'. */
  list(category: string): string[] {
    return fs
      .readdirSync(path.join(this.root, category))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => `${category}/${f}`);
  }
}
