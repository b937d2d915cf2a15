// Public entry of the config module.
export { loadConfig, type LoadConfigOptions } from './load-config.ts';
export { ConfigError, type ConfigIssue } from './config-error.ts';
export { parseDuration, formatDuration, isDuration } from './duration.ts';
export type {
  Config,
  ForecastJobConfig,
  CapacityConfig,
  ThresholdConfig,
  LogLevel,
  AnomalyJobConfig,
  OutlierJobConfig,
  LimitConfig,
  SloConfig,
} from './config-types.ts';
export { DEFAULT_ANOMALY_JOBS, DEFAULT_OUTLIER_JOBS } from './default-detection-jobs.ts';
export { DEFAULT_JOBS } from './default-jobs.ts';
export { DEFAULT_SLOS } from './default-slos.ts';
