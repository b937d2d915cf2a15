// Contract of forecastExhaustion.
import type { GridOptions } from './types.ts';

export interface ExhaustionOptions extends GridOptions {
  /**
   * Rolling windows: how far ahead to simulate, seconds (default: the window length, at most 35 days).
   * Calendar windows always simulate to the period end (the next reset).
   */
  horizonSeconds?: number;
  /** Forecast resolution, seconds, rounded to a multiple of the grid step (default: 1 hour, or the step if longer). */
  forecastStepSeconds?: number;
  /** History given to the forecast engine, seconds (default 28 days). */
  historySeconds?: number;
  /** Central probability of the range that bounds earliest/latest (default 0.8). */
  level?: number;
  /**
   * How the errors are forecast. 'regime' (default): the error ratio since the most recent change point (a new burn
   * is picked up within hours) times the engine's request forecast; the range is calibrated on the stream's own past
   * forecasts and allows for level changes at the rate the history shows.
   * 'counts': the engine forecasts the error counts; 'ratio': the engine forecasts the error ratio (range from the
   * engine's intervals). bench/slo compares the three.
   */
  method?: 'regime' | 'counts' | 'ratio';
}

/**
 * - exhausts: the central forecast reaches 0 within the simulated span (exhaustedAt is set);
 * - already-exhausted: the budget is ≤ 0 now (exhaustedAt = when it crossed 0, in the past);
 * - not-exhausted-before-reset: calendar window, the budget stays above 0 until the period ends;
 * - not-exhausted-within-horizon: rolling window, it stays above 0 up to now + horizon;
 * - no-traffic: no requests in the forecast history, nothing to forecast (the budget stays where it is);
 * - insufficient-history: fewer than 6 forecast steps of history (6 hours at the default resolution).
 * `earliest` can be set while the outcome is not-exhausted-*: the pessimistic edge exhausts, the central one not.
 */
export type ExhaustionOutcome =
  | 'exhausts'
  | 'already-exhausted'
  | 'not-exhausted-before-reset'
  | 'not-exhausted-within-horizon'
  | 'no-traffic'
  | 'insufficient-history';

export interface BudgetRange {
  expected: number | null;
  /** Pessimistic edge (higher error ratio). */
  lower: number | null;
  /** Optimistic edge. */
  upper: number | null;
}

export interface ExhaustionForecast {
  outcome: ExhaustionOutcome;
  /** Time of the last step, seconds. */
  now: number;
  /** Budget remaining now (null: no traffic in the window). */
  budgetRemaining: number | null;
  /** When the budget reaches 0 on the central forecast (past for already-exhausted), seconds; else null. */
  exhaustedAt: number | null;
  /** The pessimistic edge's exhaustion (≤ exhaustedAt); null when it does not exhaust within the span. */
  earliest: number | null;
  /** The optimistic edge's exhaustion; null when it does not exhaust within the span (i.e. "later than endAt"). */
  latest: number | null;
  /** already-exhausted only: the budget was ≤ 0 from the first sample on, so exhaustedAt is that sample's time. */
  exhaustedBeforeData: boolean;
  /** End of the simulated span: the period end (calendar) or now + horizon (rolling). */
  endAt: number;
  /** Budget remaining at endAt (calendar: just before the reset). */
  budgetAtEnd: BudgetRange;
  /** Highest constant burn rate from now on that keeps the budget ≥ 0 up to endAt (forecast traffic); ≥ 0. */
  safeBurnRate: number | null;
  /** How requests and errors were forecast (e.g. holt-winters for requests, "regime (error ratio of the last 30 h)"). */
  models: { total: string; errors: string } | null;
  /** Forecast budget remaining at each forecast step up to endAt (for a burn-down cone). */
  path: {
    timestamps: number[];
    expected: Array<number | null>;
    lower: Array<number | null>;
    upper: Array<number | null>;
  };
}
