// Prediction intervals from the backtest errors of the chosen model (split-conformal style): the signed errors at
// each horizon step, pooled over neighbouring steps, give empirical quantiles. No distributional assumption, and
// skewed error distributions (spiky CPU, request counts) get asymmetric bands.

import type { BacktestPlan } from './backtest.ts';

export interface Offsets {
  lower: Float64Array;
  upper: Float64Array;
}

/** Bucket j ∈ [start, end): steps pooled together, widening geometrically (errors change slowly with the step). */
function buckets(hb: number): number[] {
  const edges = [0];
  while (edges[edges.length - 1] < hb) {
    const last = edges[edges.length - 1];
    edges.push(Math.min(hb, Math.max(last + 1, Math.round(last * 1.25))));
  }
  return edges;
}

/**
 * Offsets to add to the point forecast for the lower and upper bound at every step 1..horizon.
 * Beyond the backtested horizon hb, the last offsets grow like √step (random-walk error growth).
 */
export function empiricalOffsets(
  y: Float64Array,
  plan: BacktestPlan,
  horizon: number,
  paths: Float64Array,
  level: number,
): Offsets {
  const { origins, hb } = plan;
  const k = origins.length - 1;
  const lower = new Float64Array(horizon);
  const upper = new Float64Array(horizon);
  const edges = buckets(hb);
  const centers: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  const pool = new Float64Array(k * hb);
  const tail = (1 - level) / 2;
  for (let b = 0; b + 1 < edges.length; b++) {
    const from = edges[b];
    const to = edges[b + 1];
    let m = 0;
    for (let o = 0; o < k; o++) {
      const t = origins[o];
      const row = o * horizon;
      for (let j = from; j < to; j++) {pool[m++] = y[t + 1 + j] - paths[row + j];}
    }
    // conformal ranks: the ⌈(m+1)(1−tail)⌉-th smallest for the upper bound, mirrored for the lower
    const iHi = Math.min(m - 1, Math.ceil((m + 1) * (1 - tail)) - 1);
    const iLo = Math.max(0, Math.floor((m + 1) * tail) - 1);
    centers.push((from + to - 1) / 2);
    lo.push(select(pool, m, iLo));
    hi.push(select(pool, m, iHi));
  }
  // Uncertainty should not shrink with distance, but one bucket hit by an outage must not widen every later step
  // either: isotonic regression (weighted by bucket size) instead of a running maximum.
  const weights = centers.map((_, b) => edges[b + 1] - edges[b]);
  isotonic(hi, weights);
  const negLo = lo.map((v) => -v);
  isotonic(negLo, weights);
  for (let b = 0; b < lo.length; b++) {lo[b] = -negLo[b];}
  let c = 0;
  for (let j = 0; j < hb; j++) {
    while (c + 1 < centers.length && centers[c + 1] <= j) {c++;}
    let l = lo[c];
    let u = hi[c];
    if (c + 1 < centers.length && j > centers[c]) {
      const w = (j - centers[c]) / (centers[c + 1] - centers[c]);
      l += w * (lo[c + 1] - l);
      u += w * (hi[c + 1] - u);
    }
    lower[j] = Math.min(l, 0);
    upper[j] = Math.max(u, 0);
  }
  for (let j = hb; j < horizon; j++) {
    const g = Math.sqrt((j + 1) / hb);
    lower[j] = lower[hb - 1] * g;
    upper[j] = upper[hb - 1] * g;
  }
  return { lower, upper };
}

/** Pool-adjacent-violators: replaces v by its weighted least-squares non-decreasing fit, in place. */
function isotonic(v: number[], w: number[]): void {
  const val: number[] = [];
  const wt: number[] = [];
  const len: number[] = [];
  for (let i = 0; i < v.length; i++) {
    val.push(v[i]);
    wt.push(w[i]);
    len.push(1);
    while (val.length > 1 && val[val.length - 2] > val[val.length - 1]) {
      const w2 = wt.pop()!;
      const v2 = val.pop()!;
      const l2 = len.pop()!;
      const k = val.length - 1;
      val[k] = (val[k] * wt[k] + v2 * w2) / (wt[k] + w2);
      wt[k] += w2;
      len[k] += l2;
    }
  }
  let i = 0;
  for (let b = 0; b < val.length; b++) {for (let r = 0; r < len[b]; r++) {v[i++] = val[b];}}
}

/** k-th smallest of a[0..m) (0-based) by quickselect: O(m), reorders a in place. */
function select(a: Float64Array, m: number, k: number): number {
  let left = 0;
  let right = m - 1;
  while (right > left) {
    const pivot = a[(left + right) >> 1];
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) {i++;}
      while (a[j] > pivot) {j--;}
      if (i <= j) {
        const tmp = a[i];
        a[i] = a[j];
        a[j] = tmp;
        i++;
        j--;
      }
    }
    if (k <= j) {right = j;}
    else if (k >= i) {left = i;}
    else {return a[k];}
  }
  return a[k];
}
