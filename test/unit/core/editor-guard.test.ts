import { fingerprint, guardFields } from '../../../src/services/sync/editor-guard';
import { movieRow } from '../../support/factories';

/** The fingerprints a sync leaves after writing these values. */
const printsOf = (row: object) => new Map(Object.entries(row).map(([k, v]) => [k, fingerprint(v)]));

describe('guardFields: editors win', () => {
  it('writes every field of a first sync and remembers what it wrote', () => {
    const desired = movieRow();
    const result = guardFields(null, desired, new Map());
    expect(result.write).toEqual(desired);
    expect(result.kept).toEqual([]);
    expect(result.prints.get('tagline')).toBe(fingerprint(desired.tagline));
    // Keys and bookkeeping are written but never fingerprinted.
    expect(result.prints.has('ID')).toBe(false);
    expect(result.prints.has('tmdb_id')).toBe(false);
  });

  it('leaves a field an editor changed since the last sync, and follows TMDb on the others', () => {
    const synced = movieRow();
    const edited = { ...synced, tagline: 'Written by an editor' };
    const desired: typeof synced = { ...synced, tagline: 'New TMDb tagline', runtime: 140 };
    const result = guardFields(edited, desired, printsOf(synced));
    expect(result.kept).toEqual(['tagline']);
    expect(result.write.tagline).toBeUndefined();
    expect(result.write.runtime).toBe(140);
    expect(result.prints.has('tagline')).toBe(false);
  });

  it('fills again a field an editor emptied', () => {
    const synced = movieRow();
    const result = guardFields({ ...synced, tagline: '  ' }, { ...synced, tagline: 'Back from TMDb' }, printsOf(synced));
    expect(result.kept).toEqual([]);
    expect(result.write.tagline).toBe('Back from TMDb');
  });

  it('compares numbers by value: DECIMAL "8.40" as stored equals 8.4', () => {
    const synced = movieRow({ average_rating: 8.4 });
    const stored: Record<string, unknown> = { ...synced, average_rating: '8.40' };
    expect(guardFields(stored as Partial<typeof synced>, synced, printsOf(synced)).kept).toEqual([]);
  });

  it('with fillOnly, keeps a value it never wrote (text a post had before its first sync) and fills an empty one', () => {
    const desired = { post_title: 'Fight Club', post_content: 'TMDb overview' };
    const result = guardFields({ post_title: 'My own title', post_content: '' }, desired, new Map(), { fillOnly: true });
    expect(result.kept).toEqual(['post_title']);
    expect(result.write).toEqual({ post_content: 'TMDb overview' });
    // Without fillOnly a value the sync never wrote is taken over.
    expect(guardFields({ post_title: 'My own title' }, { post_title: 'Fight Club' }, new Map()).write).toEqual({ post_title: 'Fight Club' });
  });
});
