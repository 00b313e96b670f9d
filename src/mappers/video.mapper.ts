/**
 * TMDb videos → `video` posts and tmu_videos rows. The legacy importer kept YouTube
 * only; Vimeo is kept too, flagged with `platform` in video_data.
 */
import type { TmdbVideo } from '../clients/tmdb/tmdb.schema';
import type { VideoRow } from '../domain/rows';
import type { ColumnCodec, VideoDraft } from './mapping.types';

const SITES: Record<string, VideoDraft['site']> = { youtube: 'YouTube', vimeo: 'Vimeo' };

/** YouTube and Vimeo keys: templates put them into player URLs as they are. */
const SAFE_KEY = /^[A-Za-z0-9_-]+$/;

function videoSourceKey(site: VideoDraft['site'], key: string): string {
  return site === 'YouTube' ? key : `${site.toLowerCase()}:${key}`;
}

export function mapVideos(videos: TmdbVideo[] | undefined): { kept: VideoDraft[]; skipped: Array<{ key: string; site: string }> } {
  const kept: VideoDraft[] = [];
  const skipped: Array<{ key: string; site: string }> = [];
  const seen = new Set<string>();
  for (const video of videos ?? []) {
    const key = video.key.trim();
    const site = SITES[(video.site ?? '').trim().toLowerCase()];
    if (!site || !SAFE_KEY.test(key)) {
      skipped.push({ key: video.key, site: video.site ?? '' });
      continue;
    }
    const sourceKey = videoSourceKey(site, key);
    if (seen.has(sourceKey)) continue;
    seen.add(sourceKey);
    const type = video.type?.trim() || 'Video';
    kept.push({ key, site, name: video.name?.trim() || type, type, sourceKey });
  }
  return { kept, skipped };
}

/** video_data: {source, content_type} as the legacy templates read it, plus platform for Vimeo. */
export function videoData(video: VideoDraft): Record<string, string> {
  const data: Record<string, string> = { source: video.key, content_type: video.type };
  if (video.site !== 'YouTube') data.platform = video.site;
  return data;
}

export function buildVideoRow(videoPostId: number, parentPostId: number, video: VideoDraft, codec: ColumnCodec): VideoRow {
  return { ID: videoPostId, video_data: codec.encode(videoData(video)), post_id: parentPostId };
}
