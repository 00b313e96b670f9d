import { describeKeySource, tmdbKeySource } from '../../../src/domain/tmdb-key-source';

describe('tmdbKeySource', () => {
  it('names the environment first, then a pushed key, then none', () => {
    expect(tmdbKeySource(true, true)).toBe('environment');
    expect(tmdbKeySource(false, true)).toBe('settings');
    expect(tmdbKeySource(false, false)).toBe('none');
  });

  it('describes each source in words', () => {
    expect(describeKeySource('settings')).toBe("the key saved on the plugin's settings page");
    expect(describeKeySource('environment')).toContain('TMDB_API_KEY');
    expect(describeKeySource('none')).toBe('no key');
  });
});
