import type { Logger } from 'pino';
import type { TmdbPerson } from '../../clients/tmdb/tmdb.types';
import type { ColumnCodec, ImageDraft } from '../../mappers/mapping.types';
import { buildPersonRow, mapPerson } from '../../mappers/person.mapper';
import type { Repositories } from '../../repositories/repositories';
import type { ContentStore } from '../content-store/content-store';
import type { ImageService, PreparedImage } from '../images/image.service';
import type { RowWrites } from './row-writes';
import type { PersonFetcher } from './sync-deps';
import { guardedRowUpsert, syncPostText } from './title-writer';

export interface PersonCreditRef {
  tmdbPersonId: number;
  name: string;
}

/** People whose details were fetched for this sync, ready to write. */
export interface FetchedPeople {
  payloads: TmdbPerson[];
  /** Credited people who are fresh in the database: their post ids, no request made. */
  known: Map<number, number>;
  images: Map<number, PreparedImage[]>;
}

/**
 * Finds or creates the people posts and rows behind a title's credits.
 * A person's own details are fetched at most once per refresh window
 * (PEOPLE_REFRESH_HOURS); fresh people cost no TMDb request.
 */
export class PeopleService {
  constructor(
    private readonly tmdb: PersonFetcher,
    private readonly images: ImageService,
    private readonly codec: ColumnCodec,
    private readonly refreshHours: number,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Fetch phase: no writes. `withImages` lists people whose profile picture is wanted. */
  async fetch(
    credits: PersonCreditRef[],
    repos: Repositories,
    store: ContentStore,
    withImages: ReadonlySet<number>,
  ): Promise<FetchedPeople> {
    const ids = [...new Set(credits.map((c) => c.tmdbPersonId))];
    const synced = await repos.people.findSyncedAt(ids);
    const cutoff = this.now().getTime() - this.refreshHours * 3600 * 1000;
    const known = new Map<number, number>();
    const stale: number[] = [];
    for (const id of ids) {
      const row = synced.get(id);
      if (row && row.syncedAt && row.syncedAt.getTime() >= cutoff) known.set(id, row.postId);
      else stale.push(id);
    }
    const payloads = await Promise.all(stale.map((id) => this.tmdb.getPerson(id)));
    const images = new Map<number, PreparedImage[]>();
    await Promise.all(
      payloads
        .filter((p) => withImages.has(p.id))
        .map(async (person) => {
          const draft = mapPerson(person);
          if (draft.profile) images.set(person.id, await this.images.prepare([draft.profile], person.name, store));
        }),
    );
    this.logger.debug({ credited: ids.length, fetched: stale.length }, 'people fetched');
    return { payloads, known, images };
  }

  /** Write phase: people posts through the content store; their tmu_people rows go on `rows`. Returns tmdb id → post id. */
  async write(fetched: FetchedPeople, repos: Repositories, store: ContentStore, rows: RowWrites, syncedAt: Date): Promise<Map<number, number>> {
    const people = new Map(fetched.known);
    for (const person of fetched.payloads) {
      const existing = await repos.people.findPostIdByTmdbId(person.id);
      const postId = await this.writeOne(person, repos, store, rows, syncedAt, fetched.images.get(person.id) ?? [], existing ?? undefined);
      people.set(person.id, postId);
    }
    return people;
  }

  async writeOne(
    person: TmdbPerson,
    repos: Repositories,
    store: ContentStore,
    rows: RowWrites,
    syncedAt: Date,
    prepared: PreparedImage[],
    postId?: number,
  ): Promise<number> {
    const draft = mapPerson(person);
    const ref = postId
      ? { id: postId, created: false }
      : await store.findOrCreatePost({
          type: 'people',
          key: String(person.id),
          tmdbId: person.id,
          title: draft.post.title,
          content: draft.post.content,
          status: 'publish',
        });
    if (!ref.created) await syncPostText(store, repos, rows, 'people', ref, draft.post);
    if (draft.terms.length > 0) await store.setTerms('people', ref.id, 'nationality', draft.terms);
    const photoIds = [...(await this.images.store(prepared, ref.id, store)).values()];
    if (photoIds.length > 0) await store.setFeaturedImage('people', ref.id, photoIds[0]);
    const row = buildPersonRow(person, draft, { postId: ref.id, photoIds }, this.codec, syncedAt);
    // A person synced without pictures keeps the photos an earlier sync attached.
    if (photoIds.length === 0) delete row.photos;
    rows.add((r) => guardedRowUpsert(r, 'person', row, (id) => r.people.getRow(id), (w) => r.people.upsertRow(w as typeof row)));
    return ref.id;
  }

  profileDraft(person: TmdbPerson): ImageDraft | null {
    return mapPerson(person).profile;
  }
}
