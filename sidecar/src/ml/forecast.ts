import { backtestHorizon, ensembleOf, planOrigins, runCandidate, score, type CandidateRun } from './backtest.ts';
import { cleanSeries, naiveScale } from './clean.ts';
import { dampedTrend } from './dampedTrend.ts';
import { holtWinters } from './holtWinters.ts';
import { empiricalOffsets } from './intervals.ts';
import type { Model } from './model.ts';
import { naive } from './naive.ts';
import { seasonalNaive } from './seasonalNaive.ts';
import type { Forecast, ForecastOptions } from './types.ts';

/** Names accepted in `ForecastOptions.candidates`. */
export const CANDIDATES = ['naive', 'seasonal-naive', 'damped-trend', 'holt-winters', 'ensemble'] as const;
const SEASONAL = new Set(['seasonal-naive', 'holt-winters']);
const ENSEMBLE_SIZE = 3;

/** True for the models whose forecast follows a seasonal profile. */
export function isSeasonalModel(name: string): boolean {
  return SEASONAL.has(baseName(name));
}

function baseName(name: string): string {
  const at = name.indexOf('@');
  return at < 0 ? name : name.slice(0, at);
}

/**
 * A seasonal period is usable when, after the two seasons Holt-Winters needs for initialisation and the
 * backtest horizon, at least half a season of backtest origins remains. Below that, seasonal candidates are
 * skipped (short series fall back to the non-seasonal ones).
 */
function usablePeriods(n: number, hb: number, periods: readonly number[]): number[] {
  const ok = periods.filter((p) => Number.isInteger(p) && p >= 2 && n - hb >= 2.5 * p);
  return [...new Set(ok)];
}

function validate(options: ForecastOptions): void {
  if (!Number.isInteger(options.horizon) || options.horizon < 1) {
    throw new Error(`forecast: horizon must be a positive integer, got ${options.horizon}`);
  }
  if (!(options.level > 0 && options.level < 1)) {
    throw new Error(`forecast: level must be in (0, 1), got ${options.level}`);
  }
  for (const c of options.candidates ?? []) {
    if (!(CANDIDATES as readonly string[]).includes(c)) {
      throw new Error(`forecast: unknown candidate "${c}"; known: ${CANDIDATES.join(', ')}`);
    }
  }
}

/**
 * Forecasts `options.horizon` steps after the last input slot. Gaps: see clean.ts (leading NaNs dropped, interior
 * gaps interpolated linearly, trailing gaps carried forward). Throws when fewer than MIN_POINTS remain.
 *
 * Model choice: every candidate forecasts from the same rolling origins; lowest backtest MASE wins (ties keep the
 * simpler model). With several usable seasonal periods, seasonal model names carry the period ("holt-winters@2016").
 */
export function forecast(values: readonly number[], options: ForecastOptions): Forecast {
  validate(options);
  const y = cleanSeries(values);
  const n = y.length;
  const horizon = options.horizon;
  const allowed = new Set<string>(options.candidates ?? CANDIDATES);
  const hb = backtestHorizon(n, horizon);
  const periods = usablePeriods(n, hb, options.seasonalPeriods ?? []);

  const models: Array<{ model: Model; name: string }> = [];
  if (allowed.has('naive')) {models.push({ model: naive, name: 'naive' });}
  if (allowed.has('damped-trend')) {models.push({ model: dampedTrend, name: 'damped-trend' });}
  for (const p of periods) {
    const suffix = periods.length > 1 ? `@${p}` : '';
    if (allowed.has('seasonal-naive')) {models.push({ model: seasonalNaive(p), name: `seasonal-naive${suffix}` });}
    if (allowed.has('holt-winters')) {models.push({ model: holtWinters(p), name: `holt-winters${suffix}` });}
  }
  if (models.length === 0) {
    throw new Error(
      `forecast: no usable candidate among [${[...allowed].join(', ')}] for ${n} points` +
        ` (seasonal models need 2.5 periods plus the horizon)`,
    );
  }

  const minOrigin = Math.max(...models.map((m) => m.model.minOrigin));
  const plan = planOrigins(n, hb, minOrigin);
  const scale = naiveScale(y);
  const runs: CandidateRun[] = models.map((m) => runCandidate(y, plan, horizon, scale, m.model, m.name));
  if (allowed.has('ensemble')) {
    const paths = ensembleOf(runs, ENSEMBLE_SIZE);
    if (paths) {runs.push({ name: 'ensemble', model: null, paths, mase: score(y, plan, horizon, scale, paths) });}
  }
  // stable sort keeps the simpler (earlier) candidate on ties
  const ranked = runs.slice().sort((a, b) => cmp(a.mase, b.mase));
  const best = ranked[0];

  const last = (plan.origins.length - 1) * horizon;
  const yhat = Array.from(best.paths.subarray(last, last + horizon));
  const off = empiricalOffsets(y, plan, horizon, best.paths, options.level);
  return {
    model: best.name,
    mase: best.mase,
    backtest: ranked.map((r) => ({ model: r.name, mase: r.mase })),
    yhat,
    lower: yhat.map((v, j) => v + off.lower[j]),
    upper: yhat.map((v, j) => v + off.upper[j]),
  };
}

function cmp(a: number, b: number): number {
  if (Number.isNaN(a)) {return Number.isNaN(b) ? 0 : 1;}
  if (Number.isNaN(b)) {return -1;}
  return a - b;
}
