/**
 * The plugin's house rules, read from its files: one namespaced, strict, ABSPATH-guarded class file per
 * resource, no file over 400 lines, no function over about 60, no block-wide phpcs:disable.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const PLUGIN = path.resolve(__dirname, '../../wp-plugin/tmu-sidecar');
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 60;

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return files(full, ext);
    return entry.name.endsWith(ext) ? [full] : [];
  });
}

const rel = (file: string) => path.relative(PLUGIN, file);
const lineCount = (text: string) => text.split('\n').length;

/** PHP code with strings, comments and inline HTML blanked out (line breaks kept), so braces can be counted. */
export function phpCodeOnly(source: string): string {
  let out = '';
  let mode: 'html' | 'code' | 'sq' | 'dq' | 'line' | 'block' = 'html';
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    const two = source.slice(i, i + 2);
    const keep = (ch: string) => (ch === '\n' ? '\n' : ' ');
    if (mode === 'html') {
      if (source.startsWith('<?php', i)) {
        mode = 'code';
        out += '     ';
        i += 4;
      } else out += keep(c);
    } else if (mode === 'code') {
      if (two === '?>') {
        mode = 'html';
        out += '  ';
        i += 1;
      } else if (c === "'") {
        mode = 'sq';
        out += ' ';
      } else if (c === '"') {
        mode = 'dq';
        out += ' ';
      } else if (two === '//' || c === '#') {
        mode = 'line';
        out += ' ';
      } else if (two === '/*') {
        mode = 'block';
        out += '  ';
        i += 1;
      } else out += c;
    } else if (mode === 'sq' || mode === 'dq') {
      if (c === '\\') {
        out += ' ' + keep(source[i + 1] ?? '');
        i += 1;
      } else if ((mode === 'sq' && c === "'") || (mode === 'dq' && c === '"')) {
        mode = 'code';
        out += ' ';
      } else out += keep(c);
    } else if (mode === 'line') {
      if (c === '\n') {
        mode = 'code';
        out += '\n';
      } else if (two === '?>') {
        mode = 'html';
        out += '  ';
        i += 1;
      } else out += ' ';
    } else if (two === '*/') {
      mode = 'code';
      out += '  ';
      i += 1;
    } else out += keep(c);
  }
  return out;
}

/** Every function with a body: name and length in lines, from `function` to its closing brace. */
export function phpFunctionLengths(source: string): Array<{ name: string; line: number; lines: number }> {
  const code = phpCodeOnly(source);
  const found: Array<{ name: string; line: number; lines: number }> = [];
  for (const m of code.matchAll(/\bfunction\s+(\w+)\s*\(/g)) {
    const open = code.indexOf('{', m.index);
    const semicolon = code.indexOf(';', m.index);
    if (open < 0 || (semicolon >= 0 && semicolon < open)) continue; // abstract: no body
    let depth = 0;
    let end = open;
    for (; end < code.length; end++) {
      if (code[end] === '{') depth++;
      else if (code[end] === '}' && --depth === 0) break;
    }
    const line = lineCount(code.slice(0, m.index));
    found.push({ name: m[1], line, lines: lineCount(code.slice(0, end)) - line + 1 });
  }
  return found;
}

describe('the WordPress plugin', () => {
  const php = files(PLUGIN, '.php');
  const js = files(path.join(PLUGIN, 'assets/js'), '.js');

  it('finds its files', () => {
    expect(php.length).toBeGreaterThan(30);
    expect(js.length).toBeGreaterThan(5);
  });

  it('has no PHP or JavaScript file over 400 lines', () => {
    const long = [...php, ...js].filter((f) => lineCount(readFileSync(f, 'utf8')) > MAX_FILE_LINES).map(rel);
    expect(long).toEqual([]);
  });

  it('has no PHP function over about 60 lines', () => {
    const long = php.flatMap((f) =>
      phpFunctionLengths(readFileSync(f, 'utf8'))
        .filter((fn) => fn.lines > MAX_FUNCTION_LINES)
        .map((fn) => `${rel(f)}:${fn.line} ${fn.name} (${fn.lines} lines)`),
    );
    expect(long).toEqual([]);
  });

  it('measures a function from its name to its closing brace, past braces in strings and HTML', () => {
    const source = "<?php\nfunction a(): void {\n\t$x = '}';\n\t?>\n<p>{</p>\n\t<?php\n\t// }\n}\nabstract function b();\nfunction c() { return 1; }\n";
    expect(phpFunctionLengths(source)).toEqual([
      { name: 'a', line: 2, lines: 7 },
      { name: 'c', line: 10, lines: 1 },
    ]);
  });

  it('is namespaced, strict and ABSPATH-guarded in every PHP file, with one bootstrap', () => {
    const offenders = php
      .filter((f) => rel(f) !== 'uninstall.php')
      .filter((f) => {
        const text = readFileSync(f, 'utf8');
        return !text.includes('declare(strict_types=1);') || !text.includes('namespace TMU\\Sidecar;') || !text.includes("if ( ! defined( 'ABSPATH' ) ) {");
      })
      .map(rel);
    expect(offenders).toEqual([]);
    const bootstraps = php.filter((f) => /^function bootstrap\(\)/m.test(readFileSync(f, 'utf8'))).map(rel);
    expect(bootstraps).toEqual(['tmu-sidecar.php']);
  });

  it('registers hooks only in the bootstrap file', () => {
    const elsewhere = php
      .filter((f) => rel(f) !== 'tmu-sidecar.php')
      .filter((f) => /\badd_(action|filter)\(/.test(phpCodeOnly(readFileSync(f, 'utf8'))))
      .map(rel);
    expect(elsewhere).toEqual([]);
  });

  it('has no block-wide phpcs:disable, and gives every phpcs:ignore a reason', () => {
    const disables = php.filter((f) => readFileSync(f, 'utf8').includes('phpcs:disable')).map(rel);
    expect(disables).toEqual([]);
    const bare = php.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, i }))
        .filter(({ line }) => line.includes('phpcs:ignore') && !/phpcs:ignore .+? -- \S/.test(line))
        .map(({ i }) => `${rel(f)}:${i + 1}`),
    );
    expect(bare).toEqual([]);
  });
});
