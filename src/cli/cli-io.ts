/** Where commands write: injected so tests can capture output. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  isTty: boolean;
  env: NodeJS.ProcessEnv;
}

export const processIo = (): CliIo => ({
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTty: Boolean(process.stdout.isTTY),
  env: process.env,
});

export const EXIT = { ok: 0, failed: 1, usage: 2, config: 3 } as const;

export class UsageError extends Error {}
