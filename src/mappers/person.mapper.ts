/**
 * TMDb person (details + external_ids,images) → the people post
 * draft and the wp_tmu_people row, in the legacy TMU format.
 */
import type { TmdbExternalIds, TmdbPerson } from '../clients/tmdb/tmdb.schema';
import type { PersonRow } from '../domain/rows';
import { emptyPersonVideos, knownForColumn, professionColumn } from './column-shapes';
import { toYmd } from './dates';
import { imageDraft, selectImages } from './image.mapper';
import type { ColumnCodec, ImageDraft, PostDraft, TermDraft } from './mapping.types';
import { nationalityTerms } from './terms.mapper';
import { nz, round1 } from './title.mapper';

const MAX_PHOTOS = 10;

export interface PersonDraft {
  tmdbId: number;
  post: PostDraft;
  profile: ImageDraft | null;
  /** Gallery candidates for the `photos` column (profile images, best first). */
  photos: ImageDraft[];
  /** nationality, from the last part of place_of_birth. */
  terms: TermDraft[];
}

export type SocialPlatform = 'Facebook' | 'Instagram' | 'X' | 'YouTube';

export function genderLabel(gender: number | null | undefined): 'Male' | 'Female' | 'Not Specified' {
  if (gender === 1) return 'Female';
  if (gender === 2) return 'Male';
  return 'Not Specified';
}

function handle(id: string | null | undefined): string | null {
  const trimmed = id?.trim().replace(/^@+/, '');
  return trimmed ? encodeURIComponent(trimmed) : null;
}

function youtubeUrl(id: string | null | undefined): string | null {
  const trimmed = id?.trim();
  if (!trimmed) return null;
  if (/^UC[\w-]{22}$/.test(trimmed)) return `https://www.youtube.com/channel/${trimmed}`;
  return `https://www.youtube.com/@${handle(trimmed)}`;
}

/** social_media_account entries from external_ids (Facebook, Instagram, X, YouTube, in that order). */
export function socialAccounts(ids: TmdbExternalIds | undefined): Array<{ platform: SocialPlatform; url: string }> {
  if (!ids) return [];
  const accounts: Array<{ platform: SocialPlatform; url: string }> = [];
  const facebook = handle(ids.facebook_id);
  if (facebook) accounts.push({ platform: 'Facebook', url: `https://www.facebook.com/${facebook}` });
  const instagram = handle(ids.instagram_id);
  if (instagram) accounts.push({ platform: 'Instagram', url: `https://instagram.com/${instagram}` });
  const x = handle(ids.twitter_id);
  if (x) accounts.push({ platform: 'X', url: `https://x.com/${x}` });
  const youtube = youtubeUrl(ids.youtube_id);
  if (youtube) accounts.push({ platform: 'YouTube', url: youtube });
  return accounts;
}

export function mapPerson(person: TmdbPerson): PersonDraft {
  return {
    tmdbId: person.id,
    post: { title: person.name.trim(), content: person.biography?.trim() ?? '' },
    profile: imageDraft(person.profile_path, 'profile'),
    photos: selectImages(person.images?.profiles, 'profile', MAX_PHOTOS),
    terms: nationalityTerms(person.place_of_birth),
  };
}

export function buildPersonRow(person: TmdbPerson, draft: PersonDraft, refs: { postId: number; photoIds: number[] }, codec: ColumnCodec, syncedAt: Date): PersonRow {
  return {
    ID: refs.postId,
    tmdb_id: person.id,
    name: draft.post.title,
    date_of_birth: toYmd(person.birthday),
    gender: genderLabel(person.gender),
    profession: professionColumn(person.known_for_department, codec),
    birthplace: nz(person.place_of_birth),
    dead_on: toYmd(person.deathday),
    social_media_account: codec.encode(socialAccounts(person.external_ids)),
    popularity: round1(person.popularity),
    photos: codec.encode(refs.photoIds),
    videos: emptyPersonVideos(codec),
    ...knownForColumn(person.known_for_department, codec.format),
    biography: nz(person.biography),
    imdb_id: nz(person.imdb_id) ?? nz(person.external_ids?.imdb_id),
    profile_path: nz(person.profile_path),
    synced_at: syncedAt,
  };
}
