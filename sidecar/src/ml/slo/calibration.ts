// The range of the regime forecast, calibrated on the stream's own past (conformal-style): the forecast is re-made
// at past origins of the history, each from the buckets before it only, and its cumulative errors over each
// horizon are compared with the errors that followed (at the traffic that came). Those misses, in units of the
// forecast's own standard deviation, give the quantiles the range is drawn at, recent origins weighted more (half
// weight a week back). They carry what that standard deviation leaves out: a regime's misplaced start, a ramp that
// steepens, a daily profile that shifts, burstiness read low. Level changes are left to level-changes.ts.
import { regimePath, regimeRatioForecast } from './future-errors.ts';
import { normalQuantile } from './normal.ts';
import { burstiness, type Buckets } from './regime.ts';
import type { LevelChangeBand } from './level-changes.ts';
import type { FuturePath } from './simulate.ts';

/** Quantiles of the standardised miss (realised − forecast) ÷ sd of the cumulative errors, h buckets ahead. */
export interface RangeQuantiles {
  lower: (h: number) => number;
  upper: (h: number) => number;
  /** Past origins the quantiles come from (0: the nominal normal quantiles). */
  origins: number;
}

const MIN_SCORES = 5;

/** Cumulative errors of a path over its first h buckets, h = 0..length, with their standard deviation. */
export function cumulativeErrors(path: FuturePath): { mean: Float64Array; sd: Float64Array } {
  const H = path.total.length;
  const mean = new Float64Array(H + 1);
  const sd = new Float64Array(H + 1);
  let shared = 0;
  let own = 0;
  for (let j = 0; j < H; j++) {
    mean[j + 1] = mean[j] + path.errors[j];
    shared += path.sharedSd?.[j] ?? 0;
    own += path.ownVariance?.[j] ?? 0;
    sd[j + 1] = Math.sqrt(shared * shared + own);
  }
  return { mean, sd };
}

/** Weighted quantile (s sorted by v): the smallest v whose cumulative weight reaches p of the total. */
function weightedQuantile(s: ReadonlyArray<{ v: number; w: number }>, p: number): number {
  const total = s.reduce((a, x) => a + x.w, 0);
  let cum = 0;
  for (const x of s) {
    cum += x.w;
    if (cum >= p * total) {
      return x.v;
    }
  }
  return s[s.length - 1].v;
}

/**
 * Backtest of the regime forecast on `hist`: origins every `period` buckets back from the end, each with at least
 * `minHistory` buckets before it; horizons 1, 2, 4, … buckets. The quantiles are the range's central `level`, never inside the nominal normal ±z
 * (the model's own range), so a short or quiet history cannot narrow it. Windows that hold one of `changePoints`
 * (the changes found in the whole history) are left out: level changes are the Monte-Carlo's part (level-changes.ts).
 */
export function calibrateRange(
  hist: Buckets,
  period: number,
  stepSeconds: number,
  level: number,
  changePoints: readonly number[] = []
): RangeQuantiles {
  const n = hist.total.length;
  const spacing = Math.max(1, period);
  const minHistory = 7 * spacing;
  const halfLife = 7 * spacing;
  const kappa = burstiness(hist);
  const horizons: number[] = [];
  for (let h = 1; h <= n - minHistory; h *= 2) {
    horizons.push(h);
  }
  const scores: Array<Array<{ v: number; w: number }>> = horizons.map(() => []);
  let origins = 0;
  const observed = (i: number): boolean => Number.isFinite(hist.total[i]) && hist.total[i] > 0;
  for (let o = n - spacing; o >= minHistory; o -= spacing) {
    const past = { total: hist.total.slice(0, o), errors: hist.errors.slice(0, o) };
    const rf = regimeRatioForecast(past, n - o, period, stepSeconds, kappa);
    const traffic = hist.total.slice(o).map((t, j) => (observed(o + j) ? t : 0));
    const c = cumulativeErrors(regimePath(traffic, rf));
    let realised = 0;
    let j = 0;
    horizons.forEach((h, k) => {
      if (o + h > n) {
        return;
      }
      for (; j < h; j++) {
        realised += observed(o + j) ? Math.min(hist.total[o + j], Math.max(0, hist.errors[o + j])) : 0;
      }
      if (c.sd[h] > 0 && !changePoints.some((x) => x >= o && x < o + h)) {
        scores[k].push({ v: (realised - c.mean[h]) / c.sd[h], w: 0.5 ** ((n - o) / halfLife) });
      }
    });
    origins++;
  }
  const usable = horizons.map((h, k) => ({ h, s: scores[k].sort((a, b) => a.v - b.v) })).filter((x) => x.s.length >= MIN_SCORES);
  const alpha = (1 - level) / 2;
  const z = normalQuantile(1 - alpha);
  const lo = usable.map((x) => Math.min(-z, weightedQuantile(x.s, alpha)));
  const hi = usable.map((x) => Math.max(z, weightedQuantile(x.s, 1 - alpha)));
  const at = (q: number[], nominal: number) => (h: number): number => {
    if (usable.length === 0) {
      return nominal;
    }
    if (h <= usable[0].h) {
      return q[0];
    }
    for (let k = 1; k < usable.length; k++) {
      if (h <= usable[k].h) {
        const f = Math.log(h / usable[k - 1].h) / Math.log(usable[k].h / usable[k - 1].h);
        return q[k - 1] + f * (q[k] - q[k - 1]);
      }
    }
    return q[q.length - 1];
  };
  return { lower: at(lo, -z), upper: at(hi, z), origins: usable.length > 0 ? origins : 0 };
}

/**
 * The pessimistic (most errors) and optimistic edges of a path: its cumulative errors at the calibrated quantiles,
 * within [0, the traffic], made monotone (an edge of a cumulative count holds for every later horizon too).
 */
export function rangePaths(
  path: FuturePath,
  q: RangeQuantiles,
  changes: LevelChangeBand | null = null
): { pessimistic: FuturePath; optimistic: FuturePath } {
  const H = path.total.length;
  const c = cumulativeErrors(path);
  const traffic = cumulativeErrors({ total: path.total, errors: path.total }).mean;
  const upper = new Float64Array(H + 1);
  const lower = new Float64Array(H + 1);
  for (let h = H; h >= 1; h--) {
    const u = Math.min(traffic[h], c.mean[h] + Math.hypot(q.upper(h) * c.sd[h], (changes?.upper[h] ?? c.mean[h]) - c.mean[h]));
    upper[h] = h === H ? u : Math.min(u, upper[h + 1]);
  }
  for (let h = 1; h <= H; h++) {
    const d = Math.hypot(q.lower(h) * c.sd[h], c.mean[h] - (changes?.lower[h] ?? c.mean[h]));
    lower[h] = Math.max(0, c.mean[h] - d, lower[h - 1]);
  }
  const steps = (cum: Float64Array): Float64Array => Float64Array.from({ length: H }, (_, j) => cum[j + 1] - cum[j]);
  return {
    pessimistic: { total: path.total, errors: steps(upper) },
    optimistic: { total: path.total, errors: steps(lower) },
  };
}
