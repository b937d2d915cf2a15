// The input on a regular grid with prefix sums, so any window's sums cost O(1).
import type { GridOptions, SliSeries } from './types.ts';

export interface Grid {
  /** Time of step 0 and the step, seconds; step i ends at t0 + i·step. */
  t0: number;
  step: number;
  n: number;
  /** Prefix sums over steps [0, i): cum*[i]. Missing steps add 0. errors are clamped to [0, total]. */
  cumTotal: Float64Array;
  cumErrors: Float64Array;
  cumPresent: Float64Array;
}

/** Time of the last step ("now"). */
export const nowOf = (g: Grid): number => g.t0 + (g.n - 1) * g.step;

/** Index of the first step whose interval ends after time t (steps i with t0 + i·step > t), clamped to [0, n]. */
export function firstStepAfter(g: Grid, t: number): number {
  const i = Math.floor((t - g.t0) / g.step + 1e-9) + 1;
  return Math.min(g.n, Math.max(0, i));
}

export interface Sums {
  total: number;
  errors: number;
  present: number;
}

/** Sums over steps [from, to). */
export function sums(g: Grid, from: number, to: number): Sums {
  const a = Math.max(0, Math.min(g.n, from));
  const b = Math.max(a, Math.min(g.n, to));
  return {
    total: g.cumTotal[b] - g.cumTotal[a],
    errors: g.cumErrors[b] - g.cumErrors[a],
    present: g.cumPresent[b] - g.cumPresent[a],
  };
}

function medianSpacing(ts: readonly number[]): number {
  const d: number[] = [];
  for (let i = 1; i < ts.length; i++) {
    if (ts[i] > ts[i - 1]) {
      d.push(ts[i] - ts[i - 1]);
    }
  }
  if (d.length === 0) {
    return NaN;
  }
  d.sort((a, b) => a - b);
  return d[d.length >> 1];
}

/** Validates the input and places it on a regular grid (timestamps off the grid are rounded to the nearest step). */
export function toGrid(series: SliSeries, options: GridOptions = {}): Grid {
  const { timestamps: ts, total, errors } = series;
  if (ts.length === 0) {
    throw new Error('slo: the series has no timestamps');
  }
  if (total.length !== ts.length || errors.length !== ts.length) {
    throw new Error(
      `slo: timestamps, total and errors must have the same length (${ts.length}, ${total.length}, ${errors.length})`
    );
  }
  for (let i = 1; i < ts.length; i++) {
    if (!(ts[i] > ts[i - 1])) {
      throw new Error(`slo: timestamps must be strictly increasing (index ${i})`);
    }
  }
  const step = options.stepSeconds ?? (ts.length > 1 ? medianSpacing(ts) : 60);
  if (!(Number.isFinite(step) && step > 0)) {
    throw new Error(`slo: step must be a positive number of seconds, got ${step}`);
  }
  const t0 = ts[0];
  const n = Math.round((ts[ts.length - 1] - t0) / step) + 1;
  const tot = new Float64Array(n);
  const err = new Float64Array(n);
  const present = new Uint8Array(n);
  for (let k = 0; k < ts.length; k++) {
    const i = Math.round((ts[k] - t0) / step);
    const T = total[k];
    const E = errors[k];
    if (!(Number.isFinite(T) && Number.isFinite(E)) || T < 0 || E < 0) {
      continue;
    }
    tot[i] = T;
    err[i] = Math.min(E, T);
    present[i] = 1;
  }
  const cumTotal = new Float64Array(n + 1);
  const cumErrors = new Float64Array(n + 1);
  const cumPresent = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    cumTotal[i + 1] = cumTotal[i] + tot[i];
    cumErrors[i + 1] = cumErrors[i] + err[i];
    cumPresent[i + 1] = cumPresent[i] + present[i];
  }
  return { t0, step, n, cumTotal, cumErrors, cumPresent };
}
