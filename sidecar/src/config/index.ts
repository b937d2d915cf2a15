// Public entry of the config module.
export { loadConfig, type LoadConfigOptions } from './load-config.ts';
export { ConfigError, type ConfigIssue } from './config-error.ts';
export { parseDuration, formatDuration, isDuration } from './duration.ts';
export type { Config, ForecastJobConfig, CapacityConfig, ThresholdConfig, LogLevel } from './config-types.ts';
export { DEFAULT_JOBS } from './default-jobs.ts';
