/**
 * Removes a build's compiled output before tsc writes it again, so a file deleted or moved in the
 * sources leaves no stale copy (dist/ once held the tests). Keeps the rest of the folder
 * (dist/tmu-sidecar.zip from `npm run plugin:zip`).
 */
const fs = require('node:fs');
const path = require('node:path');

const outDir = process.argv[2];
if (!outDir) throw new Error('usage: node scripts/clean-build.js <outDir>');
for (const part of ['src', 'test', 'tools', 'migrations', 'knexfile.js', 'knexfile.js.map']) {
  fs.rmSync(path.join(__dirname, '..', outDir, part), { recursive: true, force: true });
}
