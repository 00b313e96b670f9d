import { readSecretFile } from '../clients/secret-file.client';
import { AppConfig, contentStoreProblem, loadConfig } from '../config/config';
import { ConfigError, describeError } from '../errors';
import { buildContainer } from '../main';
import { redactText } from '../config/redact';
import { CliIo, EXIT, UsageError } from './cli-io';
import { runDoctor } from './commands/doctor.command';
import { parseDiscoverArgs, runDiscover } from './commands/discover.command';
import { runSearch } from './commands/search.command';
import { parseSyncArgs, runSync } from './commands/sync.command';
import { parseBulkArgs, runBulk } from './commands/bulk.command';
import { parseChangesArgs, runChanges } from './commands/changes.command';
import { startServer } from './commands/serve.command';
import { parseImportArgs, runImport } from './commands/import.command';
import { parseSweepArgs, runSweep } from './commands/sweep.command';
import { waitForStopSignal } from './stop-signal';

const USAGE = `usage: tmu-sidecar <command>
  serve                                     HTTP API, job worker and schedules
  migrate                                   bring the tmu_* tables up to date
  sync <movie|tv|drama|person> <id>... [--post ID] [--no-images] [--no-videos] [--no-credits] [--seasons all|N,M]
  bulk [--type movie|tv|drama|person] [--limit N] [--no-images] [--no-videos] [--no-credits]
                                            sync everything that has a TMDb id
  changes [--since YYYY-MM-DD]              incremental sync from TMDb's changes lists
  search <query> [--type movie|tv|person|multi]
  discover --keyword NAME [--limit N] [--random] [--type movie|tv] [--list]
  import --source <source> --type movie|tv|drama [--pages N] [--query Q] [--year Y] [--genre G] [--keyword K]
         [--status draft|publish] [--resync] [--no-images] [--no-videos] [--no-credits] [ids...]
                                            import TMDb titles as one job (progress bar on a TTY)
  sweep [--force]                           remove the tmu_* rows of posts deleted in WordPress (the weekly run does it too)
  doctor                                    check config, database, TMDb key and WordPress`;

type Command = (config: AppConfig, args: string[], io: CliIo) => Promise<number>;

/** Waits for the command's work; exit 0 when it did not throw. */
const done = async (work: Promise<unknown>): Promise<number> => {
  await work;
  return EXIT.ok;
};

/** Each command parses its arguments before the container is built (a usage error costs no connection). */
const COMMANDS: Record<string, Command> = {
  migrate: async (config, _args, io) => {
    const app = await buildContainer(config);
    await app.close();
    io.out('migrations are up to date');
    return EXIT.ok;
  },
  sync: (config, args, io) => {
    const parsed = parseSyncArgs(args);
    return withApp(config, {}, (app) => done(runSync(app, parsed, io)));
  },
  search: (config, args, io) => withApp(config, { memoryCache: true }, (app) => done(runSearch(app, args, io))),
  serve: async (config, _args, io) => {
    // Checked before any connection: a process that cannot serve must exit, so a supervisor restarts or reports it.
    if (!config.webhookSecret) throw new ConfigError('TMU_WEBHOOK_SECRET is required to serve: the plugin signs every request with it', 'TMU_WEBHOOK_SECRET');
    const storeProblem = contentStoreProblem(config);
    if (storeProblem) throw new ConfigError(storeProblem, 'WP_URL');
    const app = await buildContainer(config, { peopleInBackground: true, pagesFirst: true });
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer(app);
    } catch (error) {
      await app.close();
      throw error;
    }
    io.out(`tmu-sidecar listening on ${server.url}`);
    const reason = await waitForStopSignal({ env: io.env, parentPid: io.parentPid });
    app.logger.info({ reason }, 'sidecar stopping');
    await server.close();
    await app.close();
    return EXIT.ok;
  },
  discover: (config, args, io) => {
    const parsed = parseDiscoverArgs(args);
    return withApp(config, {}, (app) => done(runDiscover(app, parsed, io)));
  },
  bulk: (config, args, io) => {
    const payload = parseBulkArgs(args);
    return withApp(config, {}, (app) => runBulk(app, payload, io));
  },
  import: (config, args, io) => {
    const parsed = parseImportArgs(args);
    return withApp(config, {}, (app) => runImport(app, parsed, io));
  },
  changes: (config, args, io) => {
    const request = parseChangesArgs(args);
    return withApp(config, {}, (app) => runChanges(app, request, io));
  },
  sweep: (config, args, io) => {
    const request = parseSweepArgs(args);
    return withApp(config, {}, (app) => runSweep(app, request, io));
  },
  doctor: (config, _args, io) => withApp(config, {}, async (app) => ((await runDoctor(app, io)) ? EXIT.ok : EXIT.failed)),
};

/** Runs one command and returns the exit code. Errors become one line on stderr. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === '--help' || command === 'help') {
    io.out(USAGE);
    return command ? EXIT.ok : EXIT.usage;
  }
  let secrets: string[] = [];
  try {
    // Commands print their own summary; logs stay quiet unless asked for.
    const config = loadConfig({ LOG_LEVEL: 'warn', ...io.env }, { readFile: readSecretFile });
    secrets = [config.tmdb.apiKey, config.tmdb.accessToken, config.wordpress?.appPassword].filter((s): s is string => !!s);
    if (!Object.prototype.hasOwnProperty.call(COMMANDS, command)) throw new UsageError(`unknown command: ${command}`);
    return await COMMANDS[command](config, args, io);
  } catch (error) {
    io.err(`error: ${redactText(describeError(error), secrets)}`);
    if (error instanceof UsageError) {
      io.err(USAGE);
      return EXIT.usage;
    }
    if (error instanceof ConfigError) return EXIT.config;
    return EXIT.failed;
  }
}

async function withApp<T>(
  config: ReturnType<typeof loadConfig>,
  options: Parameters<typeof buildContainer>[1],
  fn: (app: Awaited<ReturnType<typeof buildContainer>>) => Promise<T>,
): Promise<T> {
  const app = await buildContainer(config, options);
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}
