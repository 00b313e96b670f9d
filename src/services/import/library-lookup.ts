import type { LibraryRepository } from '../../repositories/library.repository';

export type TitleKind = 'movie' | 'tv';
export type LibraryTitleType = 'movie' | 'tv' | 'drama';

export interface LibraryMatch {
  postId: number;
  type: LibraryTitleType;
}

/**
 * Which TMDb titles the site already has. A TV id counts whether the series
 * is kept as TV or as a drama (the same TMDb series, another table).
 */
export class LibraryLookup {
  constructor(private readonly library: Pick<LibraryRepository, 'findByTmdbIds'>) {}

  async find(kind: TitleKind, tmdbIds: readonly number[]): Promise<Map<number, LibraryMatch>> {
    const out = new Map<number, LibraryMatch>();
    if (tmdbIds.length === 0) return out;
    const types: LibraryTitleType[] = kind === 'movie' ? ['movie'] : ['tv', 'drama'];
    for (const type of types) {
      // Oldest post first: a legacy site with duplicates links to the first one.
      for (const item of await this.library.findByTmdbIds(type, tmdbIds)) {
        if (!out.has(item.tmdbId)) out.set(item.tmdbId, { postId: item.postId, type });
      }
    }
    return out;
  }

  async findOne(kind: TitleKind, tmdbId: number): Promise<LibraryMatch | null> {
    return (await this.find(kind, [tmdbId])).get(tmdbId) ?? null;
  }
}

/** The TMDb kind of a library type: dramas are TV series. */
export function titleKind(type: LibraryTitleType): TitleKind {
  return type === 'movie' ? 'movie' : 'tv';
}
