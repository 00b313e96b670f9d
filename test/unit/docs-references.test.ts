/**
 * The docs point at things a reader can open: links and repository paths resolve, the README names
 * every command of `tmu-sidecar`, and no comment, doc or test cites a tracker issue or a design
 * section that lives outside the repository.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, dir))) {
    const relative = path.join(dir, entry);
    if (entry === 'node_modules' || entry === 'fixtures') continue;
    if (statSync(path.join(ROOT, relative)).isDirectory()) out.push(...filesUnder(relative, keep));
    else if (keep(relative)) out.push(relative);
  }
  return out;
}

const markdown = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', ...filesUnder('docs', (f) => f.endsWith('.md'))];
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');

describe('docs references', () => {
  it('links only to files that exist', () => {
    const broken: string[] = [];
    for (const file of markdown) {
      for (const [, target] of read(file).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?:|mailto:|#)/.test(target)) continue;
        const resolved = path.join(ROOT, path.dirname(file), target.split('#')[0]);
        if (!existsSync(resolved)) broken.push(`${file} -> ${target}`);
      }
    }
    expect(markdown.length).toBeGreaterThan(15);
    expect(broken).toEqual([]);
  });

  it('names only repository paths that exist (the changelog may name old ones)', () => {
    const missing: string[] = [];
    for (const file of markdown.filter((f) => f !== 'CHANGELOG.md')) {
      for (const [, target] of read(file).matchAll(/`((?:src|test|tools|wp-plugin|migrations|scripts|docker|\.ci)\/[A-Za-z0-9_./-]+)`/g)) {
        if (!existsSync(path.join(ROOT, target))) missing.push(`${file} -> ${target}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('lists every tmu-sidecar command in the README', () => {
    const commands = readdirSync(path.join(ROOT, 'src/cli/commands'))
      .filter((f) => f.endsWith('.command.ts'))
      .map((f) => f.replace('.command.ts', ''));
    expect(commands).toContain('import');
    const readme = read('README.md');
    expect([...commands, 'migrate'].filter((command) => !readme.includes(`npx tmu-sidecar ${command}`))).toEqual([]);
  });

  it('cites no tracker issue or design section a reader of the repository cannot see', () => {
    const sources = [
      ...markdown,
      ...['src', 'test', 'tools', 'wp-plugin', 'scripts', 'migrations'].flatMap((dir) =>
        filesUnder(dir, (f) => /\.(ts|js|php|sh|md)$/.test(f) && !f.endsWith('docs-references.test.ts')),
      ),
    ];
    const citing = sources.filter((file) => /\bissue \d+|design §|(?<!RFC \d+ )§\d/i.test(read(file)));
    expect(sources.length).toBeGreaterThan(300);
    expect(citing).toEqual([]);
  });
});
