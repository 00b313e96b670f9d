import { UsageError } from '../../src/cli/cli-io';
import { parseSyncArgs } from '../../src/cli/commands/sync.command';

describe('parseSyncArgs', () => {
  it('reads type, ids and switches', () => {
    expect(parseSyncArgs(['tv', '1399', '--no-images', '--seasons', '1,2'])).toEqual({
      type: 'tv',
      ids: [1399],
      options: { images: false, videos: true, credits: true, seasons: [1, 2] },
    });
    expect(parseSyncArgs(['movie', '550', '--post', '12']).options.postId).toBe(12);
    expect(parseSyncArgs(['person', '287', '31']).ids).toEqual([287, 31]);
  });

  it.each([
    [['film', '550'], /type/],
    [['movie'], /at least one/],
    [['movie', 'abc'], /TMDb id must be a positive integer, got abc/],
    [['movie', '550', '--seasons', 'some'], /--seasons/],
    [['movie', '550', '551', '--post', '3'], /single TMDb id/],
  ])('rejects %p', (args, message) => {
    expect(() => parseSyncArgs(args)).toThrow(UsageError);
    expect(() => parseSyncArgs(args)).toThrow(message);
  });
});
