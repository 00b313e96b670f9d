/**
 * An error answer's `message` is a plain sentence; the code is its own field and technical detail
 * (an HTTP status, TMDb's status_code) is a bounded `detail`, never part of the sentence.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { TmdbKeyMissingError, TmdbNotFoundError } from '../../../src/errors';
import { errorHandler } from '../../../src/http/http-error';

async function answerFor(error: Error): Promise<{ status: number; body: { error: Record<string, unknown> } }> {
  const app = express();
  app.get('/x', () => {
    throw error;
  });
  app.use(errorHandler(pino({ level: 'silent' })));
  const server = app.listen(0);
  try {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/x`);
    return { status: res.status, body: (await res.json()) as { error: Record<string, unknown> } };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('error answers', () => {
  it("keeps TMDb's code and words out of the sentence, in a bounded detail", async () => {
    const answer = await answerFor(new TmdbNotFoundError('TMDb has no GET /movie/404404', { detail: `status_code 34: ${'x'.repeat(1000)}` }));
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('tmdb_not_found');
    expect(answer.body.error.message).toBe('TMDb has no GET /movie/404404');
    expect(String(answer.body.error.detail)).toMatch(/^status_code 34: x+… \(\d+ more characters\)$/);
    expect(String(answer.body.error.detail).length).toBeLessThan(400);
  });

  it('says a missing key in its own words and code', async () => {
    const answer = await answerFor(new TmdbKeyMissingError());
    expect(answer.body.error).toEqual({ code: 'tmdb_key_missing', message: 'No TMDb API key is set.' });
  });
});
