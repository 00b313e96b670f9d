import type { TmdbSeason, TmdbTv } from '../../clients/tmdb/tmdb.types';
import { buildEpisodeRow, buildSeasonRow, mapSeason, SeasonDraft } from '../../mappers/season.mapper';
import { buildDramaRow, buildTvRow, mapTv, TvDraft } from '../../mappers/tv.mapper';
import type { Repositories } from '../../repositories/repositories';
import type { ContentStore } from '../content-store/content-store';
import type { PreparedImage } from '../images/image.service';
import { RowWrites } from './row-writes';
import { writeNetworkLogos } from './network-logos';
import { buildStarCast } from '../../mappers/credits.mapper';
import type { SyncDeps } from './sync-deps';
import { emptyCounts, SyncCounts, SyncOptions, SyncResult } from './sync.types';
import {
  fetchTitleExtras,
  guardedRowUpsert,
  guardedTitleUpsert,
  imageDrafts,
  resolveTitlePost,
  syncPostText,
  withoutDisabledColumns,
  writeTerms,
  writeTitleImages,
  writeCredits,
  addToKnownFor,
  writeVideos,
} from './title-writer';

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
    const { people, media } = await fetchTitleExtras(deps, draft, tv.videos?.results, options);
    const seasons = await this.fetchSeasons(tv, draft, kind, options);
    const syncedAt = (deps.now ?? (() => new Date()))();
    const counts = emptyCounts();
    const titles = kind === 'tv' ? 'tv' : 'dramas';

    return deps.unitOfWork.run(async (repos, transaction) => {
      const store = deps.bindStore(transaction);
      const rows = new RowWrites();
      const existing = await repos[titles].findPostIdByTmdbId(tmdbId);
      const ref = await resolveTitlePost(store, existing, kind, draft, options.postId);
      const keptText = await syncPostText(store, repos, rows, kind, ref, draft.post);
      await writeTerms(store, kind, ref.id, [...draft.terms, ...draft.networks]);
      await writeNetworkLogos(deps, store, draft, ref.id, options, counts);
      const peopleIds = people ? await deps.people.write(people, repos, store, rows, syncedAt) : new Map<number, number>();
      counts.people = peopleIds.size;
      counts.peopleFetched = people?.payloads.length ?? 0;
      const imageIds = await writeTitleImages(deps.images, store, kind, ref.id, media, counts);
      const videoIds = await writeVideos(deps, store, rows, ref.id, media.videos, counts);
      const refs = { postId: ref.id, people: peopleIds, videoPostIds: videoIds, imageIds };

      // The title row goes first: season and episode rows reference it.
      const buildRow = (seasonPostIds: number[]) =>
        withoutDisabledColumns(
          kind === 'tv'
            ? buildTvRow(tv, draft, { ...refs, seasonPostIds }, deps.codec, syncedAt)
            : buildDramaRow(tv, draft, refs, deps.codec, syncedAt),
          options,
        );
      const seasonsBefore = kind === 'tv' ? await repos.tvSeasons.listSeasonPostIds(ref.id) : [];
      const objectType = kind === 'tv' ? 'tv' : 'drama';
      rows.add((r) => guardedTitleUpsert(r, titles, objectType, buildRow(seasonsBefore)));
      await this.writeSeasons(kind, seasons, ref.id, peopleIds, repos, store, rows, syncedAt, counts);
      await rows.flush(repos);
      let keptColumns: string[] = [];
      if (kind === 'tv') {
        keptColumns = await guardedTitleUpsert(repos, 'tv', 'tv', buildRow(await repos.tvSeasons.listSeasonPostIds(ref.id)));
      }
      if (options.credits) await writeCredits(repos, titles, ref.id, draft, peopleIds, counts);
      if (options.credits) await addToKnownFor(repos, deps.codec, buildStarCast(draft.cast, peopleIds).map((s) => s.person), ref.id);
      return {
        type: kind,
        tmdbId,
        postId: ref.id,
        title: draft.post.title,
        created: ref.created,
        counts,
        skippedVideos: media.skippedVideos,
        keptByEditor: [...keptText, ...keptColumns],
      };
    });
  }

  private async fetchSeasons(tv: TmdbTv, draft: TvDraft, kind: SeriesKind, options: SyncOptions): Promise<FetchedSeason[]> {
    const wanted =
      options.seasons === 'all'
        ? draft.seasonNumbers
        : options.seasons === 'none'
          ? []
          : draft.seasonNumbers.filter((n) => (options.seasons as number[]).includes(n));
    return Promise.all(
      wanted.map(async (n) => {
        const payload = await this.deps.tmdb.getSeason(tv.id, n, { fresh: options.fresh });
        const seasonDraft = mapSeason(payload, draft.post.title, kind);
        const drafts = options.images
          ? imageDrafts([seasonDraft.poster, ...seasonDraft.episodes.map((e) => e.still)])
          : [];
        const images = await this.deps.images.prepare(drafts, seasonDraft.post.title, this.deps.store);
        return { payload, draft: seasonDraft, images };
      }),
    );
  }

  private async writeSeasons(
    kind: SeriesKind,
    seasons: FetchedSeason[],
    seriesPostId: number,
    people: ReadonlyMap<number, number>,
    repos: Repositories,
    store: ContentStore,
    rows: RowWrites,
    syncedAt: Date,
    counts: SyncCounts,
  ): Promise<void> {
    const seasonRepo = repos.tvSeasons;
    const episodesIn = (r: Repositories) => (kind === 'tv' ? r.tvEpisodes : r.dramaEpisodes);
    const episodeRepo = episodesIn(repos);
    const { deps } = this;
    for (const season of seasons) {
      const imageIds = await deps.images.store(season.images, seriesPostId, store);
      counts.images += imageIds.size;
      // Dramas have no season posts (legacy): their episodes hang off the drama itself.
      let seasonPostId = seriesPostId;
      if (kind === 'tv') {
        seasonPostId =
          (await seasonRepo.findSeasonPostId(seriesPostId, season.draft.seasonNumber)) ??
          (
            await store.findOrCreatePost({
              type: 'season',
              key: `${seriesPostId}:s${season.draft.seasonNumber}`,
              title: season.draft.post.title,
              content: season.draft.post.content,
              date: season.draft.post.date,
              parentId: seriesPostId,
              tmdbId: season.draft.tmdbId,
              status: 'publish',
            })
          ).id;
        const poster = season.draft.poster && imageIds.get(season.draft.poster.filePath);
        if (poster) await store.setFeaturedImage('season', seasonPostId, poster);
        const seasonRow = buildSeasonRow(season.payload, season.draft, seasonPostId, syncedAt);
        rows.add((r) =>
          guardedRowUpsert(r, 'season', seasonRow, (id) => r.tvSeasons.getSeason(id), (w) => r.tvSeasons.upsertSeason(seriesPostId, w as typeof seasonRow)),
        );
        counts.seasons += 1;
      }
      for (const episode of season.draft.episodes) {
        const key = `${seriesPostId}:s${episode.seasonNumber}e${episode.episodeNumber}`;
        const episodePostId =
          (await episodeRepo.findEpisodePostId(seriesPostId, episode.seasonNumber, episode.episodeNumber)) ??
          (
            await store.findOrCreatePost({
              type: kind === 'tv' ? 'episode' : 'drama-episode',
              key,
              title: episode.post.title,
              content: episode.post.content,
              date: episode.post.date,
              parentId: seriesPostId,
              tmdbId: episode.tmdbId,
              status: 'publish',
            })
          ).id;
        const episodeType = kind === 'tv' ? 'episode' : 'drama-episode';
        const still = episode.still && imageIds.get(episode.still.filePath);
        if (still) await store.setFeaturedImage(episodeType, episodePostId, still);
        const payload = season.payload.episodes.find((e) => e.episode_number === episode.episodeNumber)!;
        const episodeRow = buildEpisodeRow(payload, episode, episodePostId, people, deps.codec, syncedAt);
        const episodeSeason = kind === 'tv' ? seasonPostId : null;
        rows.add((r) =>
          guardedRowUpsert(r, episodeType, episodeRow, (id) => episodesIn(r).getEpisode(id), (w) =>
            episodesIn(r).upsertEpisode(seriesPostId, episodeSeason, w as typeof episodeRow),
          ),
        );
        counts.episodes += 1;
      }
    }
  }
}
