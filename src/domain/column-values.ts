/** Values of tmu_* columns that both the writers and the queries need, per column format. */

/** tmu_tv_series.finished / tmu_dramas.finished: the legacy plugin's '1'/'0', the newer theme's 'Yes'/'No'. */
export const FINISHED_VALUES = {
  php: { finished: '1', running: '0' },
  json: { finished: 'Yes', running: 'No' },
} as const;

/** `finished` of a running series, in either format. */
export const RUNNING_SERIES_FLAGS: readonly string[] = [FINISHED_VALUES.php.running, FINISHED_VALUES.json.running];
