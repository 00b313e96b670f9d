#!/usr/bin/env node
/**
 * Builds the uploadable plugin: dist/tmu-sidecar.zip holding tmu-sidecar/ (what Plugins → Add New →
 * Upload Plugin expects), without dot files, tests or node_modules.
 * Usage: npm run plugin:zip [-- OUTPUT.zip]
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const archiver = require('archiver');

const ROOT = path.resolve(__dirname, '..');
const PLUGIN_DIR = path.join(ROOT, 'wp-plugin', 'tmu-sidecar');
const SKIPPED = /(^|\/)(\.[^/]*|node_modules|tests?|phpunit\.xml(\.dist)?)(\/|$)/;

/** Files of the plugin that go into the zip, relative to its folder, sorted. */
function pluginFiles(dir = PLUGIN_DIR, prefix = '') {
  const files = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const relative = prefix + entry.name;
    if (SKIPPED.test(relative)) continue;
    if (entry.isDirectory()) files.push(...pluginFiles(path.join(dir, entry.name), `${relative}/`));
    else if (entry.isFile()) files.push(relative);
  }
  return files.sort();
}

/** Writes the zip; resolves with its path and the files it holds. */
function buildPluginZip(output = path.join(ROOT, 'dist', 'tmu-sidecar.zip')) {
  fs.mkdirSync(path.dirname(output), { recursive: true });
  const files = pluginFiles();
  return new Promise((resolve, reject) => {
    const stream = fs.createWriteStream(output);
    const zip = archiver('zip', { zlib: { level: 9 } });
    stream.on('close', () => resolve({ output, files }));
    zip.on('warning', reject);
    zip.on('error', reject);
    zip.pipe(stream);
    // A fixed date keeps two builds of the same files byte for byte the same.
    const date = new Date('2000-01-01T00:00:00Z');
    for (const file of files) zip.file(path.join(PLUGIN_DIR, file), { name: `tmu-sidecar/${file}`, date });
    zip.finalize();
  });
}

module.exports = { buildPluginZip, pluginFiles };

if (require.main === module) {
  buildPluginZip(process.argv[2] ? path.resolve(process.argv[2]) : undefined).then(
    ({ output, files }) => console.log(`wrote ${path.relative(process.cwd(), output)} (${files.length} files)`),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
