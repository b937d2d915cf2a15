// Public entry point of the forecast engine: pure functions over arrays, no I/O, no clocks.
export { forecast, CANDIDATES, isSeasonalModel } from './forecast.ts';
export { timeToThreshold } from './threshold.ts';
export { karpenterCapacity } from './capacity.ts';
export { MIN_POINTS } from './clean.ts';
export type * from './types.ts';
export { createAnomalyDetector, detectAnomalies, DEFAULT_ANOMALY_THRESHOLD } from './anomaly/index.ts';
export type * from './anomaly/types.ts';
