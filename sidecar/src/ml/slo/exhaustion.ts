// When the error budget reaches zero: forecast the requests with the forecast engine (daily and weekly
// seasonality) and the errors at the current regime's error ratio (regime.ts: the level since the most recent
// change point), then roll the SLO window forward bucket by bucket (simulate.ts: old errors roll off a rolling
// window; a calendar window runs to its reset). The range: the cumulative future errors at quantiles calibrated
// on the stream's own past forecasts (calibration.ts), widened by Monte-Carlo level changes at the rate and sizes
// the history shows (level-changes.ts). Methods 'counts' and 'ratio' (the engine forecasting the errors too) are the measured
// alternatives: bench/slo scores them lower, as the engine's smooth models take days to absorb a new burn.
import { forecast } from '../forecast.ts';
import { calibrateRange, rangePaths } from './calibration.ts';
import { periodBounds, windowStartAt } from './calendar.ts';
import { levelChangeBand } from './level-changes.ts';
import { firstStepAfter, nowOf, sums, toGrid, type Grid } from './grid.ts';
import type { ExhaustionForecast, ExhaustionOptions } from './exhaustion-types.ts';
import { enginePaths, regimePath, regimeRatioForecast } from './future-errors.ts';
import { firstExhaustion, simulateWindow } from './simulate.ts';
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
  const observed = hist.total.filter((t) => t > 0).length;
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
  const times = Array.from({ length: H }, (_, j) => Math.min(endAt, now + (j + 1) * F));
  const method = options.method ?? 'regime';
  let mid: ReturnType<typeof simulateWindow>;
  let pessimistic: Array<number | null>;
  let optimistic: Array<number | null>;
  let errorModel: string;
  if (method === 'regime') {
    const rf = regimeRatioForecast(hist, H, Math.round(DAY / F), F);
    const path = regimePath(fT.yhat, rf);
    mid = simulateWindow(g, spec, F, times, path);
    const changes = levelChangeBand(path.errors, rf.levelChanges, rf.searched, opts.level);
    const edges = rangePaths(path, calibrateRange(hist, Math.round(DAY / F), F, opts.level, rf.changePoints), changes);
    pessimistic = simulateWindow(g, spec, F, times, edges.pessimistic).budget;
    optimistic = simulateWindow(g, spec, F, times, edges.optimistic).budget;
    errorModel = rf.description;
  } else {
    const e = enginePaths(hist, fT.yhat, method, opts);
    [mid, { budget: pessimistic }, { budget: optimistic }] = e.paths.map((p) => simulateWindow(g, spec, F, times, p));
    errorModel = e.model;
  }
  result.models = { total: fT.model, errors: errorModel };
  result.path = { timestamps: times, expected: mid.budget, lower: pessimistic, upper: optimistic };
  result.budgetAtEnd = { expected: mid.budget[H - 1], lower: pessimistic[H - 1], upper: optimistic[H - 1] };
  result.safeBurnRate = mid.safeBurnRate;
  if (result.outcome === 'already-exhausted') {
    return result;
  }
  result.exhaustedAt = firstExhaustion(now, budgetRemaining, times, mid.budget);
  result.earliest = firstExhaustion(now, budgetRemaining, times, pessimistic);
  result.latest = firstExhaustion(now, budgetRemaining, times, optimistic);
  if (result.exhaustedAt !== null) {
    result.outcome = 'exhausts';
  } else {
    result.outcome = w.kind === 'calendar' ? 'not-exhausted-before-reset' : 'not-exhausted-within-horizon';
  }
  return result;
}
