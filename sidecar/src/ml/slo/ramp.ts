// A ramp in the error ratio: change-point segmentation sees a steady rise as one or more steps up (or down). Over
// the recent run of rising (or falling) regimes, a hinge — flat, then a straight line from some bucket c on — is
// compared with those steps; where the hinge fits clearly better, the ratio is forecast along its line.
import { prefixOf, type Buckets, type Prefix, type Regime } from './regime.ts';

export interface Ramp {
  /** Where the line starts (bucket position); before it the ratio was flat. */
  from: number;
  /** Ratio at position x ≥ from: level + slope·(x − from). */
  level: number;
  slope: number;
  /** Variance of the line's value at position x (from the fit's covariance, scaled up by lack of fit). */
  variance: (x: number) => number;
}

/** Segment bounds of the regime chain: [0, c₁), [c₁, c₂), …, [start, n). */
function segmentsOf(regime: Regime, n: number): Array<[number, number]> {
  const cuts = [0, ...regime.changes, n];
  return cuts.slice(0, -1).map((a, i) => [a, cuts[i + 1]]);
}

/** Index of the first segment of the longest run at the end whose levels all rise (or all fall). */
function monotoneTail(levels: number[]): number {
  const m = levels.length;
  const dir = Math.sign(levels[m - 1] - levels[m - 2]);
  let i = m - 2;
  while (i > 0 && Math.sign(levels[i] - levels[i - 1]) === dir) {
    i--;
  }
  return i;
}

interface Points {
  x: number[];
  y: number[];
  w: number[];
  /** The staircase's value at each point. */
  step: number[];
}

/** Bucket ratios over the run's segments, weighted by 1 / Var(ratio) at their segment's level. */
function pointsOf(p: Prefix, segs: Array<[number, number]>, levels: number[], kappa: number): Points {
  const pts: Points = { x: [], y: [], w: [], step: [] };
  segs.forEach(([a, z], s) => {
    const r = Math.max(levels[s], 1e-12);
    for (let k = a; k < z; k++) {
      const t = p.T[k + 1] - p.T[k];
      if (t > 0) {
        pts.x.push(k);
        pts.y.push((p.E[k + 1] - p.E[k]) / t);
        pts.w.push(t / (r + kappa * r * r * t));
        pts.step.push(levels[s]);
      }
    }
  });
  return pts;
}

/** Suffix sums over the points (sorted by x) for fitting hinges at every c in one pass. */
interface Sums {
  /** Σ w, Σ w·x, Σ w·x², Σ w·y, Σ w·x·y over points i ≥ k, at index k (x relative to the last point). */
  w: Float64Array;
  wx: Float64Array;
  wx2: Float64Array;
  wy: Float64Array;
  wxy: Float64Array;
  /** Σ w·y² over all points. */
  wyy: number;
  origin: number;
}

function sumsOf(pts: Points): Sums {
  const N = pts.x.length;
  const origin = pts.x[N - 1];
  const make = (): Float64Array => new Float64Array(N + 1);
  const s: Sums = { w: make(), wx: make(), wx2: make(), wy: make(), wxy: make(), wyy: 0, origin };
  for (let i = N - 1; i >= 0; i--) {
    const x = pts.x[i] - origin;
    const w = pts.w[i];
    const y = pts.y[i];
    s.w[i] = s.w[i + 1] + w;
    s.wx[i] = s.wx[i + 1] + w * x;
    s.wx2[i] = s.wx2[i + 1] + w * x * x;
    s.wy[i] = s.wy[i + 1] + w * y;
    s.wxy[i] = s.wxy[i + 1] + w * x * y;
    s.wyy += w * y * y;
  }
  return s;
}

/**
 * Weighted least squares of y = α + β·max(0, x − c): coefficients, inverse normal matrix and χ². `k` = the first
 * point with x > c (the only ones where the hinge's slope term is not 0).
 */
function hingeFit(s: Sums, k: number, c: number) {
  const cc = c - s.origin;
  const s0 = s.w[0];
  const s1 = s.wx[k] - cc * s.w[k];
  const s2 = s.wx2[k] - 2 * cc * s.wx[k] + cc * cc * s.w[k];
  const sy = s.wy[0];
  const sxy = s.wxy[k] - cc * s.wy[k];
  const det = s0 * s2 - s1 * s1;
  if (!(det > 0)) {
    return null;
  }
  const inv = { aa: s2 / det, ab: -s1 / det, bb: s0 / det };
  const alpha = inv.aa * sy + inv.ab * sxy;
  const beta = inv.ab * sy + inv.bb * sxy;
  const chi2 = Math.max(
    0,
    s.wyy - 2 * alpha * sy - 2 * beta * sxy + alpha * alpha * s0 + 2 * alpha * beta * s1 + beta * beta * s2
  );
  return { alpha, beta, inv, chi2 };
}

/**
 * The evident ramp at the end of the buckets, or null. The hinge (3 parameters: level, slope, start) must beat
 * the staircase of the run (a level per segment and a position per change) by the BIC plus one more ln N. The
 * line must span at least `minLength` buckets (a day: a rise within the day is as likely the daily cycle).
 */
export function evidentRamp(b: Buckets, regime: Regime, minLength: number): Ramp | null {
  const n = b.total.length;
  const p = prefixOf(b);
  const segs = segmentsOf(regime, n);
  if (segs.length < 2) {
    return null;
  }
  const levels = segs.map(([a, z]) => (p.E[z] - p.E[a]) / Math.max(p.T[z] - p.T[a], 1e-12));
  const first = monotoneTail(levels);
  const run = segs.slice(first);
  const pts = pointsOf(p, run, levels.slice(first), regime.kappa);
  const N = pts.x.length;
  if (N < 6) {
    return null;
  }
  let chiSteps = 0;
  for (let i = 0; i < N; i++) {
    chiSteps += pts.w[i] * (pts.y[i] - pts.step[i]) ** 2;
  }
  const sums = sumsOf(pts);
  let best: (NonNullable<ReturnType<typeof hingeFit>> & { c: number }) | null = null;
  let k = 0;
  for (let c = run[0][0]; c <= n - Math.max(3, minLength); c++) {
    while (k < N && pts.x[k] <= c) {
      k++;
    }
    const f = hingeFit(sums, k, c);
    if (f && (best === null || f.chi2 < best.chi2)) {
      best = { ...f, c };
    }
  }
  const lnN = Math.log(N);
  const stepParams = 2 * run.length - 1;
  if (best === null || best.chi2 + 4 * lnN >= chiSteps + stepParams * lnN) {
    return null;
  }
  const { alpha, beta, inv, c } = best;
  const scale = Math.max(1, best.chi2 / (N - 3));
  return {
    from: c,
    level: alpha,
    slope: beta,
    variance: (x) => {
      const u = Math.max(0, x - c);
      return scale * (inv.aa + 2 * u * inv.ab + u * u * inv.bb);
    },
  };
}
