import { ValidationError } from '../../errors';
import { decodeHtmlText } from '../../mappers/tmdb-text.mapper';
import { namedImageDrafts } from '../../mappers/media-file-name';
import { RowWrites } from './row-writes';
import type { SyncDeps } from './sync-deps';
import { emptyCounts, SyncOptions, SyncResult } from './sync.types';

/** A person on their own: one detail request (external ids, images). */
export class PersonSyncService {
  constructor(private readonly deps: SyncDeps) {}

  async sync(tmdbId: number, options: SyncOptions): Promise<SyncResult> {
    const { deps } = this;
    const person = await deps.tmdb.getPerson(tmdbId, { fresh: options.fresh });
    const draft = deps.people.profileDraft(person);
    const profile = draft ? namedImageDrafts([draft], person.name)[0] : null;
    const prepared = options.images && profile ? await deps.images.prepare([profile], person.name, deps.store) : [];
    const syncedAt = (deps.now ?? (() => new Date()))();
    const counts = emptyCounts();

    // WordPress first, no transaction open; then the rows alone (see title-pipeline.ts).
    const store = deps.bindStore(null);
    const rows = new RowWrites();
    const existing = await deps.repos.people.findPostIdByTmdbId(tmdbId);
    if (options.postId !== undefined && existing !== null && existing !== options.postId) {
      throw new ValidationError(`TMDb person ${tmdbId} is already synced as post ${existing}`, { field: 'post_id' });
    }
    const postId = await deps.people.writeOne(person, deps.repos, store, rows, syncedAt, prepared, options.postId ?? existing ?? undefined, options.status);
    await store.flush();
    await deps.unitOfWork.run((repos) => rows.flush(repos));
    counts.people = 1;
    counts.peopleFetched = 1;
    counts.images = prepared.length;
    return {
      type: 'person' as const,
      tmdbId,
      postId,
      title: decodeHtmlText(person.name),
      created: options.postId === undefined && existing === null,
      counts,
      skippedVideos: 0,
      keptByEditor: [],
    };
  }
}
