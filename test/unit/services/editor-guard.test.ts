import { columnBytes, entityPlainText, fingerprint, guardFields } from '../../../src/services/sync/editor-guard';
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

  it('gives TMDb’s value of each kept field, in the bytes the column holds, and none for the fields it writes', () => {
    const synced = movieRow();
    const edited = { ...synced, tagline: 'Written by an editor', runtime: 150, average_rating: 9.9 };
    const desired: typeof synced = { ...synced, tagline: 'New TMDb tagline', runtime: 140, average_rating: 8.4, budget: 1 };
    const result = guardFields(edited, desired, printsOf(synced));
    expect(Object.fromEntries(result.tmdb)).toEqual({
      tagline: { tmdbValue: 'New TMDb tagline', print: fingerprint('New TMDb tagline') },
      runtime: { tmdbValue: '140', print: fingerprint(140) },
      average_rating: { tmdbValue: '8.4', print: fingerprint(8.4) },
    });
    expect(result.tmdb.has('budget')).toBe(false);
  });

  it('writes column bytes as the database stores them: null stays null, booleans as 1/0', () => {
    expect([columnBytes(null), columnBytes(undefined), columnBytes(true), columnBytes(false), columnBytes(8.4), columnBytes('a:0:{}')]).toEqual([
      null,
      null,
      '1',
      '0',
      '8.4',
      'a:0:{}',
    ]);
  });
});

describe('guardFields on post text: entity encoding is no edit', () => {
  // What the sync writes for a TMDb title with an apostrophe and an ampersand, and what a plain Update leaves.
  const written = { title: 'Ocean&#039;s Eleven &amp; Twelve', content: '&quot;Are you in or out?&quot;' };
  const afterUpdate = { title: "Ocean's Eleven & Twelve", content: '"Are you in or out?"' };
  const firstSync = () => guardFields(null, written, new Map(), { fillOnly: true, text: true }).prints;

  it('follows TMDb after a plain Update only re-encoded the text', () => {
    const desired = { title: 'Ocean&#039;s 11', content: 'New overview' };
    const result = guardFields(afterUpdate, desired, firstSync(), { fillOnly: true, text: true });
    expect(result.kept).toEqual([]);
    expect(result.write).toEqual(desired);
  });

  it('still keeps text an editor really changed', () => {
    const edited = { ...afterUpdate, title: "Danny's heist" };
    const result = guardFields(edited, { title: 'Ocean&#039;s 11', content: 'New overview' }, firstSync(), { fillOnly: true, text: true });
    expect(result.kept).toEqual(['title']);
  });

  it('reads a print saved before text prints existed (of the raw text) as untouched', () => {
    const rawPrints = new Map(Object.entries(written).map(([k, v]) => [k, fingerprint(v)]));
    expect(guardFields(written, { title: 'New', content: 'New' }, rawPrints, { fillOnly: true, text: true }).kept).toEqual([]);
  });

  it('decodes one level of character references, and leaves others and bare ampersands alone', () => {
    expect(entityPlainText('a&#039;b&#x27;c&apos;d&quot;e&amp;f&lt;g&gt;')).toBe(`a'b'c'd"e&f<g>`);
    expect(entityPlainText('&amp;#039; &copy; & &#0; Tom & Jerry')).toBe('&#039; &copy; & &#0; Tom & Jerry');
  });
});
