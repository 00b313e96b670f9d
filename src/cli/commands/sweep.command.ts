import type { AppContainer } from '../../main';
import { CliIo, EXIT, UsageError } from '../cli-io';
import { parseCommandArgs } from '../cli-args';

export interface SweepRequest {
  force: boolean;
}

export function parseSweepArgs(args: string[]): SweepRequest {
  const { positionals, values } = parseCommandArgs({ args, allowPositionals: true, options: { force: { type: 'boolean' } } });
  if (positionals.length > 0) throw new UsageError(`sweep takes no arguments, got ${positionals.join(' ')}`);
  return { force: values.force === true };
}

/**
 * `tmu-sidecar sweep`: the weekly run's orphan sweep, now. `--force` sweeps even when more than
 * half of the posts look deleted (after checking WordPress); never when WordPress answers nothing.
 * Exit 1 when the sweep was refused or WordPress could not be asked.
 */
export async function runSweep(app: AppContainer, request: SweepRequest, io: CliIo): Promise<number> {
  const result = await app.sweep.sweep({ force: request.force });
  io.out(result.message);
  return result.status === 'swept' || result.status === 'clean' ? EXIT.ok : EXIT.failed;
}
