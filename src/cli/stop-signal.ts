/** The signals that ask `serve` to finish its work and exit. */
const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

export type StopReason = (typeof STOP_SIGNALS)[number] | 'parent_exited';

export interface StopSignalOptions {
  /** The process environment: npm marks the processes it starts with `npm_command` / `npm_lifecycle_event`. */
  env: Record<string, string | undefined>;
  /** How often the parent pid is checked while npm is the launcher. */
  pollMs?: number;
  /**
   * The parent pid when the process started (default: the parent now). A serve that is still starting
   * when npm's shell exits would otherwise take its new parent for the launcher and serve on as an orphan.
   */
  parentPid?: number;
  /** Seams for tests. */
  proc?: Pick<NodeJS.Process, 'once' | 'removeListener'> & { readonly ppid: number };
}

/** True when npm (`npx`, `npm start`, `npm exec`) started this process. */
export function launchedByNpm(env: Record<string, string | undefined>): boolean {
  return !!(env.npm_command || env.npm_lifecycle_event);
}

/**
 * Resolves on the first SIGTERM, SIGINT or SIGHUP. npm runs a bin through
 * `sh -c`; on SIGTERM npm passes the signal to that shell, which exits
 * without passing it on, and node would serve on as an orphan. So when npm
 * launched the process, a new parent pid counts as a stop signal too. Once
 * resolved the handlers are removed: a second Ctrl-C ends the process at once.
 */
export function waitForStopSignal(options: StopSignalOptions): Promise<StopReason> {
  const proc = options.proc ?? process;
  return new Promise((resolve) => {
    const handlers = new Map<string, () => void>();
    // Set once npm is known to be the launcher; finish() may run before that.
    const poll: { timer?: NodeJS.Timeout } = {};
    const finish = (reason: StopReason) => {
      for (const [signal, handler] of handlers) proc.removeListener(signal, handler);
      if (poll.timer) clearInterval(poll.timer);
      resolve(reason);
    };
    for (const signal of STOP_SIGNALS) {
      const handler = () => finish(signal);
      handlers.set(signal, handler);
      proc.once(signal, handler);
    }
    const parent = options.parentPid ?? proc.ppid;
    const npm = launchedByNpm(options.env);
    if (!npm) return;
    if (proc.ppid !== parent) return finish('parent_exited');
    poll.timer = setInterval(() => {
      if (proc.ppid !== parent) finish('parent_exited');
    }, options.pollMs ?? 500);
    poll.timer.unref();
  });
}
