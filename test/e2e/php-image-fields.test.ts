/**
 * The gallery columns in the fields box (a title's `images`, a person's `photos`), on the plugin's
 * PHP (Field_Definitions, Field_Input, Field_Values, run by /usr/bin/php): what an editor leaves in
 * the list is stored as the very bytes the sidecar writes for the same attachment IDs, in both column
 * formats; the sidecar's bytes read back as those IDs; an ID that is not an image of the media
 * library is refused with a message for the field.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ColumnFormat, createColumnCodec } from '../../src/mappers/column-codec';

const HARNESS = path.join(__dirname, 'support', 'image-fields.php');

interface Case {
  post_type: string;
  field: string;
  format: ColumnFormat;
  posted: unknown;
  stored?: string | null;
}
interface Answer {
  missing?: true;
  kind?: string;
  post_type?: string | null;
  shown?: unknown;
  bytes?: string | null;
  error?: string;
}

/** The media library of the cases: ID => [post type, mime type]. */
const JPEG = 301;
const WEBP = 302;
const PNG = 303;
const PDF = 304;
const MOVIE_POST = 305;
const POSTS: Record<string, [string, string]> = {
  [JPEG]: ['attachment', 'image/jpeg'],
  [WEBP]: ['attachment', 'image/webp'],
  [PNG]: ['attachment', 'image/png'],
  [PDF]: ['attachment', 'application/pdf'],
  [MOVIE_POST]: ['movie', ''],
};
const GALLERIES = [
  { post_type: 'movie', field: 'images' },
  { post_type: 'tv', field: 'images' },
  { post_type: 'drama', field: 'images' },
  { post_type: 'people', field: 'photos' },
];
const FORMATS: ColumnFormat[] = ['php', 'json'];

function runPhp(cases: Case[]): Answer[] {
  const result = spawnSync('/usr/bin/php', [HARNESS], { input: JSON.stringify({ posts: POSTS, cases }), encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`php exited with ${result.status}: ${result.stderr}${result.stdout}`);
  return JSON.parse(result.stdout) as Answer[];
}

describe('gallery fields of the fields box (PHP) store the sidecar’s bytes', () => {
  it('offers each gallery column as a list of image attachments', () => {
    const answers = runPhp(GALLERIES.map((g) => ({ ...g, format: 'php', posted: [] })));
    expect(answers.map((a) => [a.kind, a.post_type])).toEqual(GALLERIES.map(() => ['ids', 'attachment']));
  });

  it.each(FORMATS)('writes the editor’s order as the sidecar writes those IDs, and reads the sidecar’s bytes back (%s)', (format) => {
    const codec = createColumnCodec(format);
    const lists = [[WEBP, JPEG, PNG], [JPEG], []];
    const cases: Case[] = GALLERIES.flatMap((g) => lists.map((ids) => ({ ...g, format, posted: ids.length > 0 ? ids.map(String) : '', stored: codec.encode(ids) })));
    const answers = runPhp(cases);
    answers.forEach((answer, i) => {
      const ids = lists[i % lists.length];
      expect(answer.error).toBeUndefined();
      expect(answer.bytes).toBe(codec.encode(ids));
      expect(answer.shown).toEqual(ids);
    });
  });

  it.each(FORMATS)('refuses an ID that is no attachment, or an attachment that is no image (%s)', (format) => {
    const answers = runPhp([
      { post_type: 'movie', field: 'images', format, posted: [String(JPEG), String(MOVIE_POST)] },
      { post_type: 'people', field: 'photos', format, posted: [String(PDF)] },
      { post_type: 'drama', field: 'images', format, posted: ['999999'] },
      { post_type: 'tv', field: 'images', format, posted: ['12abc'] },
    ]);
    expect(answers.map((a) => a.bytes)).toEqual([undefined, undefined, undefined, undefined]);
    expect(answers[0].error).toBe(`No image ${MOVIE_POST} in the media library: pick one from the search.`);
    expect(answers[1].error).toBe(`Entry 1: attachment ${PDF} is not an image: pick one from the search.`);
    expect(answers[2].error).toBe('No image 999999 in the media library: pick one from the search.');
    expect(answers[3].error).toMatch(/^No image 12abc in the media library/);
  });
});
