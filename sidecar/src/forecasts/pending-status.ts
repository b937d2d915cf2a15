import type { JobStatus } from '../api/contract.ts';

/** A job's status before its first run: shown by /api/jobs and the pages while the first results are computed. */
export function pendingStatus(name: string, title: string, query: string): JobStatus {
  return {
    name,
    title,
    query,
    state: 'pending',
    lastRunAt: null,
    lastDurationMs: null,
    nextRunAt: null,
    series: 0,
    failedSeries: 0,
    error: null,
  };
}
