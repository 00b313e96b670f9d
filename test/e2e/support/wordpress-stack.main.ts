/**
 * Starts a WordPress stack by hand and keeps it running until Ctrl-C.
 *
 *   npm run build:tools && node dist-tools/test/e2e/support/wordpress-stack.main.js [--port 18080] [--db tmu_wp_manual]
 *       [--sidecar-url http://127.0.0.1:8787] [--secret <TMU_WEBHOOK_SECRET>] [--prefix wp_] [--keep]
 *
 * TMU_SIDECAR_URL and TMU_WEBHOOK_SECRET from the environment are used when the flags are absent;
 * they become wp-config.php constants (which win over the settings page).
 */
import { startWordPressStack } from './wordpress-stack';

function flag(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  if (index >= 0 && index + 1 < args.length) return args[index + 1];
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  return inline ? inline.slice(name.length + 3) : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log('usage: wordpress-stack.main [--port 18080] [--db tmu_wp_manual] [--sidecar-url URL] [--secret S] [--prefix wp_] [--keep]');
    return;
  }
  const port = Number(flag(args, 'port') ?? process.env.WP_PORT ?? 18080);
  const dbName = flag(args, 'db') ?? process.env.WP_DB_NAME ?? 'tmu_wp_manual';
  const sidecarUrl = flag(args, 'sidecar-url') ?? process.env.TMU_SIDECAR_URL;
  const secret = flag(args, 'secret') ?? process.env.TMU_WEBHOOK_SECRET;
  const constants: Record<string, string> = {};
  if (sidecarUrl) constants.TMU_SIDECAR_URL = sidecarUrl;
  if (secret) constants.TMU_WEBHOOK_SECRET = secret;

  const stack = await startWordPressStack({
    port,
    dbName,
    tablePrefix: flag(args, 'prefix') ?? 'wp_',
    constants,
    keepFiles: args.includes('--keep'),
  });

  const lines = [
    `WordPress is running at ${stack.url}`,
    `  admin:            ${stack.url}/wp-admin/  (user ${stack.admin.username}, password ${stack.admin.password})`,
    `  REST:             ${stack.restUrl('/wp/v2/types')}`,
    `  WP_URL=${stack.url}`,
    `  WP_USERNAME=${stack.admin.username}`,
    `  WP_APP_PASSWORD='${stack.appPassword}'`,
    `  DATABASE_URL=${stack.db.url}`,
    `  TABLE_PREFIX=${stack.tablePrefix}`,
    `  sidecar URL:      ${sidecarUrl ?? 'http://127.0.0.1:8787 (default)'}`,
    `  webhook secret:   ${secret ? '(from TMU_WEBHOOK_SECRET)' : 'generated at activation; see Settings → TMU Sidecar'}`,
    `  files:            ${stack.wpDir}`,
    'Press Ctrl-C to stop (the database is dropped).',
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  // Keep the event loop alive.
  setInterval(() => undefined, 1 << 30);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
