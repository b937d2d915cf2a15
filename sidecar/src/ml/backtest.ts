// Rolling-origin backtest: where to cut the series, and how each candidate scores.

import { backtestMae, type Model } from './model.ts';

/** At most this many backtest origins: enough samples for the interval quantiles, bounded cost. */
const MAX_ORIGINS = 120;

export interface BacktestPlan {
  /** Ascending origins; the last one is n − 1 (the real forecast), the others are backtest origins. */
  origins: Int32Array;
  /** Steps scored per backtest origin (the horizon, shortened when the series is short). */
  hb: number;
}

/** Steps a non-seasonal model needs before its state means anything. */
export function warmup(n: number): number {
  return Math.min(10, Math.floor((n - 1) / 3));
}

/** Backtest horizon: the full horizon when the history allows it, else half of what remains after warm-up. */
export function backtestHorizon(n: number, horizon: number): number {
  return Math.max(1, Math.min(horizon, Math.floor((n - 1 - warmup(n)) / 2)));
}

/**
 * Origins spread evenly from `minOrigin` to n − 1 − hb (so every backtest origin has hb actuals after it),
 * ending at the most recent one so the newest behaviour is always included.
 */
export function planOrigins(n: number, hb: number, minOrigin: number): BacktestPlan {
  const lastBt = n - 1 - hb;
  const first = Math.max(minOrigin, warmup(n));
  const span = lastBt - first + 1;
  const count = span <= 0 ? 0 : Math.min(MAX_ORIGINS, span);
  const stride = count > 0 ? span / count : 1;
  const origins = new Int32Array(count + 1);
  for (let k = 0; k < count; k++) {origins[count - 1 - k] = lastBt - Math.floor(k * stride);}
  origins[count] = n - 1;
  return { origins, hb };
}

export interface CandidateRun {
  name: string;
  model: Model | null;
  /** Forecast matrix: origins.length rows × horizon columns. */
  paths: Float64Array;
  mase: number;
}

export function runCandidate(
  y: Float64Array,
  plan: BacktestPlan,
  horizon: number,
  scale: number,
  model: Model,
  name: string,
): CandidateRun {
  const paths = new Float64Array(plan.origins.length * horizon);
  model.run(y, plan.origins, horizon, plan.hb, paths);
  return { name, model, paths, mase: score(y, plan, horizon, scale, paths) };
}

export function score(y: Float64Array, plan: BacktestPlan, horizon: number, scale: number, paths: Float64Array): number {
  if (plan.origins.length < 2) {return NaN;}
  return backtestMae(y, plan.origins, horizon, plan.hb, paths) / scale;
}

/**
 * Mean of the best `size` candidates' forecasts. Combining a few good but different models usually beats
 * each of them (forecast-combination puzzle), and it is nearly free here since every path is already computed.
 */
export function ensembleOf(runs: readonly CandidateRun[], size: number): Float64Array | null {
  const ranked = runs.filter((r) => Number.isFinite(r.mase)).sort((a, b) => a.mase - b.mase);
  if (ranked.length < 2) {return null;}
  const members = ranked.slice(0, size);
  const out = new Float64Array(members[0].paths.length);
  for (const m of members) {for (let i = 0; i < out.length; i++) {out[i] += m.paths[i];}}
  for (let i = 0; i < out.length; i++) {out[i] /= members.length;}
  return out;
}
