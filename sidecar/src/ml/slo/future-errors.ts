// Future request and error counts per forecast step, as paths the window simulation rolls forward.
import { forecast } from '../forecast.ts';
import type { ForecastOptions } from '../types.ts';
import { evidentRamp } from './ramp.ts';
import { dailyRatioProfile } from './ratio-profile.ts';
import { burstiness, currentRegime, prefixOf, type Buckets, type Regime } from './regime.ts';
import type { LevelChange } from './level-changes.ts';
import type { FuturePath } from './simulate.ts';

/** Non-negative traffic, errors within [0, traffic]. */
export function clampPath(total: readonly number[], errors: (j: number, total: number) => number): FuturePath {
  const T = Float64Array.from(total, (v) => Math.max(0, v));
  return { total: T, errors: Float64Array.from(T, (t, j) => Math.min(t, Math.max(0, errors(j, t)))) };
}

/** The error ratio per future step with its standard error (shared by all steps: the level's uncertainty). */
export interface RatioForecast {
  ratio: Float64Array;
  sd: Float64Array;
  /** Burstiness κ of the error counts: Var = μ + κμ² per step. */
  kappa: number;
  /** The changes of level found in the history (see LevelChange), and the buckets searched. */
  levelChanges: LevelChange[];
  searched: number;
  /** Bucket indices where those changes start. */
  changePoints: number[];
  /** e.g. "regime (error ratio of the last 30 h)", "ramp (…)", with ", daily profile" when one was used. */
  description: string;
}

/** The error ratio of each bucket's segment in the regime chain (see ramp.ts for the segments). */
function segmentLevels(b: Buckets, regime: Regime): (i: number) => number {
  const cuts = [0, ...regime.changes, b.total.length];
  const p = prefixOf(b);
  const level = new Float64Array(b.total.length);
  for (let s = 0; s + 1 < cuts.length; s++) {
    const [a, z] = [cuts[s], cuts[s + 1]];
    level.fill((p.E[z] - p.E[a]) / Math.max(p.T[z] - p.T[a], 1e-12), a, z);
  }
  return (i) => level[i];
}

/**
 * Each change point of the chain: ln(level after ÷ level before) (0 errors count as half an error) and how many
 * buckets the new level lasted (Infinity for the current regime: it has not ended).
 */
function levelChanges(b: Buckets, regime: Regime): LevelChange[] {
  const cuts = [0, ...regime.changes, b.total.length];
  const p = prefixOf(b);
  const levels = cuts.slice(0, -1).map((a, s) => {
    const z = cuts[s + 1];
    return Math.max(p.E[z] - p.E[a], 0.5) / Math.max(p.T[z] - p.T[a], 1e-12);
  });
  return levels.slice(1).map((l, s) => ({
    jump: Math.log(l / levels[s]),
    lasted: s + 2 < cuts.length - 1 ? cuts[s + 2] - cuts[s + 1] : Infinity,
  }));
}

/**
 * The error ratio from the current regime: at the level since the most recent change point, or along a line where
 * the recent changes form an evident ramp; relative to a daily profile where the data show one (and no ramp).
 * `period` = steps per day (for the profile); future step j is bucket index hist.length + j. `kappa`: the
 * burstiness, estimated from `hist` unless given.
 */
export function regimeRatioForecast(
  hist: Buckets,
  horizon: number,
  period: number,
  stepSeconds: number,
  kappa = burstiness(hist)
): RatioForecast {
  const n = hist.total.length;
  const raw = currentRegime(hist, kappa);
  // a ramp is looked for first: its rise inside the regimes would otherwise read as a daily profile
  const rawRamp = evidentRamp(hist, raw, period);
  const profile = rawRamp ? null : dailyRatioProfile(hist, period, kappa, segmentLevels(hist, raw));
  const factor = (k: number): number => (profile ? profile[k % period] : 1);
  const exposure = { total: hist.total.map((t, k) => t * factor(k)), errors: hist.errors };
  const regime = profile ? currentRegime(exposure, kappa) : raw;
  const ramp = profile ? evidentRamp(exposure, regime, period) : rawRamp;
  const ratio = new Float64Array(horizon);
  const sd = new Float64Array(horizon);
  for (let j = 0; j < horizon; j++) {
    const x = n + j;
    const rel = ramp ? ramp.level + ramp.slope * Math.max(0, x - ramp.from) : regime.ratio;
    const v = ramp ? ramp.variance(x) : regime.ratioSd ** 2;
    ratio[j] = Math.min(1, Math.max(0, rel * factor(x)));
    sd[j] = Math.sqrt(v) * factor(x);
  }
  const hours = (from: number): string => (((n - from) * stepSeconds) / 3600).toFixed(0);
  const base = ramp
    ? `ramp (error ratio along a line since ${hours(ramp.from)} h ago)`
    : `regime (error ratio of the last ${hours(regime.start)} h)`;
  return {
    ratio,
    sd,
    kappa,
    levelChanges: levelChanges(hist, raw),
    searched: n,
    changePoints: raw.changes,
    description: profile ? `${base}, daily profile` : base,
  };
}

/**
 * The error ratio applied to the forecast traffic. The uncertainty travels with the path: the ratio's standard
 * error is shared by every future step; each step adds its own Poisson and burstiness variance.
 */
export function regimePath(traffic: readonly number[], f: RatioForecast): FuturePath {
  const path = clampPath(traffic, (j, t) => t * f.ratio[j]);
  return {
    ...path,
    sharedSd: path.total.map((t, j) => t * f.sd[j]),
    ownVariance: path.total.map((t, j) => {
      const mu = t * Math.max(f.ratio[j], f.sd[j]);
      return mu + f.kappa * mu * mu;
    }),
  };
}

/**
 * The engine's forecasts of the error counts ('counts') or of the error ratio ('ratio'), with the central traffic:
 * central, pessimistic (upper errors) and optimistic (lower errors) paths. The measured alternative to the regime.
 */
export function enginePaths(
  hist: Buckets,
  traffic: readonly number[],
  method: 'counts' | 'ratio',
  opts: ForecastOptions
): { paths: FuturePath[]; model: string } {
  if (method === 'ratio') {
    const ratio = hist.total.map((t, i) => (t > 0 ? hist.errors[i] / t : NaN));
    const f = forecast(ratio, opts);
    const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));
    return { paths: [f.yhat, f.upper, f.lower].map((r) => clampPath(traffic, (j, t) => t * clamp01(r[j]))), model: f.model };
  }
  const f = forecast(hist.errors as number[], opts);
  return { paths: [f.yhat, f.upper, f.lower].map((e) => clampPath(traffic, (j) => e[j])), model: f.model };
}
