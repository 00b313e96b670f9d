/** Every migration, in order. Add new ones at the end; never reorder or rename. */
import { contentTablesMigration } from './001_content_tables';
import { syncColumnsMigration } from './002_sync_columns';
import { sidecarTablesMigration } from './003_sidecar_tables';
import { jobLocksMigration } from './004_job_locks';
import { discoveryListsMigration } from './005_discovery_lists';
import { objectLocksMigration } from './006_object_locks';
import { reliabilityMigration } from './007_reliability';
import { listCurationMigration } from './008_list_curation';
import { jobFinishedIndexMigration } from './009_job_finished_index';
import { editFingerprintsMigration } from './010_edit_fingerprints';
import type { TmuMigration } from './types';

export type { TmuMigration } from './types';

export const MIGRATIONS: readonly TmuMigration[] = [
  contentTablesMigration,
  syncColumnsMigration,
  sidecarTablesMigration,
  jobLocksMigration,
  discoveryListsMigration,
  objectLocksMigration,
  reliabilityMigration,
  listCurationMigration,
  jobFinishedIndexMigration,
  editFingerprintsMigration,
];
