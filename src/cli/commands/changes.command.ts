import { sinceSchema } from '../../domain/job-payloads';
import { jobInput } from '../../domain/job-registry';
import type { AppContainer } from '../../main';
import { CliIo, UsageError } from '../cli-io';
import { parseCommandArgs, parseDate } from '../cli-args';
import { runJobInForeground } from './bulk.command';

export function parseChangesArgs(args: string[]): { since?: string } {
  const { positionals, values } = parseCommandArgs({ args, allowPositionals: true, options: { since: { type: 'string' } } });
  if (positionals.length > 0) throw new UsageError(`changes takes no arguments, got ${positionals.join(' ')}`);
  if (values.since === undefined) return {};
  const parsed = sinceSchema.safeParse(parseDate(values.since, '--since'));
  if (!parsed.success) throw new UsageError(`--since ${parsed.error.issues[0].message}, got ${values.since}`);
  return { since: parsed.data };
}

/** `tmu-sidecar changes`: the daily incremental sync, now, in the foreground. */
export async function runChanges(app: AppContainer, request: { since?: string }, io: CliIo): Promise<number> {
  const { job } = await app.jobs.enqueue(jobInput('changes', request.since ? { since: request.since } : {}));
  return runJobInForeground(app, job.id, 'changes', io);
}
