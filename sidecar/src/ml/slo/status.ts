// Current SLO figures: SLI, budget remaining, burn rates and alert states over the window that ends at the last step.
import { alertStateOf, burnRateAlerts, BURN_WINDOW_SECONDS } from './alerts.ts';
import { periodBounds, validateWindow, windowStartAt } from './calendar.ts';
import { firstStepAfter, nowOf, sums, toGrid, type Grid } from './grid.ts';
import {
  BURN_WINDOWS,
  type BurnRates,
  type GridOptions,
  type SliSeries,
  type SloSpec,
  type SloStatus,
} from './types.ts';

export function validateSpec(spec: SloSpec): void {
  if (!(spec.objective > 0 && spec.objective < 1)) {
    throw new Error(`slo: objective must be in (0, 1), got ${spec.objective}`);
  }
  validateWindow(spec.window);
}

/**
 * Burn rate over the `seconds` that end at step `end` (inclusive). Null when the window is shorter than one step,
 * reaches before the first sample, has fewer than half of its steps present, or saw no traffic.
 */
export function burnRateAt(g: Grid, end: number, seconds: number, budget: number): number | null {
  const k = Math.round(seconds / g.step);
  if (k < 1 || end + 1 < k) {
    return null;
  }
  const s = sums(g, end + 1 - k, end + 1);
  if (s.present < Math.ceil(k / 2) || s.total <= 0) {
    return null;
  }
  return s.errors / s.total / budget;
}

export function burnRatesAt(g: Grid, end: number, budget: number): BurnRates {
  const out = {} as BurnRates;
  for (const w of BURN_WINDOWS) {
    out[w] = burnRateAt(g, end, BURN_WINDOW_SECONDS[w], budget);
  }
  return out;
}

/** SLI figures of the SLO window ending now (the last step). See SloStatus for every field. */
export function sloStatus(series: SliSeries, spec: SloSpec, options: GridOptions = {}): SloStatus {
  validateSpec(spec);
  const g = toGrid(series, options);
  const now = nowOf(g);
  const budget = 1 - spec.objective;
  const windowStart = windowStartAt(now, spec.window);
  const from = firstStepAfter(g, windowStart);
  const s = sums(g, from, g.n);
  const stepsInWindow = Math.round((now - windowStart) / g.step);
  const partialWindow = windowStart < g.t0 - g.step;
  const bounds = spec.window.kind === 'calendar' ? periodBounds(now, spec.window.unit) : null;
  const periodSeconds = bounds ? bounds.end - bounds.start : (spec.window as { seconds: number }).seconds;
  const burnRates = burnRatesAt(g, g.n - 1, budget);
  const alerts = burnRateAlerts(burnRates, periodSeconds);
  const ratio = s.total > 0 ? s.errors / s.total : null;
  return {
    now,
    stepSeconds: g.step,
    windowStart,
    periodEnd: bounds ? bounds.end : null,
    periodSeconds,
    total: s.total,
    errors: s.errors,
    sli: ratio === null ? null : 1 - ratio,
    errorBudget: budget,
    budgetRemaining: ratio === null ? null : 1 - ratio / budget,
    missingSteps: Math.max(0, stepsInWindow - s.present),
    partialWindow,
    burnRates,
    alerts,
    alertState: alertStateOf(alerts),
  };
}

/** Budget remaining over the SLO window ending at step i, for every step (null where that window saw no traffic). */
export function budgetRemainingSeries(g: Grid, spec: SloSpec): Array<number | null> {
  const budget = 1 - spec.objective;
  const out: Array<number | null> = [];
  for (let i = 0; i < g.n; i++) {
    const t = g.t0 + i * g.step;
    const s = sums(g, firstStepAfter(g, windowStartAt(t, spec.window)), i + 1);
    out.push(s.total > 0 ? 1 - s.errors / s.total / budget : null);
  }
  return out;
}

/** The SLI's budget remaining at every input step (for burn-down charts), on the input's regular grid. */
export function budgetHistory(
  series: SliSeries,
  spec: SloSpec,
  options: GridOptions = {}
): { timestamps: number[]; budgetRemaining: Array<number | null> } {
  validateSpec(spec);
  const g = toGrid(series, options);
  return {
    timestamps: Array.from({ length: g.n }, (_, i) => g.t0 + i * g.step),
    budgetRemaining: budgetRemainingSeries(g, spec),
  };
}
