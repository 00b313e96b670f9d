#!/usr/bin/env -S node --max-old-space-size=512 --max-semi-space-size=4
import { processIo } from './cli-io';
import { runCli } from './cli';

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
