import { readFileSync } from 'node:fs';

/** Reads a secret mounted as a file (Docker secrets, `*_FILE` variables): its text, without surrounding whitespace. */
export function readSecretFile(filePath: string): string {
  return readFileSync(filePath, 'utf8').trim();
}
