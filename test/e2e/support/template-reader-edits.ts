/**
 * Edits made the way the plugin's boxes make them, for the template reader suite: values encoded with the
 * plugin's own codec (in PHP) and written over the synced rows.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { decodeColumn } from '../../../src/mappers/column-codec';
import { TestDatabase } from '../../support/test-databases';

/** The plugin's Column_Codec::encode() of each value, in one PHP run (test/e2e/support/edit-contract.php). */
function encodeWithPlugin(values: unknown[], format: 'php' | 'json'): string[] {
  const input = JSON.stringify({ prints: [], values: values.map((value) => ({ value })), bytes: [] });
  const out = spawnSync('php', [path.join(__dirname, 'edit-contract.php')], { input, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`php exited with ${out.status}: ${out.stderr}`);
  return (JSON.parse(out.stdout) as { encoded: Array<Record<string, string>> }).encoded.map((e) => Buffer.from(e[format], 'base64').toString('utf8'));
}

/** A column read from a row as the sidecar reads it. */
export const decoded = (row: Record<string, unknown>, column: string) => decodeColumn(row[column] as string | null);

export interface EditedRow {
  table: string;
  id: number;
  column: string;
  value: unknown;
  bytes?: string;
}

/**
 * What an editor does in the plugin's boxes: the star cast reordered with a character changed,
 * where-to-watch links, an episode's cast member renamed, a person's social accounts, a video's
 * source; each written with the plugin's codec in the site's format.
 */
export async function editLikeTheBoxes(db: TestDatabase, posts: Record<string, number>, format: 'php' | 'json'): Promise<EditedRow[]> {
  const row = async (table: string, where: Record<string, unknown>) => (await db.db(`${db.prefix}${table}`).where(where).first()) as Record<string, unknown>;
  const movie = await row('tmu_movies', { ID: posts.movie });
  const stars = decoded(movie, 'star_cast') as Array<{ person: number; character: string }>;
  const episode = await row('tmu_tv_series_episodes', { tv_series: posts.tv, season_no: 1, episode_no: 1 });
  const credits = decoded(episode, 'credits') as { cast: Array<Record<string, unknown>>; crew: unknown[] };
  const video = await row('tmu_videos', { post_id: posts.movie });
  const edits: EditedRow[] = [
    { table: 'tmu_movies', id: posts.movie, column: 'star_cast', value: [{ ...stars[1], character: 'Tyler &amp; co (editor)' }, stars[0], ...stars.slice(2)] },
    {
      table: 'tmu_movies',
      id: posts.movie,
      column: 'streaming_platforms',
      value: [
        { name: 'Our own cinema', url: 'https://example.org/fight-club?a=1&amp;b=2' },
        { name: 'Netflix', url: null },
      ],
    },
    {
      table: 'tmu_tv_series_episodes',
      id: Number(episode.ID),
      column: 'credits',
      value: { ...credits, cast: [{ ...credits.cast[0], acting_job: 'Ned (editor)' }, ...credits.cast.slice(1)] },
    },
    // A star of the movie (not Brad Pitt, whose empty accounts another test reads).
    {
      table: 'tmu_people',
      id: Number(stars.find((star) => Number(star.person) !== posts.person)!.person),
      column: 'social_media_account',
      value: [{ platform: 'Instagram', url: 'https://www.instagram.com/example' }],
    },
    { table: 'tmu_videos', id: Number(video.ID), column: 'video_data', value: { source: 'dQw4w9WgXcQ', content_type: 'Trailer' } },
  ];
  const bytes = encodeWithPlugin(
    edits.map((e) => e.value),
    format,
  );
  for (const [i, edit] of edits.entries()) {
    edit.bytes = bytes[i];
    await db
      .db(`${db.prefix}${edit.table}`)
      .where({ ID: edit.id })
      .update({ [edit.column]: edit.bytes });
  }
  return edits;
}
