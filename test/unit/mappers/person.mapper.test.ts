import { tmdbPersonSchema } from '../../../src/clients/tmdb/tmdb.schema';
import { createColumnCodec } from '../../../src/mappers/column-codec';
import { buildPersonRow, genderLabel, mapPerson, socialAccounts } from '../../../src/mappers/person.mapper';
import { person, SYNCED_AT } from './factories';
import { loadFixture } from './fixture-helpers';

const php = createColumnCodec('php');

describe('Brad Pitt (287, adamayoung append-all)', () => {
  const payload = tmdbPersonSchema.parse(loadFixture('person', 'adamayoung-person-287-append-all-trimmed.json'));
  const draft = mapPerson(payload);
  const row = buildPersonRow(payload, draft, { postId: 2870, photoIds: [11, 12] }, php, SYNCED_AT);

  it('fills the legacy people columns', () => {
    expect(row).toMatchObject({
      ID: 2870,
      tmdb_id: 287,
      name: 'Brad Pitt',
      gender: 'Male',
      date_of_birth: '1963-12-18',
      dead_on: null,
      birthplace: 'Shawnee, Oklahoma, USA',
      profession: 'Acting',
      popularity: 10.6,
      imdb_id: 'nm0000093',
      profile_path: '/kU3B75TyRiCgE270EyZnHjfivoq.jpg',
      synced_at: SYNCED_AT,
    });
    expect(php.decode(row.photos!)).toEqual([11, 12]);
  });

  it('writes correct social URLs', () => {
    expect(php.decode(row.social_media_account)).toEqual([
      { platform: 'Facebook', url: 'https://www.facebook.com/BradPitt' },
      { platform: 'Instagram', url: 'https://instagram.com/bradpitt' },
      { platform: 'X', url: 'https://x.com/BradPitt' },
    ]);
  });

  it('drafts the post, profile picture and nationality', () => {
    expect(draft.post).toEqual({ title: 'Brad Pitt', content: payload.biography });
    expect(draft.profile).toEqual({ filePath: '/kU3B75TyRiCgE270EyZnHjfivoq.jpg', kind: 'profile', size: 'h632' });
    expect(draft.terms).toEqual([{ taxonomy: 'nationality', name: 'USA', slug: 'usa' }]);
    expect(draft.photos.every((p) => p.kind === 'profile' && p.size === 'h632')).toBe(true);
  });
});

describe('person helpers', () => {
  it.each([
    [1, 'Female'],
    [2, 'Male'],
    [0, 'Not Specified'],
    [3, 'Not Specified'],
    [null, 'Not Specified'],
    [undefined, 'Not Specified'],
  ])('gender %p → %s', (gender, label) => {
    expect(genderLabel(gender)).toBe(label);
  });

  it('does not copy the legacy URL bugs', () => {
    const accounts = socialAccounts({ twitter_id: 'tomhanks', youtube_id: 'tomhanks', facebook_id: '', instagram_id: null });
    expect(accounts).toEqual([
      { platform: 'X', url: 'https://x.com/tomhanks' },
      { platform: 'YouTube', url: 'https://www.youtube.com/@tomhanks' },
    ]);
    expect(accounts.map((a) => a.url).join(' ')).not.toMatch(/facebook|missnemmanuel/);
    expect(socialAccounts({ youtube_id: 'UCabcdefghijklmnopqrstuv' })).toEqual([{ platform: 'YouTube', url: 'https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv' }]);
    expect(socialAccounts({ instagram_id: '@léa' })).toEqual([{ platform: 'Instagram', url: 'https://instagram.com/l%C3%A9a' }]);
    expect(socialAccounts(undefined)).toEqual([]);
  });

  it('maps empty strings and missing dates to null', () => {
    const p = person({ birthday: '', deathday: '', place_of_birth: '', known_for_department: '', gender: 1, biography: null });
    const row = buildPersonRow(p, mapPerson(p), { postId: 1, photoIds: [] }, php, SYNCED_AT);
    expect(row).toMatchObject({ date_of_birth: null, dead_on: null, birthplace: null, profession: '', gender: 'Female', biography: null });
    expect(row.social_media_account).toBe('a:0:{}');
    expect(mapPerson(p).terms).toEqual([]);
  });
});
