// SLOs in the running sidecar: scheduled computation, REST reader and metrics.
export { SloJobs, bySoonestExhaustion, type SloJobsOptions } from './slo-jobs.ts';
export { noSlos, type SloReader } from './slo-reader.ts';
export { registerSloMetrics } from './slo-metrics.ts';
export { sliQueries, querySliCounts, type SliQueries, type SliCounts } from './sli-queries.ts';
export { mathSpec, sloFigures, sloDetail, pendingDetail, windowText } from './evaluate.ts';
