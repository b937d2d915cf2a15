// Contract of the SLO computations: pure functions over arrays, no I/O, no clocks. Times are Unix seconds (UTC).

/**
 * Per-step event counts on a regular grid. Step i counts the events in (timestamps[i] − step, timestamps[i]].
 * `errors` are the bad events (for a latency SLO: requests slower than the threshold). A missing step is a NaN in
 * `total` or `errors`, or a timestamp left out of the grid; missing steps count no events and are reported.
 */
export interface SliSeries {
  timestamps: readonly number[];
  total: readonly number[];
  errors: readonly number[];
}

/** Rolling window of `seconds`, or a UTC calendar period (month: from the 1st 00:00; week: from Monday 00:00). */
export type SloWindow = { kind: 'rolling'; seconds: number } | { kind: 'calendar'; unit: 'month' | 'week' };

export interface SloSpec {
  /** Target share of good events, e.g. 0.999. Must be in (0, 1). */
  objective: number;
  window: SloWindow;
}

export interface GridOptions {
  /** Grid step in seconds; default: the median spacing of `timestamps`. */
  stepSeconds?: number;
}

export const BURN_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export type BurnWindow = (typeof BURN_WINDOWS)[number];

/** Burn rate = error ratio over the burn window ÷ (1 − objective); null without enough data or with no traffic. */
export type BurnRates = Record<BurnWindow, number | null>;

export interface BurnAlertRule {
  severity: 'page' | 'ticket';
  longWindow: BurnWindow;
  shortWindow: BurnWindow;
  /** Share of the period's budget this rule fires on when spent within the long window (0.02, 0.05, 0.1, 0.1). */
  budgetFraction: number;
  /** Burn-rate threshold: budgetFraction × SLO period ÷ long window (14.4, 6, 3, 1 for 30 days). */
  factor: number;
  /** Both windows above the factor; null when either burn rate is null or the long window exceeds the period. */
  firing: boolean | null;
}

export interface SloStatus {
  /** Time of the last grid step: "now". */
  now: number;
  stepSeconds: number;
  /** Start of the SLO window that ends now (for a calendar window: the period start). */
  windowStart: number;
  /** Calendar windows: the period end (the next reset); rolling: null. */
  periodEnd: number | null;
  /** Period length used to scale the alert factors (rolling: the window; calendar: this period's length). */
  periodSeconds: number;
  total: number;
  errors: number;
  /** Good ÷ total over the window; null with no traffic. */
  sli: number | null;
  /** 1 − objective. */
  errorBudget: number;
  /** 1 − (errors ÷ total) ÷ budget over the window; negative when overspent; null with no traffic. */
  budgetRemaining: number | null;
  /** Grid steps in the window without data, and steps the window spans before the first sample. */
  missingSteps: number;
  /** True when the window starts before the first sample (the figures cover less than the window). */
  partialWindow: boolean;
  burnRates: BurnRates;
  alerts: BurnAlertRule[];
  /** 'page' if any page rule fires, else 'ticket' if any ticket rule fires, else 'none'. */
  alertState: 'page' | 'ticket' | 'none';
}
