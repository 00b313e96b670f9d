/**
 * Every way of starting the sidecar caps V8's heap and malloc's arenas the same way. Without the
 * heap cap V8 lets a bulk's heap grow to about 4x its live size before collecting (peak RSS
 * 228-282 MiB on SQLite for 1,000 new titles); with it, about 1.4x, and with small semi-spaces
 * the young generation stays small too (186 MiB).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
/** The old generation capped, the young one small (2 MiB semi-spaces instead of 16). */
const HEAP_CAP = '--max-old-space-size=512 --max-semi-space-size=2';

describe('memory defaults of the launch paths', () => {
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

  it.each(['start', 'bench'])('npm run %s caps the heap and the malloc arenas, and lets NODE_OPTIONS override the cap', (name) => {
    const script = scripts[name];
    expect(script).toContain('MALLOC_ARENA_MAX=2');
    // What the caller already has in NODE_OPTIONS comes after the cap, so it wins.
    expect(script).toContain(`NODE_OPTIONS="${HEAP_CAP} $NODE_OPTIONS"`);
  });

  it('the tmu-sidecar bin (npx tmu-sidecar serve) starts node with the heap cap', () => {
    expect(read('src/cli/bin.ts').split('\n')[0]).toBe(`#!/usr/bin/env -S node ${HEAP_CAP}`);
  });

  it('the Docker image sets both', () => {
    const env = read('Dockerfile')
      .split('\n')
      .find((line) => line.startsWith('ENV ') && line.includes('MALLOC_ARENA_MAX=2'));
    expect(env).toContain(`NODE_OPTIONS="${HEAP_CAP}"`);
  });
});
