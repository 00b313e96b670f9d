/**
 * The plugin's class layout, as includes/autoload.php expects it: each class `Foo_Bar` of the plugin
 * namespace in `class-foo-bar.php`, in one of the folders the autoloader searches, one file per name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const PLUGIN = path.resolve(__dirname, '../../wp-plugin/tmu-sidecar');
const INCLUDES = path.join(PLUGIN, 'includes');

/** The CLASS_FOLDERS of includes/autoload.php. */
function autoloadFolders(): string[] {
  const source = readFileSync(path.join(INCLUDES, 'autoload.php'), 'utf8');
  const list = /const CLASS_FOLDERS = array\(([^)]*)\);/.exec(source)?.[1] ?? '';
  return [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]);
}

function phpFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return phpFiles(full);
    return entry.name.endsWith('.php') ? [full] : [];
  });
}

const classFileName = (name: string) => `class-${name.toLowerCase().replace(/_/g, '-')}.php`;

describe('the plugin class layout', () => {
  const folders = autoloadFolders();
  const files = phpFiles(INCLUDES);
  const classFiles = files.filter((f) => path.basename(f).startsWith('class-'));
  const rel = (f: string) => path.relative(INCLUDES, f);

  it('keeps every class file in a folder the autoloader searches, none left flat in includes/', () => {
    expect(folders.length).toBeGreaterThan(5);
    expect(classFiles.length).toBeGreaterThan(50);
    expect(classFiles.map(rel).filter((f) => !folders.includes(path.dirname(f)))).toEqual([]);
    expect(files.map(rel).filter((f) => !f.includes('/'))).toEqual(['autoload.php']);
  });

  it('names each file after its one class, and no two files alike', () => {
    const wrong = classFiles.filter((f) => {
      const names = [...readFileSync(f, 'utf8').matchAll(/^(?:final |abstract )?class (\w+)/gm)].map((m) => m[1]);
      return names.length !== 1 || classFileName(names[0]) !== path.basename(f);
    });
    expect(wrong.map(rel)).toEqual([]);
    const names = classFiles.map((f) => path.basename(f));
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('loads classes only through the autoloader', () => {
    // WordPress's own classes (ABSPATH . 'wp-admin/includes/…') are still required where they are needed.
    const ownClass = /\b(require|include)(_once)?\b(?![^;]*ABSPATH)[^;]*class-[a-z-]+\.php/;
    const requiring = files.filter((f) => ownClass.test(readFileSync(f, 'utf8'))).map(rel);
    expect(requiring).toEqual([]);
    expect(readFileSync(path.join(PLUGIN, 'tmu-sidecar.php'), 'utf8')).toContain("require_once __DIR__ . '/includes/autoload.php';");
  });
});
