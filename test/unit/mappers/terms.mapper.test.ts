import { keywordNames, nationalityName, nationalityTerms, networkTerms, termDraft, termDrafts, titleTerms, ucwords } from '../../../src/mappers/terms.mapper';

describe('ucwords (PHP)', () => {
  it('uppercases the first ASCII letter of each word only', () => {
    expect(ucwords('based on novel or book')).toBe('Based On Novel Or Book');
    expect(ucwords('self-destructiveness')).toBe('Self-destructiveness');
    expect(ucwords("mother's day\tspecial")).toBe("Mother's Day\tSpecial");
    expect(ucwords('élan vital')).toBe('élan Vital');
  });
});

describe('term drafts', () => {
  it('trims names and slugs them', () => {
    expect(termDraft('genre', '  Sci-Fi  &  Fantasy ')).toEqual({ taxonomy: 'genre', name: 'Sci-Fi & Fantasy', slug: 'sci-fi-fantasy' });
  });

  it('skips empty names and duplicates by slug', () => {
    expect(termDraft('genre', '')).toBeNull();
    expect(termDraft('genre', '???')).toBeNull();
    expect(termDrafts('keyword', ['Alien', 'alien', null, 'Aliens']).map((t) => t.name)).toEqual(['Alien', 'Aliens']);
  });

  it('reads movie and tv keyword lists', () => {
    expect(keywordNames({ keywords: [{ name: 'a' }] })).toEqual(['a']);
    expect(keywordNames({ results: [{ name: 'b' }, { name: ' ' }] })).toEqual(['b']);
    expect(keywordNames(undefined)).toEqual([]);
  });
});

describe('titleTerms', () => {
  const source = {
    genres: [{ name: 'Drama' }],
    production_countries: [{ name: 'United Kingdom' }],
    spoken_languages: [
      { english_name: 'German', name: 'Deutsch' },
      { english_name: '', name: 'Klingon' },
    ],
    keywords: { keywords: [{ name: 'space opera' }] },
  };

  it('builds genre, country, language, by-year and keyword terms', () => {
    expect(titleTerms(source, '1999-10-15')).toEqual([
      { taxonomy: 'genre', name: 'Drama', slug: 'drama' },
      { taxonomy: 'country', name: 'United Kingdom', slug: 'united-kingdom' },
      { taxonomy: 'language', name: 'German', slug: 'german' },
      { taxonomy: 'language', name: 'Klingon', slug: 'klingon' },
      { taxonomy: 'by-year', name: '1999', slug: '1999' },
      { taxonomy: 'keyword', name: 'Space Opera', slug: 'space-opera' },
    ]);
  });

  it('leaves out by-year without a date and keywords when asked', () => {
    const taxonomies = titleTerms(source, null, false).map((t) => t.taxonomy);
    expect(taxonomies).not.toContain('by-year');
    expect(taxonomies).not.toContain('keyword');
  });

  it('maps networks to the given taxonomy', () => {
    expect(networkTerms([{ name: 'HBO' }], 'channel')).toEqual([{ taxonomy: 'channel', name: 'HBO', slug: 'hbo' }]);
  });
});

describe('nationality', () => {
  it.each([
    ['Shawnee, Oklahoma, USA', 'USA'],
    ['Los Angeles, California, USA ', 'USA'],
    ['Shawnee - Oklahoma - USA', 'USA'],
    ['Paris', 'Paris'],
    ['', null],
    [null, null],
  ])('%p → %p', (place, expected) => {
    expect(nationalityName(place)).toBe(expected);
  });

  it('is a nationality term', () => {
    expect(nationalityTerms('London, England, UK')).toEqual([{ taxonomy: 'nationality', name: 'UK', slug: 'uk' }]);
    expect(nationalityTerms(undefined)).toEqual([]);
  });
});
