/**
 * `serve` logs readable lines on a terminal and JSON elsewhere; secrets are scrubbed in both formats.
 */
import { Writable } from 'node:stream';
import { chooseLogFormat, createLogger } from '../../src/config/logger';
import { loadConfig } from '../../src/config/config';

const SECRET = 'tmdb-key-of-the-operator-0123456789';

function capture() {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return { destination, text: () => chunks.join('') };
}

describe('log format choice', () => {
  it('is pretty on a terminal and JSON on a pipe when LOG_FORMAT is auto', () => {
    expect(chooseLogFormat('auto', true)).toBe('pretty');
    expect(chooseLogFormat('auto', false)).toBe('json');
  });

  it('follows LOG_FORMAT=json or pretty whatever the stream is', () => {
    expect(chooseLogFormat('json', true)).toBe('json');
    expect(chooseLogFormat('pretty', false)).toBe('pretty');
  });

  it('reads LOG_FORMAT from the environment (auto by default) and names a bad value', () => {
    const base = { TMDB_API_KEY: 'k', DATABASE_URL: 'sqlite::memory:' };
    expect(loadConfig({ ...base }).logFormat).toBe('auto');
    expect(loadConfig({ ...base, LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(() => loadConfig({ ...base, LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });

  it('writes one JSON object per line when the stream is not a terminal', () => {
    const out = capture();
    const logger = createLogger({ destination: out.destination, isTty: false, secrets: [SECRET] });
    logger.info({ job: 7 }, `job started with ${SECRET}`);
    const line = JSON.parse(out.text().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, job: 7, msg: 'job started with [REDACTED]' });
  });

  it('writes a readable line, without pid or hostname and without the secret, on a terminal', () => {
    const out = capture();
    const logger = createLogger({ destination: out.destination, isTty: true, secrets: [SECRET] });
    logger.info({ job: 7, type: 'sync', apiKey: SECRET }, `job started with ${SECRET}`);
    const text = out.text();
    expect(text.trim().split('\n')).toHaveLength(1);
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: job started with \[REDACTED\]/);
    expect(text).toContain('job=7 type=sync apiKey=[REDACTED]');
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/pid|hostname/);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('never prints a control character from a message or a field (TMDb text cannot drive the terminal)', () => {
    const out = capture();
    const logger = createLogger({ destination: out.destination, isTty: true });
    logger.info({ title: 'Evil\u001b[2J\u001b[31mTitle', note: 'two words' }, 'synced \u001b[31mred\r\nfake line');
    const text = out.text();
    expect(text.trim().split('\n')).toHaveLength(1);
    // eslint-disable-next-line no-control-regex -- the assertion is that no raw control character reaches the log
    expect(text.trimEnd()).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(text).toContain('synced \\u001b[31mred\\u000d\\u000afake line');
    expect(text).toContain('title="Evil\\u001b[2J\\u001b[31mTitle" note="two words"');
  });
});
