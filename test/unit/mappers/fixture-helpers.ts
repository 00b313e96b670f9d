/** Loading recorded TMDb responses and telling details payloads from sub-resource files. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURE_ROOT = join(__dirname, '..', '..', 'fixtures', 'tmdb');

export type FixtureDir = 'movie' | 'tv' | 'tv-season' | 'tv-episode' | 'person';

export function loadFixture(dir: FixtureDir, file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURE_ROOT, dir, file), 'utf8')) as Record<string, unknown>;
}

/**
 * A details payload has the entity id plus its name (title for movies, name for tv and
 * people), or for seasons season_number + episodes, or for episodes season/episode numbers.
 * Sub-resource files (credits, images, videos, keywords, release dates, recommendations…)
 * have an id but none of these.
 */
function isDetailsPayload(dir: FixtureDir, json: Record<string, unknown>): boolean {
  if (typeof json.id !== 'number') return false;
  switch (dir) {
    case 'movie':
      return typeof json.title === 'string';
    case 'tv':
    case 'person':
      return typeof json.name === 'string';
    case 'tv-season':
      return typeof json.season_number === 'number' && Array.isArray(json.episodes);
    case 'tv-episode':
      return typeof json.episode_number === 'number' && typeof json.name === 'string';
  }
}

export interface FixtureFile {
  file: string;
  json: Record<string, unknown>;
}

export function partitionFixtures(dir: FixtureDir): { details: FixtureFile[]; excluded: FixtureFile[] } {
  const all = readdirSync(join(FIXTURE_ROOT, dir))
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, json: loadFixture(dir, file) }));
  return {
    details: all.filter((f) => isDetailsPayload(dir, f.json)),
    excluded: all.filter((f) => !isDetailsPayload(dir, f.json)),
  };
}
