import { childStatusOf } from '../../../src/services/sync/title-status';

describe('the status a title’s children and new people are written with', () => {
  it('is public only while the title is published', () => {
    expect(childStatusOf('publish')).toBe('publish');
  });

  it.each(['draft', 'pending', 'future', 'private', 'auto-draft', undefined])('keeps them drafts for a %s title', (status) => {
    expect(childStatusOf(status)).toBe('draft');
  });
});
