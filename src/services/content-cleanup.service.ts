import type { Repositories } from '../repositories/repositories';
import type { TransactionRunner } from './sync/sync-deps';

/** Object types a post's fingerprints are kept under (sync/editor-guard): the row, and `<post type>:post`. */
const FINGERPRINT_TYPES: Record<string, string[]> = {
  movie: ['movie', 'movie:post'],
  tv: ['tv', 'tv:post'],
  drama: ['drama', 'drama:post'],
  people: ['person', 'people', 'people:post'],
  season: ['season', 'season:post'],
  episode: ['episode', 'episode:post'],
  'drama-episode': ['drama-episode', 'drama-episode:post'],
  video: ['video', 'video:post'],
};

/** Post types that can hang under a title (seasons, episodes, videos). */
const DEPENDENT_TYPES: Record<string, string[]> = {
  movie: ['video'],
  tv: ['season', 'episode', 'video'],
  drama: ['season', 'drama-episode', 'episode', 'video'],
  people: ['video'],
  season: ['episode', 'drama-episode'],
};

/**
 * post.deleted: the rows that belonged to a post go with it, and so do its
 * sync fingerprints and those of its season, episode and video rows. On a
 * WordPress MySQL database the foreign keys already cascade; this does it
 * explicitly so SQLite and FK-less tables end up the same. One transaction.
 */
export class ContentCleanupService {
  constructor(
    private readonly repos: Repositories,
    private readonly unitOfWork?: TransactionRunner,
  ) {}

  /** Rows removed (content rows and fingerprints). */
  async deletePostRows(postId: number, type: string): Promise<number> {
    const postType = type === 'person' ? 'people' : type;
    return this.unitOfWork ? this.unitOfWork.run((repos) => this.remove(repos, postId, postType)) : this.remove(this.repos, postId, postType);
  }

  private async remove(repos: Repositories, postId: number, postType: string): Promise<number> {
    const dependents = await this.dependents(repos, postId, postType);
    let rows = await this.deleteRows(repos, postId, postType);
    rows += await this.deleteFingerprints(repos, postId, FINGERPRINT_TYPES[postType] ?? []);
    const dependentTypes = (DEPENDENT_TYPES[postType] ?? []).flatMap((t) => FINGERPRINT_TYPES[t]);
    for (const id of dependents) rows += await this.deleteFingerprints(repos, id, dependentTypes);
    return rows;
  }

  private async dependents(repos: Repositories, postId: number, postType: string): Promise<number[]> {
    switch (postType) {
      case 'movie':
        return repos.movies.dependentPostIds(postId);
      case 'tv':
        return repos.tv.dependentPostIds(postId);
      case 'drama':
        return repos.dramas.dependentPostIds(postId);
      case 'people':
        return repos.people.dependentPostIds(postId);
      case 'season':
        return [...(await repos.tvSeasons.dependentPostIds(postId)), ...(await repos.dramaSeasons.dependentPostIds(postId))];
      default:
        return [];
    }
  }

  private async deleteRows(repos: Repositories, postId: number, postType: string): Promise<number> {
    switch (postType) {
      case 'movie':
        return repos.movies.deleteByPost(postId);
      case 'tv':
        return repos.tv.deleteByPost(postId);
      case 'drama':
        return repos.dramas.deleteByPost(postId);
      case 'people':
        return repos.people.deleteByPost(postId);
      case 'season':
        return (await repos.tvSeasons.deleteByPost(postId)) + (await repos.dramaSeasons.deleteByPost(postId));
      case 'episode':
        return repos.tvEpisodes.deleteByPost(postId);
      case 'drama-episode':
        return repos.dramaEpisodes.deleteByPost(postId);
      case 'video':
        return repos.videos.deleteByPost(postId);
      default:
        return 0;
    }
  }

  private async deleteFingerprints(repos: Repositories, postId: number, objectTypes: readonly string[]): Promise<number> {
    let rows = 0;
    for (const objectType of objectTypes) rows += await repos.fingerprints.deleteObject(objectType, postId);
    return rows;
  }
}
