/**
 * Edited fields, the sidecar's half of docs/editing.md: a sync keeps an edited field, stores TMDb's
 * current value beside its fingerprint (tmdb_value) and clears it once the field is not edited any
 * more; video rows are guarded like the others; a title's cast and crew rows are one field each
 * (cast_rows, crew_rows), and the cast rows also stay the editor's while its star cast is edited.
 */
import { createColumnCodec } from '../../src/mappers/column-codec';
import { creditRowsText, fingerprint } from '../../src/services/sync/editor-guard';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { waitForJobEnd } from '../support/jobs-fixtures';

const php = createColumnCodec('php');
const NO_EXTRAS = { images: false, videos: false, credits: false } as const;

describeEachDatabase('edited fields keep TMDb’s value beside them', (t) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(t);
  });
  afterAll(async () => h?.close());

  const editByHand = (table: string, id: number, values: Record<string, unknown>) => t.db(t.table(table)).where({ ID: id }).update(values);
  const row = (table: string, id: number) => t.db(t.table(table)).where({ ID: id }).first();
  const print = (objectType: string, id: number, field: string) =>
    t.db(t.table('tmu_sync_fingerprints')).where({ object_type: objectType, object_id: id, field }).first('hash', 'tmdb_value') as Promise<
      { hash: string; tmdb_value: string | null } | undefined
    >;

  it('stores TMDb’s value of an edited column and of an edited post title, and clears it when the field follows TMDb again', async () => {
    const { postId } = await h.app.sync.sync('movie', 550, NO_EXTRAS);
    const synced = await row('tmu_movies', postId);
    const before = await print('movie', postId, 'runtime');
    await editByHand('tmu_movies', postId, { runtime: 140, tagline: 'Our tagline' });
    await t.db(t.table('tmu_local_posts')).where({ id: postId }).update({ title: 'Fight Club (editor’s cut)' });
    await h.app.sync.sync('movie', 550, NO_EXTRAS);

    expect(await row('tmu_movies', postId)).toMatchObject({ runtime: 140, tagline: 'Our tagline', certification: synced.certification });
    expect(await print('movie', postId, 'runtime')).toEqual({ ...before, tmdb_value: String(synced.runtime) });
    expect((await print('movie', postId, 'tagline'))?.tmdb_value).toBe(synced.tagline);
    expect((await print('movie:post', postId, 'title'))?.tmdb_value).toBe('Fight Club');
    expect((await t.db(t.table('tmu_local_posts')).where({ id: postId }).first()).title).toBe('Fight Club (editor’s cut)');

    // "Use TMDb's value" for the runtime (what the plugin's Edit_Fingerprints::accept_tmdb does), the tagline put back by hand.
    const tmdbRuntime = (await print('movie', postId, 'runtime'))!.tmdb_value!;
    await editByHand('tmu_movies', postId, { runtime: Number(tmdbRuntime), tagline: synced.tagline });
    await t
      .db(t.table('tmu_sync_fingerprints'))
      .where({ object_type: 'movie', object_id: postId, field: 'runtime' })
      .update({ hash: fingerprint(tmdbRuntime), tmdb_value: null });
    await h.app.sync.sync('movie', 550, NO_EXTRAS);
    expect(await print('movie', postId, 'runtime')).toEqual({ ...before, tmdb_value: null });
    expect((await print('movie', postId, 'tagline'))?.tmdb_value).toBeNull();
    expect((await print('movie:post', postId, 'title'))?.tmdb_value).toBe('Fight Club');
  });

  it('stores TMDb’s value for a person column kept in a multi-row people write', async () => {
    const { postId } = await h.app.sync.sync('person', 287, NO_EXTRAS);
    const synced = await row('tmu_people', postId);
    await editByHand('tmu_people', postId, { birthplace: 'Shawnee (editor)' });
    await h.app.sync.sync('person', 287, NO_EXTRAS);
    expect((await row('tmu_people', postId)).birthplace).toBe('Shawnee (editor)');
    expect((await print('person', postId, 'birthplace'))?.tmdb_value).toBe(synced.birthplace);
  });

  it('guards video rows: an edited video_data stays, with TMDb’s beside it', async () => {
    const { postId } = await h.app.sync.sync('movie', 550, { images: false, videos: true, credits: false });
    const videos = await t.db(t.table('tmu_videos')).where({ post_id: postId }).orderBy('ID');
    expect(videos.length).toBeGreaterThan(0);
    const edited = php.encode({ source: 'dQw4w9WgXcQ', content_type: 'Trailer' });
    await editByHand('tmu_videos', videos[0].ID, { video_data: edited });
    await h.app.sync.sync('movie', 550, { images: false, videos: true, credits: false });
    expect((await row('tmu_videos', videos[0].ID)).video_data).toBe(edited);
    expect((await print('video', videos[0].ID, 'video_data'))?.tmdb_value).toBe(videos[0].video_data);
    if (videos[1]) expect((await row('tmu_videos', videos[1].ID)).video_data).toBe(videos[1].video_data);
  });

  it('leaves a title’s cast or crew rows as the editor left them (and the cast rows while the star cast is edited); refreshes them otherwise', async () => {
    const credits = { images: false, videos: false, credits: true } as const;
    const { postId } = await h.app.sync.sync('movie', 550, credits);
    const castTable = t.table('tmu_movies_cast');
    const crewTable = t.table('tmu_movies_crew');
    const listed = (table: string) => t.db(table).where({ movie: postId }).orderBy('ID');
    const cast = await listed(castTable);
    const crew = await listed(crewTable);
    expect((await print('movie', postId, 'cast_rows'))?.hash).toBe(fingerprint(creditRowsText('cast', cast)));
    expect((await print('movie', postId, 'crew_rows'))?.hash).toBe(fingerprint(creditRowsText('crew', crew)));

    // Edited: a crew member's job changed by hand, and two cast rows swapped.
    await t.db(crewTable).where({ ID: crew[0].ID }).update({ job: 'Crew changed by hand' });
    await t.db(castTable).where({ ID: cast[0].ID }).update({ person: cast[1].person, job: cast[1].job });
    await t.db(castTable).where({ ID: cast[1].ID }).update({ person: cast[0].person, job: cast[0].job });
    const editedCast = await listed(castTable);
    const editedCrew = await listed(crewTable);
    await h.app.sync.sync('movie', 550, credits);
    expect(creditRowsText('cast', await listed(castTable))).toBe(creditRowsText('cast', editedCast));
    expect(creditRowsText('crew', await listed(crewTable))).toBe(creditRowsText('crew', editedCrew));
    expect((await print('movie', postId, 'cast_rows'))?.tmdb_value).toBe(creditRowsText('cast', cast));
    expect((await print('movie', postId, 'crew_rows'))?.tmdb_value).toBe(creditRowsText('crew', crew));

    // "Use TMDb's value" for the crew (rows put back, hash set to TMDb's text): the next sync follows TMDb again.
    const tmdbCrew = (await print('movie', postId, 'crew_rows'))!.tmdb_value!;
    await t.db(crewTable).where({ ID: crew[0].ID }).update({ job: crew[0].job });
    await t
      .db(t.table('tmu_sync_fingerprints'))
      .where({ object_type: 'movie', object_id: postId, field: 'crew_rows' })
      .update({ hash: fingerprint(tmdbCrew), tmdb_value: null });
    await h.app.sync.sync('movie', 550, credits);
    expect(await print('movie', postId, 'crew_rows')).toEqual({ hash: fingerprint(tmdbCrew), tmdb_value: null });

    // The star cast edited: the cast rows stay the editor's even when they read as TMDb's.
    await t.db(castTable).where({ ID: cast[0].ID }).update({ person: cast[0].person, job: cast[0].job });
    await t.db(castTable).where({ ID: cast[1].ID }).update({ person: cast[1].person, job: cast[1].job });
    const stars = php.decode((await row('tmu_movies', postId)).star_cast) as Array<{ person: number; character: string }>;
    const editedStars = [{ ...stars[1], character: 'Tyler (editor)' }, stars[0], ...stars.slice(2)];
    await editByHand('tmu_movies', postId, { star_cast: php.encode(editedStars) });
    await t.db(castTable).where({ movie: postId, person: stars[1].person }).update({ job: 'Tyler (editor)' });
    await h.app.sync.sync('movie', 550, credits);

    expect(php.decode((await row('tmu_movies', postId)).star_cast)).toEqual(editedStars);
    expect((await t.db(castTable).where({ movie: postId, person: stars[1].person }).first()).job).toBe('Tyler (editor)');
    expect(php.decode((await print('movie', postId, 'star_cast'))!.tmdb_value)).toEqual(stars);
  });

  it('keeps an edit whichever way the sync starts: a webhook’s sync.requested and a bulk refresh job', async () => {
    const { postId } = await h.app.sync.sync('movie', 550, NO_EXTRAS);
    await editByHand('tmu_movies', postId, { certification: 'Edited rating', runtime: 151 });
    const worker = h.app.createWorker({ pollMs: 20 });
    worker.start();
    try {
      const webhook = await h.app.webhooks.handle({ event: 'sync.requested', type: 'movie', tmdb_id: 550, post_id: postId, options: NO_EXTRAS }, null);
      expect((await waitForJobEnd(h.app, Number((webhook.body as { job_id: number }).job_id))).status).toBe('succeeded');
      expect(await row('tmu_movies', postId)).toMatchObject({ certification: 'Edited rating', runtime: 151 });

      const { job } = await h.app.jobs.enqueue({ type: 'bulk', payload: { types: ['movie'], options: NO_EXTRAS }, objectKey: 'bulk:movies' });
      const bulk = await waitForJobEnd(h.app, job.id);
      expect(bulk.status).toBe('succeeded');
      expect(bulk.progress).toMatchObject({ done: 1, failed: 0 });
      expect(await row('tmu_movies', postId)).toMatchObject({ certification: 'Edited rating', runtime: 151 });
      expect((await print('movie', postId, 'runtime'))?.tmdb_value).toBe('139');
    } finally {
      await worker.stop();
    }
  });
});
