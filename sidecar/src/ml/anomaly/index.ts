// Streaming, causal anomaly detection: pure computation over pushed points, no I/O, no clocks.
export { createAnomalyDetector } from './detector.ts';
export { detectAnomalies } from './batch.ts';
export { DEFAULT_ANOMALY_THRESHOLD } from './options.ts';
export type * from './types.ts';
