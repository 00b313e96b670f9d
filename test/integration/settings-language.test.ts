import { buildContainer, AppContainer } from '../../src/main';
import { loadConfig } from '../../src/config/config';
import { captureLogger } from '../support/tmdb-standin/tmdb-test-kit';
import { describeEachDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';

/** The Language of the settings page reaches every TMDb request; TMDB_LANGUAGE wins when set. */
describeEachDatabase('Language setting', (t) => {
  let h: SyncHarness;
  const extra: AppContainer[] = [];

  beforeAll(async () => {
    h = await startSyncHarness(t);
  });
  afterAll(async () => {
    for (const app of extra) await app.close();
    await h?.close();
  });

  const languagesSent = () => h.standin.requestLog().map((r) => r.query.language);
  const push = (app: AppContainer, language: string) => app.webhooks.handle({ event: 'settings.updated', language }, null);

  it('applies a pushed Language to searches and details, and again after a restart', async () => {
    expect((await push(h.app, 'de-DE')).body).toMatchObject({ applied: ['language'] });
    h.standin.resetStats();
    await h.app.tmdb.search('Fight Club', 'movie');
    await h.app.tmdb.getMovie(550, { fresh: true });
    expect(languagesSent()).toEqual(expect.arrayContaining(['de-DE']));
    expect(languagesSent().filter((l) => l !== undefined && l !== 'de-DE' && l !== 'en-US')).toEqual([]);
    expect(h.standin.requestLog().find((r) => r.path.startsWith('/3/search'))?.query.language).toBe('de-DE');

    const restarted = await h.anotherProcess();
    h.standin.resetStats();
    await restarted.tmdb.search('Fight Club', 'tv');
    expect(h.standin.requestLog().find((r) => r.path.startsWith('/3/search'))?.query.language).toBe('de-DE');
  });

  it('keeps TMDB_LANGUAGE from the environment over a pushed Language', async () => {
    const app = await buildContainer(loadConfig({ ...h.env, TMDB_LANGUAGE: 'fr-FR' }), { logger: captureLogger('warn').logger });
    extra.push(app);
    await push(app, 'es-ES');
    h.standin.resetStats();
    await app.tmdb.search('Fight Club', 'person');
    expect(h.standin.requestLog().find((r) => r.path.startsWith('/3/search'))?.query.language).toBe('fr-FR');
  });
});
