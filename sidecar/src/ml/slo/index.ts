// SLO computations: status (SLI, budget, burn rates, multiwindow alerts) and error-budget exhaustion forecasts.
// Pure functions over arrays, no I/O, no clocks; times are Unix seconds (UTC).
export { sloStatus, budgetHistory } from './status.ts';
export { forecastExhaustion } from './exhaustion.ts';
export { burnRateAlerts, BURN_WINDOW_SECONDS } from './alerts.ts';
export { periodBounds } from './calendar.ts';
export { BURN_WINDOWS } from './types.ts';
export type * from './types.ts';
export type * from './exhaustion-types.ts';
