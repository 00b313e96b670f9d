import { removeAccents, slugify } from '../../../src/mappers/slug';

describe('slugify (WordPress sanitize_title)', () => {
  it.each([
    ['Drama', 'drama'],
    ['Sci-Fi & Fantasy', 'sci-fi-fantasy'],
    ['Action & Adventure', 'action-adventure'],
    ['United States of America', 'united-states-of-america'],
    ['Léa Seydoux', 'lea-seydoux'],
    ['Björk Guðmundsdóttir', 'bjork-gudmundsdottir'],
    ['Straße', 'strase'],
    ['Æon Flux', 'aeon-flux'],
    ["Schindler's List", 'schindlers-list'],
    ['Dr. Who', 'dr-who'],
    ['  --Hello,   World!--  ', 'hello-world'],
    ['AC/DC', 'ac-dc'],
    ['Face\u2014Off', 'face-off'],
    ['snake_case stays', 'snake_case-stays'],
    ['<b>Bold</b> Name', 'bold-name'],
    ['1999', '1999'],
    ['日本', '%e6%97%a5%e6%9c%ac'],
    // Kana with a voicing mark and Cyrillic й keep their letter: WordPress folds Latin letters only.
    ['ディズニー', encodeURIComponent('ディズニー').toLowerCase()],
    ['Война и мир', encodeURIComponent('война-и-мир').toLowerCase()],
    ['!!!', ''],
  ])('%s → %s', (input, expected) => {
    expect(slugify(input)).toBe(expected);
  });
});

describe('removeAccents', () => {
  it('leaves ASCII alone and folds Latin letters', () => {
    expect(removeAccents('Plain')).toBe('Plain');
    expect(removeAccents('Crème Brûlée, Łódź, Øresund')).toBe('Creme Brulee, Lodz, Oresund');
  });
});
