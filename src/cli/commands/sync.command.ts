import type { AppContainer } from '../../main';
import { formatSyncResult, SyncOptions, SyncType } from '../../services/sync/sync.types';
import { SYNC_TYPES } from '../../domain/sync';
import { CliIo, UsageError } from '../cli-io';
import { parseCommandArgs, parseId } from '../cli-args';

const TYPES: readonly SyncType[] = SYNC_TYPES;

export interface SyncCommand {
  type: SyncType;
  ids: number[];
  options: Partial<SyncOptions>;
}

export function parseSyncArgs(args: string[]): SyncCommand {
  const { positionals, values } = parseCommandArgs({
    args,
    allowPositionals: true,
    options: {
      post: { type: 'string' },
      'no-images': { type: 'boolean' },
      'no-videos': { type: 'boolean' },
      'no-credits': { type: 'boolean' },
      seasons: { type: 'string' },
    },
  });
  const [type, ...rawIds] = positionals;
  if (!TYPES.includes(type as SyncType)) throw new UsageError(`sync needs a type: ${TYPES.join('|')}`);
  if (rawIds.length === 0) throw new UsageError('sync needs at least one TMDb id');
  const ids = rawIds.map((raw) => parseId(raw, 'a TMDb id'));
  const options: Partial<SyncOptions> = {
    images: !values['no-images'],
    videos: !values['no-videos'],
    credits: !values['no-credits'],
  };
  if (values.post !== undefined) {
    const post = parseId(values.post, '--post');
    if (ids.length > 1) throw new UsageError('--post goes with a single TMDb id');
    options.postId = post;
  }
  if (values.seasons !== undefined) {
    if (values.seasons === 'all') options.seasons = 'all';
    else if (/^\d+(,\d+)*$/.test(values.seasons)) options.seasons = values.seasons.split(',').map(Number);
    else throw new UsageError(`--seasons takes all or season numbers, got ${values.seasons}`);
  }
  return { type: type as SyncType, ids, options };
}

export async function runSync(app: AppContainer, command: SyncCommand, io: CliIo): Promise<void> {
  for (const id of command.ids) {
    const result = await app.sync.sync(command.type, id, command.options);
    io.out(formatSyncResult(result));
  }
}
