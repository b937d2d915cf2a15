// Contract of the forecast engine. Everything in sidecar/src/ml is a pure function over arrays: no I/O, no clocks.

export interface ForecastOptions {
  /** Steps to forecast. */
  horizon: number;
  /** Central probability of the prediction interval, e.g. 0.95. */
  level: number;
  /** Seasonal periods in steps (e.g. [288, 2016] for daily and weekly at 5 minutes); [] or omitted = none known. */
  seasonalPeriods?: number[];
  /** Restrict the candidate models (by name); omitted = all. */
  candidates?: string[];
}

export interface ModelScore {
  model: string;
  /** Mean absolute scaled error over the rolling-origin backtest (scaled by in-sample one-step naive error). */
  mase: number;
}

export interface Forecast {
  /** Chosen model's name. */
  model: string;
  /** Backtest MASE of the chosen model; NaN when the series was too short to backtest. */
  mase: number;
  /** Every candidate's backtest score, best first. */
  backtest: ModelScore[];
  yhat: number[];
  lower: number[];
  upper: number[];
}

export interface Band {
  yhat: readonly number[];
  lower: readonly number[];
  upper: readonly number[];
}

/**
 * Crossing positions in forecast steps (1 = first forecast step), or null when not crossed within the horizon.
 * Positions are fractional: between two steps the forecast is interpolated linearly, so a crossing between step
 * k and k+1 is k + fraction. A band already at the threshold at step 1 gives 1.
 */
export interface StepCrossing {
  step: number | null;
  earliestStep: number | null;
  latestStep: number | null;
}

export interface CapacityInput {
  /** Forecast of pending (unschedulable) pods. */
  pendingPods: Band;
  /** Pods that fit on one new node of the nodepool. */
  podsPerNode: number;
}

export interface CapacityAtHorizon {
  step: number;
  pendingPods: number;
  pendingPodsLower: number;
  pendingPodsUpper: number;
  nodesNeeded: number;
  nodesNeededUpper: number;
}
