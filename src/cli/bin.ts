#!/usr/bin/env -S node --max-old-space-size=512 --max-semi-space-size=2
import { processIo } from './cli-io';
import { runCli } from './cli';

/** After the command has returned, a handle left open (a socket, a timer) must not keep a stopped server alive. */
const EXIT_GRACE_MS = 10_000;

function exitSoon(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
}

runCli(process.argv.slice(2), processIo()).then(exitSoon, (error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  exitSoon(1);
});
