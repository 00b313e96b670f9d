/**
 * Media uploads in parallel, as a sync sends a title's images (IMAGE_UPLOAD_CONCURRENCY), into a
 * month whose uploads folder does not exist yet: WordPress alone lets one of them fail with
 * "Unable to create directory" when two requests make the folder at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { startWordPressStack, WordPressStack } from './support/wordpress-stack';

jest.setTimeout(300_000);

const ROUNDS = 15;
const UPLOADS_AT_ONCE = 8;

describe('parallel media uploads into a new month folder', () => {
  let stack: WordPressStack;

  beforeAll(async () => {
    stack = await startWordPressStack({ port: 18083, dbName: `tmu_e2e_uploads_${process.pid}`, workers: UPLOADS_AT_ONCE });
  }, 180_000);
  afterAll(async () => stack?.stop());

  const image = (n: number) =>
    sharp({ create: { width: 40, height: 60, channels: 3, background: { r: n, g: 80, b: 160 } } })
      .jpeg()
      .toBuffer();

  async function upload(name: string, body: Buffer): Promise<{ status: number; file: string; code?: string }> {
    const res = await fetch(stack.restUrl('/wp/v2/media'), {
      method: 'POST',
      headers: { Authorization: stack.authHeader, 'Content-Type': 'image/jpeg', 'Content-Disposition': `attachment; filename="${name}"` },
      body,
    });
    const answer = (await res.json()) as { media_details?: { file?: string }; code?: string };
    return { status: res.status, file: answer.media_details?.file ?? '', code: answer.code };
  }

  it(`stores all ${UPLOADS_AT_ONCE} uploads sent at once, ${ROUNDS} times over, each time into folders just removed`, async () => {
    const bodies = await Promise.all(Array.from({ length: UPLOADS_AT_ONCE }, (_, i) => image(i)));
    const first = await upload('first.jpg', bodies[0]);
    expect(first.status).toBe(201);
    // uploads/2026 of uploads/2026/11: a new year makes the window between WordPress's check and its mkdir wider.
    const yearFolder = path.join(stack.uploadsDir, path.dirname(path.dirname(first.file)));
    for (let round = 0; round < ROUNDS; round += 1) {
      fs.rmSync(yearFolder, { recursive: true, force: true });
      const answers = await Promise.all(bodies.map((body, i) => upload(`round-${round}-${i}.jpg`, body)));
      expect(answers.filter((a) => a.status !== 201)).toEqual([]);
      for (const answer of answers) expect(fs.existsSync(path.join(stack.uploadsDir, answer.file))).toBe(true);
    }
  });
});
