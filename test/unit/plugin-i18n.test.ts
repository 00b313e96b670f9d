/**
 * The plugin's scripts translate the WordPress way: wp.i18n in the script, its translations loaded with
 * wp_set_script_translations, and every string they show in languages/tmu-sidecar.pot (make-pot.sh).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const PLUGIN = path.join(__dirname, '..', '..', 'wp-plugin', 'tmu-sidecar');
const JS_DIR = path.join(PLUGIN, 'assets', 'js');
const scripts = readdirSync(JS_DIR)
  .filter((f) => f.endsWith('.js'))
  .map((f) => ({ name: f, text: readFileSync(path.join(JS_DIR, f), 'utf8') }));
const pot = readFileSync(path.join(PLUGIN, 'languages', 'tmu-sidecar.pot'), 'utf8');

/** The msgids of __( '...', 'tmu-sidecar' ) and _n( '...', '...', n, 'tmu-sidecar' ) calls, unescaped. */
function jsMessages(text: string): string[] {
  const unquote = (s: string) => s.slice(1, -1).replace(/\\'/g, "'");
  const found: string[] = [];
  for (const m of text.matchAll(/\b__\(\s*('(?:[^'\\]|\\.)*')\s*,\s*'tmu-sidecar'\s*\)/g)) found.push(unquote(m[1]));
  for (const m of text.matchAll(/\b_n\(\s*('(?:[^'\\]|\\.)*')\s*,\s*('(?:[^'\\]|\\.)*')/g)) found.push(unquote(m[1]), unquote(m[2]));
  return found;
}

/** A string as xgettext writes it in a .pot (quotes and backslashes escaped). */
function potString(message: string): string {
  return `"${message.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

describe("the plugin scripts' translations", () => {
  it('use wp.i18n, not the home-made formatter', () => {
    const offenders = scripts.filter((s) => /tmuSidecarFormat/.test(s.text)).map((s) => s.name);
    expect(offenders).toEqual([]);
    expect(scripts.filter((s) => s.text.includes('wp.i18n')).length).toBeGreaterThanOrEqual(7);
  });

  it('has every string the scripts show in the .pot, with its plural', () => {
    const messages = scripts.flatMap((s) => jsMessages(s.text));
    expect(messages.length).toBeGreaterThan(60);
    const missing = messages.filter((m) => !pot.includes(`msgid ${potString(m)}`) && !pot.includes(`msgid_plural ${potString(m)}`));
    expect(missing).toEqual([]);
    expect(pot).toContain('msgid_plural "%s results. Pick one to use its TMDb ID."');
  });

  it('loads the script translations of each screen that enqueues a translated script', () => {
    const php = (file: string) => readFileSync(path.join(PLUGIN, 'includes', file), 'utf8');
    expect(php('admin-ui/class-scripts.php')).toMatch(/wp_set_script_translations\( \$handle, TEXT_DOMAIN, plugin_dir_path\( PLUGIN_FILE \) \. 'languages' \)/);
    for (const [file, handle] of [
      ['settings/class-settings-page.php', 'tmu-sidecar-settings'],
      ['settings/class-bulk-panel.php', 'tmu-sidecar-bulk'],
      ['import/class-import-page.php', 'tmu-sidecar-import'],
      ['editor/class-meta-box.php', 'tmu-sidecar-meta-box'],
    ]) {
      const text = php(file);
      expect(text).toContain(`Scripts::translate( '${handle}' )`);
      expect(text).not.toMatch(/'i18n'\s*=>/);
    }
  });

  it("has each block's title, description and keywords in the .pot, in WordPress's block contexts", () => {
    const blocksDir = path.join(PLUGIN, 'blocks');
    const blocks = readdirSync(blocksDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => JSON.parse(readFileSync(path.join(blocksDir, d.name, 'block.json'), 'utf8')) as { title: string; description: string; keywords?: string[] });
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    const entry = (context: string, text: string) => `msgctxt "${context}"\nmsgid ${potString(text)}`;
    const missing = blocks.flatMap((b) => [
      ...(pot.includes(entry('block title', b.title)) ? [] : [b.title]),
      ...(pot.includes(entry('block description', b.description)) ? [] : [b.description]),
      ...(b.keywords ?? []).filter((k) => !pot.includes(entry('block keyword', k))),
    ]);
    expect(missing).toEqual([]);
  });
});
