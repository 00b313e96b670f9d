import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The sidecar's version from its package.json (found by walking up from this file: the same from
 * src/ under ts-node/jest and from dist/src/ when built). `npm_package_version` is only set under
 * `npm run`, not for `npx tmu-sidecar serve`, so the plugin's version check cannot rely on it.
 */
export function packageVersion(start: string = __dirname): string {
  let dir = start;
  for (let depth = 0; depth < 6; depth++) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (parsed.name === 'tmu-sidecar' && typeof parsed.version === 'string') return parsed.version;
    }
    dir = path.dirname(dir);
  }
  return '0.0.0';
}
