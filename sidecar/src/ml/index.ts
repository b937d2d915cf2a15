// Public entry point of the forecast engine: pure functions over arrays, no I/O, no clocks.
export { forecast, CANDIDATES, isSeasonalModel } from './forecast.ts';
export { timeToThreshold } from './threshold.ts';
export { karpenterCapacity } from './capacity.ts';
export { MIN_POINTS } from './clean.ts';
export type * from './types.ts';
export { createAnomalyDetector, detectAnomalies, DEFAULT_ANOMALY_THRESHOLD } from './anomaly/index.ts';
export type * from './anomaly/types.ts';
// SLO math. Its SloSpec/SloWindow (objective and window in seconds) are exported as SloMathSpec/SloMathWindow: the
// SLO definitions in src/slo/spec.ts (queries, window as a duration string) own the plain names.
export {
  sloStatus,
  budgetHistory,
  forecastExhaustion,
  burnRateAlerts,
  BURN_WINDOW_SECONDS,
  BURN_WINDOWS,
  periodBounds,
} from './slo/index.ts';
export type {
  SloSpec as SloMathSpec,
  SloWindow as SloMathWindow,
  SliSeries,
  SloStatus,
  BurnWindow,
  BurnRates,
  BurnAlertRule,
  ExhaustionForecast,
  ExhaustionOptions,
  ExhaustionOutcome,
  BudgetRange,
} from './slo/index.ts';
