import { AppConfig, contentStoreProblem } from '../../config/config';
import { ConfigError, describeError, PhpOutputError } from '../../errors';
import { checkSite, describeHostLimits } from '../../clients/wordpress/wordpress-site-check';
import type { AppContainer } from '../../main';
import { pingDatabase } from '../../repositories/database';
import type { CliIo } from '../cli-io';
import { describeKeySource, tmdbKeySource } from '../../domain/tmdb-key-source';

interface Check {
  name: string;
  run(): Promise<string>;
}

/** Checks config, database, TMDb key and WordPress credentials; says which one is wrong. Returns true when all pass. */
export async function runDoctor(app: AppContainer, io: CliIo): Promise<boolean> {
  const checks: Check[] = [
    { name: 'config', run: async () => describeConfig(app.config) },
    {
      name: 'database',
      run: async () => {
        await pingDatabase(app.db);
        return app.config.database.url.replace(/\/\/[^@/]*@/, '//');
      },
    },
    {
      name: 'tmdb',
      run: async () => {
        // A key pushed from the settings page counts (restored with the container, as serve does).
        const source = tmdbKeySource(!!(app.config.tmdb.apiKey || app.config.tmdb.accessToken), app.tmdb.hasCredentials());
        if (source === 'none') throw new Error("No TMDb API key is set: set TMDB_API_KEY, or save one on the plugin's settings page");
        await app.tmdb.validateCredentials();
        return `${describeKeySource(source)} is in use, accepted by ${app.config.tmdb.baseUrl}`;
      },
    },
    {
      name: 'wordpress',
      run: async () => {
        if (!app.wordpress || !app.config.wordpress) {
          const problem = contentStoreProblem(app.config);
          if (problem) throw new ConfigError(problem, 'WP_URL');
          return 'not configured: using the local content store';
        }
        const { username, phpOutput, host } = await checkSite(app.wordpress, app.config.database.tablePrefix);
        if (phpOutput) throw new PhpOutputError(phpOutput);
        return `${app.config.wordpress.url}: user "${username}" may edit every TMU post type, upload files and manage terms; tables ${app.config.database.tablePrefix}tmu_*; ${describeHostLimits(host)}`;
      },
    },
  ];
  let ok = true;
  for (const check of checks) {
    try {
      io.out(`ok    ${check.name}: ${await check.run()}`);
    } catch (error) {
      ok = false;
      io.out(`FAIL  ${check.name}: ${describeError(error)}`);
    }
  }
  return ok;
}

function describeConfig(config: AppConfig): string {
  return `language ${config.tmdb.language}, ${config.tmdb.maxRps} req/s, ${config.tmdb.maxConnections} connections, column format ${config.columnFormat}`;
}
