/**
 * The docs stay true: docs/operations.md is a complete reference: every variable of the config schema
 * (and its *_FILE form where there is one) and every Prometheus metric the sidecar serves.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FILE_VARIABLES } from '../../src/config/config';
import { envSchema } from '../../src/config/config.schema';

const ROOT = path.resolve(__dirname, '../..');
const docs = readFileSync(path.join(ROOT, 'docs/operations.md'), 'utf8');
const metricsSource = readFileSync(path.join(ROOT, 'src/http/metrics.ts'), 'utf8');

describe('docs/operations.md', () => {
  it('describes every configuration variable', () => {
    const names = Object.keys(envSchema.shape);
    expect(names.length).toBeGreaterThan(25);
    expect(names.filter((name) => !docs.includes(`| \`${name}\``) && !docs.includes(` / \`${name}\``))).toEqual([]);
    expect(FILE_VARIABLES.filter((name) => !docs.includes(`\`${name}\``))).toEqual([]);
    expect(docs).toContain('NAME_FILE');
  });

  it('lists every metric the sidecar serves', () => {
    const metrics = [...metricsSource.matchAll(/name: '(tmu_[a-z_]+)'/g)].map((m) => m[1]);
    expect(metrics.length).toBeGreaterThanOrEqual(5);
    expect(metrics.filter((name) => !docs.includes(`| \`${name}\` |`))).toEqual([]);
  });

  it('refers to nothing outside the repository', () => {
    expect(docs).not.toMatch(/shared\/|design\.md|\.\.\//);
  });
});

describe('README.md', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

  it('refers to nothing outside the repository', () => {
    expect(readme).not.toMatch(/shared\/|design\.md|\]\(\.\.\//);
  });

  it('writes every command example as `npx tmu-sidecar`, which works after npm install', () => {
    const bare = readme.split('\n').filter((line) => /^(\s*|.*`)tmu-sidecar (migrate|sync|bulk|changes|search|discover|doctor|serve)\b/.test(line));
    expect(bare).toEqual([]);
    expect(readme).toContain('npx tmu-sidecar sync movie 550');
  });
});
