/** Where commands write: injected so tests can capture output. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  isTty: boolean;
  env: NodeJS.ProcessEnv;
  /** The parent pid when the process started (serve's stop signal compares against it). */
  parentPid?: number;
}

export const processIo = (): CliIo => ({
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTty: Boolean(process.stdout.isTTY),
  env: process.env,
  parentPid: process.ppid,
});

export const EXIT = { ok: 0, failed: 1, usage: 2, config: 3 } as const;

export class UsageError extends Error {}
