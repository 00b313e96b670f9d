import { createColumnCodec } from '../../../src/mappers/column-codec';
import { IMAGE_SIZES, imageDraft, imageUrl, selectBackdrops, selectImages } from '../../../src/mappers/image.mapper';
import { buildVideoRow, mapVideos, videoData } from '../../../src/mappers/video.mapper';

function backdrop(n: number, language: string | null, vote: number) {
  return { file_path: `/b${n}.jpg`, iso_639_1: language, vote_average: vote, vote_count: n };
}

describe('image drafts', () => {
  it('never asks for the original size', () => {
    expect(IMAGE_SIZES).toEqual({ poster: 'w500', backdrop: 'w1280', profile: 'h632', still: 'w300', logo: 'w300' });
    expect(Object.values(IMAGE_SIZES)).not.toContain('original');
  });

  it('needs a /path', () => {
    expect(imageDraft('/a.jpg', 'poster')).toEqual({ filePath: '/a.jpg', kind: 'poster', size: 'w500' });
    expect(imageDraft('', 'poster')).toBeNull();
    expect(imageDraft(null, 'still')).toBeNull();
    expect(imageDraft('a.jpg', 'still')).toBeNull();
  });

  it('builds CDN urls', () => {
    expect(imageUrl('https://image.tmdb.org/t/p/', imageDraft('/x.jpg', 'still')!)).toBe('https://image.tmdb.org/t/p/w300/x.jpg');
  });
});

describe('selectBackdrops', () => {
  it('puts textless then English first, best voted first, at most 10', () => {
    const list = [backdrop(1, 'fr', 9), backdrop(2, 'en', 5), backdrop(3, null, 4), backdrop(4, null, 6), backdrop(5, 'xx', 5)];
    expect(selectBackdrops(list).map((d) => d.filePath)).toEqual(['/b4.jpg', '/b5.jpg', '/b3.jpg', '/b2.jpg', '/b1.jpg']);
    const many = Array.from({ length: 25 }, (_, i) => backdrop(i, null, i));
    const chosen = selectBackdrops(many);
    expect(chosen).toHaveLength(10);
    expect(chosen[0].filePath).toBe('/b24.jpg');
    expect(chosen.every((d) => d.kind === 'backdrop' && d.size === 'w1280')).toBe(true);
  });

  it('keeps TMDb order on ties and drops duplicates', () => {
    const list = [backdrop(1, null, 5), backdrop(2, null, 5), backdrop(1, null, 5)];
    list[1].vote_count = 1;
    expect(selectBackdrops(list).map((d) => d.filePath)).toEqual(['/b1.jpg', '/b2.jpg']);
  });

  it('falls back to backdrop_path without an images append', () => {
    expect(selectBackdrops(undefined, '/only.jpg')).toEqual([{ filePath: '/only.jpg', kind: 'backdrop', size: 'w1280' }]);
    expect(selectBackdrops([], null)).toEqual([]);
  });

  it('selects other kinds with their size', () => {
    expect(selectImages([backdrop(1, null, 1)], 'profile', 5)).toEqual([{ filePath: '/b1.jpg', kind: 'profile', size: 'h632' }]);
  });
});

describe('videos', () => {
  const videos = [
    { key: 'yt1', site: 'YouTube', name: 'Trailer 1', type: 'Trailer' },
    { key: '12345', site: 'Vimeo', name: 'Clip', type: 'Clip' },
    { key: 'dm1', site: 'Dailymotion', name: 'Other', type: 'Teaser' },
    { key: 'yt1', site: 'youtube', name: 'Again', type: 'Trailer' },
    { key: 'yt2', site: 'YouTube', name: '', type: null },
  ];

  it('keeps YouTube and Vimeo, once each, and reports the rest', () => {
    const { kept, skipped } = mapVideos(videos);
    expect(kept).toEqual([
      { key: 'yt1', site: 'YouTube', name: 'Trailer 1', type: 'Trailer', sourceKey: 'yt1' },
      { key: '12345', site: 'Vimeo', name: 'Clip', type: 'Clip', sourceKey: 'vimeo:12345' },
      { key: 'yt2', site: 'YouTube', name: 'Video', type: 'Video', sourceKey: 'yt2' },
    ]);
    expect(skipped).toEqual([{ key: 'dm1', site: 'Dailymotion' }]);
    expect(mapVideos(undefined)).toEqual({ kept: [], skipped: [] });
  });

  it('writes legacy video_data', () => {
    const [youtube, vimeo] = mapVideos(videos).kept;
    expect(videoData(youtube)).toEqual({ source: 'yt1', content_type: 'Trailer' });
    expect(videoData(vimeo)).toEqual({ source: '12345', content_type: 'Clip', platform: 'Vimeo' });
    const php = createColumnCodec('php');
    expect(buildVideoRow(7, 3, youtube, php)).toEqual({
      ID: 7,
      post_id: 3,
      video_data: 'a:2:{s:6:"source";s:3:"yt1";s:12:"content_type";s:7:"Trailer";}',
    });
    expect(JSON.parse(buildVideoRow(8, 3, vimeo, createColumnCodec('json')).video_data)).toEqual(videoData(vimeo));
  });
});
