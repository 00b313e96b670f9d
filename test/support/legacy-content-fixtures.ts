/** Rows as the legacy TMU plugin wrote them (PHP-serialized lists, WordPress post ids), for the migration adoption tests. */
import type { Knex } from 'knex';

export async function insertLegacyContent(db: Knex, p: string): Promise<Record<string, number>> {
  const post = async (title: string, type: string): Promise<number> => {
    const [id] = await db(`${p}posts`).insert({ post_title: title, post_type: type });
    return Number(id);
  };
  const ids = {
    movie: await post('The Matrix', 'movie'),
    person: await post('Keanu Reeves', 'people'),
    tv: await post('Game of Thrones', 'tv'),
    season: await post('Game of Thrones - Season 1', 'season'),
    episode: await post('Game of Thrones - Season 1 Episode 1', 'episode'),
    drama: await post('Crash Landing on You', 'drama'),
    dramaEpisode: await post('Crash Landing on You Episode 1', 'drama-episode'),
    video: await post('Official Trailer', 'video'),
  };
  await db(`${p}tmu_movies`).insert({
    ID: ids.movie,
    tmdb_id: 603,
    release_date: '1999-03-31',
    release_timestamp: 922838400,
    original_title: 'The Matrix',
    production_house: 'Warner Bros. Pictures, Village Roadshow Pictures',
    runtime: 136,
    certification: 'R',
    revenue: 463517383,
    budget: 63000000,
    star_cast: `a:1:{i:0;a:2:{s:6:"person";s:${String(ids.person).length}:"${ids.person}";s:9:"character";s:3:"Neo";}}`,
    credits: 'a:2:{s:4:"cast";a:0:{}s:4:"crew";a:0:{}}',
    videos: `a:2:{i:0;i:${ids.video};i:1;N;}`,
    images: 'a:1:{i:0;i:77;}',
    average_rating: 8.2,
    vote_count: 26000,
    popularity: 85.3,
    total_average_rating: 8.1,
    total_vote_count: 26010,
  });
  await db(`${p}tmu_movies_cast`).insert({ movie: ids.movie, person: ids.person, job: 'Neo', release_year: 922838400 });
  await db(`${p}tmu_movies_crew`).insert({ movie: ids.movie, person: ids.person, department: 'Production', job: 'Producer', release_year: 922838400 });
  await db(`${p}tmu_people`).insert({
    ID: ids.person,
    name: 'Keanu Reeves',
    date_of_birth: '1964-09-02',
    gender: 'Male',
    profession: 'Acting',
    tmdb_id: 6384,
    birthplace: 'Beirut, Lebanon',
    social_media_account: 'a:1:{i:0;a:2:{s:8:"platform";s:9:"Instagram";s:3:"url";s:0:"";}}',
    known_for: `a:1:{i:0;i:${ids.movie};}`,
    no_movies: 1,
    popularity: 40.5,
  });
  await db(`${p}tmu_tv_series`).insert({
    ID: ids.tv,
    tmdb_id: 1399,
    release_date: '2011-04-17',
    finished: '1',
    seasons: `a:1:{i:0;s:${String(ids.season).length}:"${ids.season}";}`,
    where_to_watch: 'a:1:{i:0;a:2:{s:7:"channel";i:12;s:3:"url";s:0:"";}}',
    last_season: 8,
    last_episode: 6,
    average_rating: 8.4,
  });
  await db(`${p}tmu_tv_series_cast`).insert({ tv_series: ids.tv, person: ids.person, job: 'Jon Snow | Aegon', release_year: 1302998400, count: 62 });
  await db(`${p}tmu_tv_series_seasons`).insert({
    ID: ids.season,
    season_no: 1,
    season_name: 'Season 1',
    tv_series: ids.tv,
    air_date: '2011-04-17',
    total_episodes: 10,
    average_rating: 8.1,
  });
  await db(`${p}tmu_tv_series_episodes`).insert({
    ID: ids.episode,
    tv_series: ids.tv,
    season_no: 1,
    episode_no: 1,
    episode_title: 'Winter Is Coming',
    air_date: '2011-04-17',
    episode_type: 'standard',
    runtime: 62,
    overview: 'Lord Stark… ❄️',
    credits: 'a:2:{s:4:"cast";a:1:{i:0;N;}s:4:"crew";a:0:{}}',
    average_rating: 7.9,
    vote_count: 300,
    season_id: ids.season,
  });
  await db(`${p}tmu_dramas`).insert({
    ID: ids.drama,
    tmdb_id: 94796,
    original_title: '사랑의 불시착',
    seo_genre: 18,
    schedule_day: 'a:2:{i:0;s:8:"Saturday";i:1;s:6:"Sunday";}',
    schedule_time: '21:00',
    schedule_timestamp: 1576328400,
  });
  await db(`${p}tmu_dramas_cast`).insert({ dramas: ids.drama, person: ids.person, job: 'Ri Jeong-hyeok', release_year: 1576281600, count: 16 });
  await db(`${p}tmu_dramas_episodes`).insert({
    ID: ids.dramaEpisode,
    episode_title: 'Episode 1',
    episode_no: 1,
    dramas: ids.drama,
    average_rating: 8.5,
    vote_count: 20,
    video: 'https://example.com/ep1',
  });
  await db(`${p}tmu_videos`).insert({ ID: ids.video, video_data: 'a:2:{s:6:"source";s:11:"vKQi3bBA1y8";s:12:"content_type";s:7:"Trailer";}', post_id: ids.movie });
  await db(`${p}tmu_seo_options`).insert({ name: 'homepage', title: 'Movies', description: 'All movies', robots: 'index, follow', section: 'archive' });
  return ids;
}
