// Rolls the SLO window forward over forecast buckets: on a rolling window the oldest history leaves as forecast
// traffic enters; on a calendar window nothing leaves until the period ends (the caller stops at the period end).
import { windowStartAt } from './calendar.ts';
import { firstStepAfter, nowOf, sums, type Grid } from './grid.ts';
import type { SloSpec } from './types.ts';

/** Forecast counts per bucket: bucket j covers (now + j·F, now + (j+1)·F]. */
export interface FuturePath {
  total: Float64Array;
  errors: Float64Array;
  /** Optional uncertainty of the errors: the part shared by all buckets (the error level's standard error × the
   * bucket's traffic) and the part independent per bucket (its variance: Poisson and burstiness). */
  sharedSd?: Float64Array;
  ownVariance?: Float64Array;
}

export interface SimResult {
  /** Budget remaining at each evaluation time (null when the window holds no traffic). */
  budget: Array<number | null>;
  /** Standard deviation of `budget` from the path's error uncertainty (0 without it). */
  budgetSd: number[];
  /** Lowest constant burn rate (from now on, with this path's traffic) that brings the budget to 0 at some time. */
  safeBurnRate: number | null;
}

function prefix(a: Float64Array): Float64Array {
  const c = new Float64Array(a.length + 1);
  for (let i = 0; i < a.length; i++) {
    c[i + 1] = c[i] + a[i];
  }
  return c;
}

/** Prefix sum at a fractional bucket position x (buckets are taken as uniform inside). */
function at(cum: Float64Array, x: number): number {
  if (x <= 0) {
    return 0;
  }
  const h = cum.length - 1;
  if (x >= h) {
    return cum[h];
  }
  const k = Math.floor(x);
  return cum[k] + (x - k) * (cum[k + 1] - cum[k]);
}

/** Budget remaining at each of `times` (all after now, on or before the period end for calendar windows). */
export function simulateWindow(
  g: Grid,
  spec: SloSpec,
  F: number,
  times: readonly number[],
  path: FuturePath
): SimResult {
  const B = 1 - spec.objective;
  const now = nowOf(g);
  const cumT = prefix(path.total);
  const cumE = prefix(path.errors);
  const zero = new Float64Array(path.total.length);
  const cumShared = prefix(path.sharedSd ?? zero);
  const cumOwn = prefix(path.ownVariance ?? zero);
  const budget: Array<number | null> = [];
  const budgetSd: number[] = [];
  let safe = Infinity;
  for (const t of times) {
    const ws = spec.window.kind === 'rolling' ? t - spec.window.seconds : windowStartAt(now, spec.window);
    const hist = ws >= now ? { total: 0, errors: 0 } : sums(g, firstStepAfter(g, ws), g.n);
    const lo = Math.max(0, (ws - now) / F);
    const x = (t - now) / F;
    const Nf = at(cumT, x) - at(cumT, lo);
    const Ef = at(cumE, x) - at(cumE, lo);
    const N = hist.total + Nf;
    budget.push(N > 0 ? 1 - (hist.errors + Ef) / N / B : null);
    const shared = at(cumShared, x) - at(cumShared, lo);
    const own = at(cumOwn, x) - at(cumOwn, lo);
    budgetSd.push(N > 0 ? Math.sqrt(shared * shared + own) / N / B : 0);
    // constant burn r from now on: hist.errors + r·B·Nf = B·(hist.total + Nf) exhausts exactly at t
    if (Nf > 0) {
      safe = Math.min(safe, (B * (hist.total + Nf) - hist.errors) / (B * Nf));
    }
  }
  return { budget, budgetSd, safeBurnRate: Number.isFinite(safe) ? Math.max(0, safe) : null };
}

/** First time the budget reaches 0, interpolating linearly between evaluation times; null if it stays above. */
export function firstExhaustion(
  start: number,
  startBudget: number | null,
  times: readonly number[],
  budget: ReadonlyArray<number | null>
): number | null {
  let pt = start;
  let pb = startBudget;
  for (let j = 0; j < times.length; j++) {
    const b = budget[j];
    if (b === null) {
      continue;
    }
    if (b <= 0) {
      if (pb === null || pb <= 0) {
        return times[j];
      }
      return pt + ((times[j] - pt) * pb) / (pb - b);
    }
    pt = times[j];
    pb = b;
  }
  return null;
}
