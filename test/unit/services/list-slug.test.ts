import { cutSlug, LIST_SLUG_MAX, listSlug } from '../../../src/services/discovery/list-slug';
import { slugify } from '../../../src/mappers/slug';

describe('listSlug: a curated list slug that fits its column in any script', () => {
  it('follows the title, else the keyword', () => {
    expect(listSlug('Best of 2024', 'plot', 7)).toBe('best-of-2024-7');
    expect(listSlug('', 'plot', 7)).toBe('plot-spotlight-7');
    expect(listSlug('アニメ', 'anime', 3)).toBe(`${slugify('アニメ')}-3`);
  });

  it('cuts a long Japanese title between letters, within 191 characters', () => {
    const title = '時をかける少女'.repeat(10);
    const slug = listSlug(title, 'time-travel', 12345);
    expect(slug.length).toBeLessThanOrEqual(LIST_SLUG_MAX);
    expect(slug).toMatch(/^(%e[0-9a-f](%[89ab][0-9a-f]){2})+-12345$/);
    expect(slugify(title).startsWith(slug.replace(/-12345$/, ''))).toBe(true);
    // Every letter kept is whole: the cut slug decodes.
    expect(() => decodeURIComponent(slug)).not.toThrow();
  });

  it('drops a dash left at the cut and leaves a short slug alone', () => {
    expect(cutSlug('abc-def', 4)).toBe('abc');
    expect(cutSlug('abc', 10)).toBe('abc');
    expect(cutSlug('%d0%b0%d0%b1', 8)).toBe('%d0%b0');
  });
});
