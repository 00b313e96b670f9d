import type { TmdbSeason, TmdbTv } from '../../clients/tmdb/tmdb.schema';
import { buildEpisodeRow, buildSeasonRow, mapSeason, SeasonDraft } from '../../mappers/season.mapper';
import { buildDramaRow, buildTvRow, mapTv, TvDraft } from '../../mappers/tv.mapper';
import { watchProvidersColumn } from '../../mappers/watch-providers.mapper';
import type { Repositories } from '../../repositories/repositories';
import type { ContentStore, PostInput, PostType } from '../../domain/content-store';
import type { PreparedImage } from '../images/image.service';
import type { RowWrites } from './row-writes';
import { writeNetworkLogos } from './network-logos';
import type { SyncDeps } from './sync-deps';
import { isPageStage, reportStep, SyncCounts, SyncOptions, SyncResult } from './sync.types';
import { runTitlePipeline, TitleRefs } from './title-pipeline';
import type { ChildPost, ChildStatus } from './title-status';
import { episodeSubject, namedImageDrafts } from '../../mappers/media-file-name';
import { fetchTitleExtras, guardedRowUpsert, guardedTitleUpsert, imageDrafts, watchRegionOf, withoutDisabledColumns } from './title-writer';

type SeriesKind = 'tv' | 'drama';

interface FetchedSeason {
  payload: TmdbSeason;
  draft: SeasonDraft;
  images: PreparedImage[];
}

/**
 * TV series and dramas (a drama is a series stored in the drama tables).
 * One detail request for the series and one per season; every season is
 * imported (the legacy importer stopped dramas at season 1).
 */
export class SeriesSyncService {
  constructor(private readonly deps: SyncDeps) {}

  async sync(kind: SeriesKind, tmdbId: number, options: SyncOptions): Promise<SyncResult> {
    const { deps } = this;
    const tv = await deps.tmdb.getTv(tmdbId, { fresh: options.fresh });
    const draft = mapTv(tv, kind);
    reportStep(options, 'fetch', 0, 1);
    const seasons = await this.fetchSeasons(tv, draft, kind, options);
    // Guest stars and an episode's own crew get people posts too, so episode pages show their cast and crew.
    const episodeCredits = deps.episodeCredits === 'known' ? [] : seasons.flatMap((s) => s.draft.episodes.flatMap((e) => [...e.cast, ...e.crew]));
    const { people, media } = await fetchTitleExtras(deps, draft, tv.videos?.results, options, episodeCredits);
    const table = kind === 'tv' ? 'tv' : 'dramas';
    const watch = watchProvidersColumn(tv['watch/providers'], await watchRegionOf(deps), deps.codec);
    // The title row goes first among the queued rows: season and episode rows reference it.
    const buildRow = (refs: TitleRefs, syncedAt: Date, seasonPostIds: number[]) =>
      withoutDisabledColumns(
        { ...(kind === 'tv' ? buildTvRow(tv, draft, { ...refs, seasonPostIds }, deps.codec, syncedAt) : buildDramaRow(tv, draft, refs, deps.codec, syncedAt)), ...watch },
        options,
      );
    // A drama's row is written with the queued rows only: what it kept comes from there.
    let keptByQueuedRow: string[] = [];
    return runTitlePipeline(
      deps,
      {
        kind,
        table,
        tmdbId,
        draft,
        people,
        media,
        terms: [...draft.terms, ...draft.networks],
        // Logos are not part of a page: the page stage leaves them to the complete sync.
        afterTerms: (store, postId, counts) => (isPageStage(options) ? Promise.resolve() : writeNetworkLogos(deps, store, draft, postId, options, counts)),
        beforeFlush: async ({ repos, store, rows, refs, counts, syncedAt, childStatus, children }) => {
          const seasonsBefore = kind === 'tv' ? await repos.tvSeasons.listSeasonPostIds(refs.postId) : [];
          rows.add(async (r) => {
            keptByQueuedRow = await guardedTitleUpsert(r, table, kind, buildRow(refs, syncedAt, seasonsBefore));
          });
          const seriesPostId = refs.postId;
          await this.writeSeasons({ kind, seasons, seriesPostId, people: refs.people, repos, store, rows, syncedAt, counts, options, childStatus, children });
        },
        // A TV row lists its season posts, known once the seasons are written.
        writeTitleRow: async ({ repos, refs, syncedAt }) =>
          kind === 'tv' ? guardedTitleUpsert(repos, 'tv', 'tv', buildRow(refs, syncedAt, await repos.tvSeasons.listSeasonPostIds(refs.postId))) : keptByQueuedRow,
      },
      options,
    );
  }

  private async fetchSeasons(tv: TmdbTv, draft: TvDraft, kind: SeriesKind, options: SyncOptions): Promise<FetchedSeason[]> {
    const wanted =
      options.seasons === 'all' ? draft.seasonNumbers : options.seasons === 'none' ? [] : draft.seasonNumbers.filter((n) => (options.seasons as number[]).includes(n));
    return Promise.all(
      wanted.map(async (n) => {
        const payload = await this.deps.tmdb.getSeason(tv.id, n, { fresh: options.fresh });
        const seasonDraft = mapSeason(payload, draft.post.title, kind);
        // Season posters and episode stills come with the complete sync, not the page stage.
        const drafts =
          options.images && !isPageStage(options)
            ? [
                ...namedImageDrafts(imageDrafts([seasonDraft.poster]), seasonDraft.post.title),
                ...seasonDraft.episodes.flatMap((e) => namedImageDrafts(imageDrafts([e.still]), episodeSubject(draft.post.title, e.seasonNumber, e.episodeNumber))),
              ]
            : [];
        const images = await this.deps.images.prepare(drafts, seasonDraft.post.title, this.deps.store);
        return { payload, draft: seasonDraft, images };
      }),
    );
  }

  /** Season and episode posts in batches (seasons first: episodes hang off them), then their rows. */
  private async writeSeasons(w: SeasonWrite): Promise<void> {
    const { kind, seasons, seriesPostId, repos, store } = w;
    const episodeType = kind === 'tv' ? 'episode' : 'drama-episode';
    const episodeRepo = kind === 'tv' ? repos.tvEpisodes : repos.dramaEpisodes;
    // Dramas have no season posts (legacy): their episodes hang off the drama itself.
    const seasonPostIds = new Map<number, number>();
    const known = kind === 'tv' ? await Promise.all(seasons.map((s) => repos.tvSeasons.findSeasonPostId(seriesPostId, s.draft.seasonNumber))) : [];
    const episodes = seasons.flatMap((season) => season.draft.episodes.map((episode) => ({ season, episode })));
    const knownEpisodes = await Promise.all(episodes.map(({ episode }) => episodeRepo.findEpisodePostId(seriesPostId, episode.seasonNumber, episode.episodeNumber)));
    await prefetchChildren(
      store,
      w,
      known,
      knownEpisodes,
      episodes.map(({ episode }) => episode),
    );
    if (kind === 'tv') {
      const missing = seasons.filter((_, i) => known[i] === null);
      const refs = await store.findOrCreatePosts(missing.map((s) => seasonPostInput(s.draft, seriesPostId, w.childStatus)));
      w.children.push(...foundChildren('season', known, refs));
      seasons.forEach((s, i) => known[i] !== null && seasonPostIds.set(s.draft.seasonNumber, known[i]));
      missing.forEach((s, i) => seasonPostIds.set(s.draft.seasonNumber, refs[i].id));
    }
    const missingEpisodes = episodes.filter((_, i) => knownEpisodes[i] === null);
    const created = await store.findOrCreatePosts(missingEpisodes.map(({ episode }) => episodePostInput(episodeType, episode, seriesPostId, w.childStatus)));
    w.children.push(...foundChildren(episodeType, knownEpisodes, created));
    const episodeIds = new Map<string, number>();
    episodes.forEach(({ episode }, i) => knownEpisodes[i] !== null && episodeIds.set(episodeKey(episode), knownEpisodes[i]));
    missingEpisodes.forEach(({ episode }, i) => episodeIds.set(episodeKey(episode), created[i].id));

    for (const [index, season] of seasons.entries()) {
      reportStep(w.options, 'season', index, seasons.length);
      const imageIds = await this.deps.images.store(season.images, seriesPostId, store);
      w.counts.images += imageIds.size;
      const seasonPostId = seasonPostIds.get(season.draft.seasonNumber) ?? seriesPostId;
      if (kind === 'tv') await this.queueSeasonRow(w, season, seasonPostId, imageIds);
      for (const episode of season.draft.episodes) {
        const episodePostId = episodeIds.get(episodeKey(episode))!;
        const still = episode.still && imageIds.get(episode.still.filePath);
        if (still) await store.setFeaturedImage(episodeType, episodePostId, still);
        const payload = season.payload.episodes.find((e) => e.episode_number === episode.episodeNumber)!;
        const episodeRow = buildEpisodeRow(payload, episode, episodePostId, w.people, this.deps.codec, w.syncedAt);
        // The page stage has no people posts yet: the episode's credits column waits for the complete sync.
        if (isPageStage(w.options)) delete (episodeRow as { credits?: unknown }).credits;
        const episodeSeason = kind === 'tv' ? seasonPostId : null;
        const episodesIn = (r: Repositories) => (kind === 'tv' ? r.tvEpisodes : r.dramaEpisodes);
        w.rows.add((r) =>
          guardedRowUpsert(
            r,
            episodeType,
            episodeRow,
            (id) => episodesIn(r).getEpisode(id),
            (row) => episodesIn(r).upsertEpisode(seriesPostId, episodeSeason, row as typeof episodeRow),
          ),
        );
        w.counts.episodes += 1;
      }
    }
    reportStep(w.options, 'season', seasons.length, seasons.length);
  }

  private async queueSeasonRow(w: SeasonWrite, season: FetchedSeason, seasonPostId: number, imageIds: Map<string, number>): Promise<void> {
    const poster = season.draft.poster && imageIds.get(season.draft.poster.filePath);
    if (poster) await w.store.setFeaturedImage('season', seasonPostId, poster);
    const seasonRow = buildSeasonRow(season.payload, season.draft, seasonPostId, w.syncedAt);
    w.rows.add((r) =>
      guardedRowUpsert(
        r,
        'season',
        seasonRow,
        (id) => r.tvSeasons.getSeason(id),
        (row) => r.tvSeasons.upsertSeason(w.seriesPostId, row as typeof seasonRow),
      ),
    );
    w.counts.seasons += 1;
  }
}

interface SeasonWrite {
  kind: SeriesKind;
  seasons: FetchedSeason[];
  seriesPostId: number;
  people: ReadonlyMap<number, number>;
  repos: Repositories;
  store: ContentStore;
  rows: RowWrites;
  syncedAt: Date;
  counts: SyncCounts;
  options: SyncOptions;
  childStatus: ChildStatus;
  /** Children found rather than created are added here (they follow the series' status). */
  children: ChildPost[];
}

/**
 * The series' seasons and episodes in one look-up: the posts the tmu_* tables know (their state when
 * images will be set on them, else their status) and the keys of the others, so the creates that
 * follow ask nothing more and setting a featured image reads no post on its own.
 */
async function prefetchChildren(
  store: ContentStore,
  w: SeasonWrite,
  knownSeasons: Array<number | null>,
  knownEpisodes: Array<number | null>,
  episodes: Array<SeasonDraft['episodes'][number]>,
): Promise<void> {
  const episodeType = w.kind === 'tv' ? 'episode' : 'drama-episode';
  const ids = [...knownSeasons, ...knownEpisodes].filter((id): id is number => id !== null);
  const withImages = w.seasons.some((s) => s.images.length > 0);
  const keys = [
    ...w.seasons
      .filter((_, i) => w.kind === 'tv' && knownSeasons[i] === null)
      .map((s) => ({ type: 'season' as const, key: seasonPostInput(s.draft, w.seriesPostId, w.childStatus).key })),
    ...episodes.filter((_, i) => knownEpisodes[i] === null).map((e): { type: PostType; key: string } => ({ type: episodeType, key: `${w.seriesPostId}:${episodeKey(e)}` })),
  ];
  await store.prefetch({ ...(withImages ? { posts: ids } : { statuses: ids }), keys });
}

/** Posts known from the tmu_* tables, and those a create found already there. */
function foundChildren(type: PostType, known: Array<number | null>, refs: Array<{ id: number; created: boolean }>): ChildPost[] {
  return [...known.filter((id): id is number => id !== null).map((id) => ({ type, id })), ...refs.filter((ref) => !ref.created).map((ref) => ({ type, id: ref.id }))];
}

function episodeKey(episode: { seasonNumber: number; episodeNumber: number }): string {
  return `s${episode.seasonNumber}e${episode.episodeNumber}`;
}

function seasonPostInput(draft: SeasonDraft, seriesPostId: number, status: ChildStatus): PostInput {
  return {
    type: 'season',
    key: `${seriesPostId}:s${draft.seasonNumber}`,
    title: draft.post.title,
    content: draft.post.content,
    date: draft.post.date,
    parentId: seriesPostId,
    tmdbId: draft.tmdbId,
    status,
  };
}

function episodePostInput(type: PostType, episode: SeasonDraft['episodes'][number], seriesPostId: number, status: ChildStatus): PostInput {
  return {
    type,
    key: `${seriesPostId}:${episodeKey(episode)}`,
    title: episode.post.title,
    content: episode.post.content,
    date: episode.post.date,
    parentId: seriesPostId,
    tmdbId: episode.tmdbId,
    status,
  };
}
