// When the error budget reaches zero: forecast request and error counts with the forecast engine (or, with
// method 'ratio', requests and the error ratio), then roll the SLO window forward bucket by bucket (simulate.ts).
// The range comes from the engine's intervals: the pessimistic edge uses the upper error bound, the optimistic
// edge the lower one, both with the central request forecast. bench/slo measured counts ahead of ratio.
import { forecast } from '../forecast.ts';
import type { Forecast } from '../types.ts';
import { periodBounds, windowStartAt } from './calendar.ts';
import { firstStepAfter, nowOf, sums, toGrid, type Grid } from './grid.ts';
import type { ExhaustionForecast, ExhaustionOptions } from './exhaustion-types.ts';
import { firstExhaustion, simulateWindow, type FuturePath } from './simulate.ts';
import { budgetRemainingSeries, validateSpec } from './status.ts';
import type { SliSeries, SloSpec } from './types.ts';

const HOUR = 3600;
const DAY = 86400;
const MIN_BUCKETS = 6;

/** Forecast-step buckets of m grid steps ending at now; missing steps are made up at the bucket's observed rate. */
function buckets(g: Grid, m: number, count: number): { total: number[]; errors: number[] } {
  const total: number[] = [];
  const errors: number[] = [];
  for (let b = count; b >= 1; b--) {
    const s = sums(g, g.n - b * m, g.n - (b - 1) * m);
    const scale = s.present > 0 ? m / s.present : NaN;
    total.push(s.total * scale);
    errors.push(s.errors * scale);
  }
  return { total, errors };
}

function clampPath(total: readonly number[], errors: (j: number, total: number) => number): FuturePath {
  const T = Float64Array.from(total, (v) => Math.max(0, v));
  return { total: T, errors: Float64Array.from(T, (t, j) => Math.min(t, Math.max(0, errors(j, t)))) };
}

const GUARD_BUCKETS = 3;

/**
 * Level-shift guard: the engine's models absorb a sudden change of the error ratio (a fast burn starting, a fix
 * landing) only slowly. When the ratio over the last GUARD_BUCKETS forecast steps lies outside the engine's
 * interval for the next step, the forecast restarts at that recent level, flat, keeping the interval widths.
 */
function shiftGuard(f: Forecast, hist: { total: number[]; errors: number[] }, on: boolean): Forecast {
  const k = hist.total.length;
  let T = 0;
  let E = 0;
  for (let i = Math.max(0, k - GUARD_BUCKETS); i < k; i++) {
    if (Number.isFinite(hist.total[i])) {
      T += hist.total[i];
      E += hist.errors[i];
    }
  }
  if (!on || T <= 0) {
    return f;
  }
  const recent = E / T;
  if (recent >= f.lower[0] && recent <= f.upper[0]) {
    return f;
  }
  return {
    ...f,
    model: `recent-level (${f.model} outside its interval)`,
    yhat: f.yhat.map(() => recent),
    lower: f.lower.map((v, j) => recent + v - f.yhat[j]),
    upper: f.upper.map((v, j) => recent + v - f.yhat[j]),
  };
}

/** When the budget crossed 0 for the last time before now (budget is ≤ 0 now). */
function pastExhaustion(g: Grid, spec: SloSpec): { at: number; beforeData: boolean } {
  const b = budgetRemainingSeries(g, spec);
  let i = g.n - 1;
  while (i > 0 && (b[i - 1] === null || b[i - 1]! <= 0)) {
    i--;
  }
  const t = (k: number): number => g.t0 + k * g.step;
  if (i === 0 || b[i - 1] === null) {
    return { at: t(i), beforeData: true };
  }
  const prev = b[i - 1]!;
  const cur = b[i]!;
  return { at: t(i - 1) + (g.step * prev) / (prev - cur), beforeData: false };
}

/** See ExhaustionForecast for every field and ExhaustionOutcome for the cases that are results, not errors. */
export function forecastExhaustion(
  series: SliSeries,
  spec: SloSpec,
  options: ExhaustionOptions = {}
): ExhaustionForecast {
  validateSpec(spec);
  const g = toGrid(series, options);
  const now = nowOf(g);
  const B = 1 - spec.objective;
  const w = spec.window;
  const win = sums(g, firstStepAfter(g, windowStartAt(now, w)), g.n);
  const budgetRemaining = win.total > 0 ? 1 - win.errors / win.total / B : null;
  const m = Math.max(
    1,
    Math.round(
      Math.min(options.forecastStepSeconds ?? Math.max(HOUR, g.step), w.kind === 'rolling' ? w.seconds : Infinity) /
        g.step
    )
  );
  const F = m * g.step;
  const endAt =
    w.kind === 'calendar'
      ? periodBounds(now, w.unit).end
      : now + (options.horizonSeconds ?? Math.min(w.seconds, 35 * DAY));
  const result: ExhaustionForecast = {
    outcome: 'insufficient-history',
    now,
    budgetRemaining,
    exhaustedAt: null,
    earliest: null,
    latest: null,
    exhaustedBeforeData: false,
    endAt,
    budgetAtEnd: { expected: null, lower: null, upper: null },
    safeBurnRate: null,
    models: null,
    path: { timestamps: [], expected: [], lower: [], upper: [] },
  };
  if (budgetRemaining !== null && budgetRemaining <= 0) {
    const past = pastExhaustion(g, spec);
    Object.assign(result, { outcome: 'already-exhausted', exhaustedAt: past.at, earliest: past.at, latest: past.at });
    result.exhaustedBeforeData = past.beforeData;
  }
  const count = Math.min(Math.floor(g.n / m), Math.floor((options.historySeconds ?? 28 * DAY) / F));
  const hist = buckets(g, m, count);
  const ratio = hist.total.map((t, i) => (t > 0 ? hist.errors[i] / t : NaN));
  const observed = ratio.filter(Number.isFinite).length;
  if (observed === 0 && count >= MIN_BUCKETS) {
    if (result.outcome !== 'already-exhausted') {
      result.outcome = 'no-traffic';
    }
    return result;
  }
  if (count < MIN_BUCKETS || observed < 2) {
    return result;
  }

  const H = Math.max(1, Math.ceil((endAt - now) / F - 1e-9));
  const periods = [Math.round(DAY / F), Math.round((7 * DAY) / F)].filter((p) => p >= 2);
  const opts = { horizon: H, level: options.level ?? 0.8, seasonalPeriods: periods };
  const fT = forecast(hist.total, opts);
  let paths: FuturePath[];
  let errorModel: string;
  if ((options.method ?? 'counts') === 'ratio') {
    const fR = shiftGuard(forecast(ratio, opts), hist, options.levelShiftGuard ?? false);
    const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));
    paths = [fR.yhat, fR.upper, fR.lower].map((r) => clampPath(fT.yhat, (j, t) => t * clamp01(r[j])));
    errorModel = fR.model;
  } else {
    const fE = forecast(hist.errors, opts);
    paths = [fE.yhat, fE.upper, fE.lower].map((e) => clampPath(fT.yhat, (j) => e[j]));
    errorModel = fE.model;
  }
  const times = Array.from({ length: H }, (_, j) => Math.min(endAt, now + (j + 1) * F));
  const [mid, pess, opt] = paths.map((p) => simulateWindow(g, spec, F, times, p));
  result.models = { total: fT.model, errors: errorModel };
  result.path = { timestamps: times, expected: mid.budget, lower: pess.budget, upper: opt.budget };
  result.budgetAtEnd = { expected: mid.budget[H - 1], lower: pess.budget[H - 1], upper: opt.budget[H - 1] };
  result.safeBurnRate = mid.safeBurnRate;
  if (result.outcome === 'already-exhausted') {
    return result;
  }
  result.exhaustedAt = firstExhaustion(now, budgetRemaining, times, mid.budget);
  result.earliest = firstExhaustion(now, budgetRemaining, times, pess.budget);
  result.latest = firstExhaustion(now, budgetRemaining, times, opt.budget);
  if (result.exhaustedAt !== null) {
    result.outcome = 'exhausts';
  } else {
    result.outcome = w.kind === 'calendar' ? 'not-exhausted-before-reset' : 'not-exhausted-within-horizon';
  }
  return result;
}
