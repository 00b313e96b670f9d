/**
 * Network (tv) and channel (drama) logos, as the legacy importer kept them: each
 * logo is uploaded once (an attachment is found by its TMDb file path, so a
 * network shared by many series is never downloaded twice) and its attachment
 * id is stored as the term meta `logo`.
 */
import type { TvDraft } from '../../mappers/tv.mapper';
import type { ContentStore } from '../../domain/content-store';
import type { SyncDeps } from './sync-deps';
import type { SyncCounts, SyncOptions } from './sync.types';

export async function writeNetworkLogos(
  deps: Pick<SyncDeps, 'images'>,
  store: ContentStore,
  draft: Pick<TvDraft, 'networkLogos' | 'post'>,
  seriesPostId: number,
  options: Pick<SyncOptions, 'images'>,
  counts: SyncCounts,
): Promise<void> {
  if (!options.images || draft.networkLogos.length === 0) return;
  const prepared = await deps.images.prepare(
    draft.networkLogos.map((entry) => entry.logo),
    draft.post.title,
    store,
  );
  const uploads = prepared.filter((image) => image.existingId === null).length;
  const ids = await deps.images.store(prepared, seriesPostId, store);
  counts.images += uploads;
  for (const { term, logo } of draft.networkLogos) {
    const id = ids.get(logo.filePath);
    if (id !== undefined) await store.setTermMeta(term, 'logo', id);
  }
}
