import type { Logger } from 'pino';
import type { TmdbPerson } from '../../clients/tmdb/tmdb.schema';
import type { CastCredit, ColumnCodec, CrewCredit, ImageDraft } from '../../mappers/mapping.types';
import { buildPersonRow, mapPerson } from '../../mappers/person.mapper';
import type { PersonSyncInfo } from '../../repositories/person.repository';
import type { Repositories } from '../../repositories/repositories';
import type { ContentStore, ImageUploader } from '../../domain/content-store';
import type { ImageService, PreparedImage } from '../images/image.service';
import type { RowWrites } from './row-writes';
import { fingerprint, guardedPeopleUpsert, guardedRowUpsert, syncPostText } from './editor-guard';

/** What a title's credits say about a person: enough for their post and a first row. */
export type PersonCreditRef = Pick<CastCredit | CrewCredit, 'tmdbPersonId' | 'name' | 'gender' | 'profilePath' | 'knownForDepartment'>;

/** The people of a title's credits, sorted before any write: no TMDb request is made for them. */
export interface PeoplePlan {
  /** Credited people with a tmu_people row: their post ids. */
  known: Map<number, number>;
  /** Credited people without a row: made from the credits. */
  create: PersonCreditRef[];
  /** Whose details are missing or older than PEOPLE_REFRESH_HOURS: fetched later, off the title's path. */
  refresh: number[];
  /** Whose profile picture is wanted with their details (top-billed cast). */
  portraits: number[];
}

/**
 * The people behind a title's credits. A title sync makes their posts and
 * rows from the credits it already has (one TMDb request per title however
 * many people it credits); their own details (biography, dates, socials,
 * photos) come later, from a people refresh, at most once per refresh window.
 */
export class PeopleService {
  constructor(
    private readonly images: ImageService,
    private readonly codec: ColumnCodec,
    private readonly refreshHours: number,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Reads only the database. */
  async plan(credits: PersonCreditRef[], repos: Repositories, portraits: ReadonlySet<number>): Promise<PeoplePlan> {
    const byId = new Map(credits.map((c) => [c.tmdbPersonId, c]));
    const synced = await repos.people.findSyncedAt([...byId.keys()]);
    const due = await this.dueForDetails(repos, synced, [...byId.keys()], portraits, this.now().getTime() - this.refreshHours * 3600 * 1000);
    const plan: PeoplePlan = { known: new Map(), create: [], refresh: [], portraits: [] };
    for (const [id, credit] of byId) {
      const row = synced.get(id);
      if (row) plan.known.set(id, row.postId);
      else plan.create.push(credit);
      if (due.has(id)) {
        plan.refresh.push(id);
        if (portraits.has(id)) plan.portraits.push(id);
      }
    }
    this.logger.debug({ credited: byId.size, create: plan.create.length, refresh: plan.refresh.length }, 'people planned');
    return plan;
  }

  /**
   * The people (tmdb ids) due for their details: never fetched or fetched before `cutoffMs`, and
   * top-billed ones (in `portraits`) still without their photo, however fresh their details are.
   */
  async dueForDetails(
    repos: Repositories,
    synced: ReadonlyMap<number, PersonSyncInfo>,
    ids: number[],
    portraits: ReadonlySet<number>,
    cutoffMs: number,
  ): Promise<Set<number>> {
    const stale = (id: number) => {
      const at = synced.get(id)?.syncedAt;
      return !at || at.getTime() < cutoffMs;
    };
    const lacking = await this.missingPortraits(
      repos,
      synced,
      ids.filter((id) => portraits.has(id) && !stale(id)),
    );
    return new Set(ids.filter((id) => stale(id) || lacking.has(id)));
  }

  /**
   * Of these people (tmdb ids with a row), those TMDb has a profile picture for but whose row has
   * no photo yet: first credited lower down, they got their details without one. Top-billed now,
   * they are due for it however fresh their details are.
   */
  private async missingPortraits(repos: Repositories, synced: ReadonlyMap<number, PersonSyncInfo>, tmdbIds: number[]): Promise<Set<number>> {
    const postIds = new Map(tmdbIds.flatMap((id) => (synced.has(id) ? [[synced.get(id)!.postId, id] as const] : [])));
    if (postIds.size === 0) return new Set();
    const rows = await repos.people.getRows([...postIds.keys()], ['ID', 'photos', 'profile_path']);
    const lacking = new Set<number>();
    for (const [postId, tmdbId] of postIds) {
      const row = rows.get(postId) as { photos?: string | null; profile_path?: string | null } | undefined;
      if (!row?.profile_path) continue;
      const photos = this.codec.decode(row.photos ?? null);
      if (!Array.isArray(photos) || photos.length === 0) lacking.add(tmdbId);
    }
    return lacking;
  }

  /** People posts (created in batches, with the crediting title's status) and first rows for the people the plan creates. Returns tmdb id → post id. */
  async write(plan: PeoplePlan, store: ContentStore, rows: RowWrites, status: 'publish' | 'draft'): Promise<Map<number, number>> {
    const people = new Map(plan.known);
    const refs = await store.findOrCreatePosts(
      plan.create.map((p) => ({ type: 'people' as const, key: String(p.tmdbPersonId), tmdbId: p.tmdbPersonId, title: p.name.trim(), content: '', status })),
    );
    // The post titles just made are the sync's own: a later details sync may change them (editors win after that).
    const titles = plan.create.flatMap((credit, i) => (refs[i].created ? [{ id: refs[i].id, title: credit.name.trim() }] : []));
    if (titles.length > 0)
      rows.add((r) =>
        r.fingerprints.saveMany(
          'people:post',
          titles.map(({ id, title }) => ({ id, hashes: new Map([['title', fingerprint(title)]]), stored: new Map() })),
        ),
      );
    const personRows = plan.create.map((credit, i) => {
      people.set(credit.tmdbPersonId, refs[i].id);
      const person = personFromCredit(credit);
      // synced_at stays empty: the details are still to come.
      const row = { ...buildPersonRow(person, mapPerson(person), { postId: refs[i].id, photoIds: [] }, this.codec, this.now()), synced_at: null };
      delete (row as { photos?: unknown }).photos;
      return row;
    });
    // All of them in a few statements, not four or five per person.
    if (personRows.length > 0) rows.add((r) => guardedPeopleUpsert(r, personRows));
    return people;
  }

  /** A person's details: post text, nationality, photos and row, under the editors-win rules. */
  async writeOne(
    person: TmdbPerson,
    repos: Repositories,
    store: ContentStore,
    rows: RowWrites,
    syncedAt: Date,
    prepared: PreparedImage[],
    postId?: number,
    status: 'publish' | 'draft' = 'publish',
    guarded?: ImageUploader,
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
          status,
        });
    // A person made from a credit by an older version has no title print: its row's name is what that sync wrote.
    const rowName = async () => (await repos.fingerprints.get('person', ref.id)).get('name');
    if (!ref.created) await syncPostText(store, repos, rows, 'people', ref, draft.post, rowName);
    if (draft.terms.length > 0) await store.setTerms('people', ref.id, 'nationality', draft.terms);
    // A portrait WordPress refuses costs the portrait, not the person (nor the round).
    const skippedImages: string[] = [];
    const photoIds = [...(await this.images.store(prepared, ref.id, store, undefined, (filePath) => skippedImages.push(filePath), guarded)).values()];
    if (photoIds.length > 0) await store.setFeaturedImage('people', ref.id, photoIds[0]);
    const row = buildPersonRow(person, draft, { postId: ref.id, photoIds }, this.codec, syncedAt);
    // A person synced without pictures keeps the photos an earlier sync attached.
    if (photoIds.length === 0) delete row.photos;
    rows.add((r) =>
      guardedRowUpsert(
        r,
        'person',
        row,
        (id) => r.people.getRow(id),
        (w) => r.people.upsertRow(w as typeof row),
      ),
    );
    await store.markSynced('people', ref.id, { at: syncedAt, error: null, skippedImages });
    return ref.id;
  }

  profileDraft(person: TmdbPerson): ImageDraft | null {
    return mapPerson(person).profile;
  }
}

/** The person as far as a credit tells. */
function personFromCredit(credit: PersonCreditRef): TmdbPerson {
  return {
    id: credit.tmdbPersonId,
    name: credit.name,
    gender: credit.gender ?? undefined,
    known_for_department: credit.knownForDepartment ?? undefined,
    profile_path: credit.profilePath ?? undefined,
  } as TmdbPerson;
}
