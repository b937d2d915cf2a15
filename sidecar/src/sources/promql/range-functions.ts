// Functions over range vectors (rate, increase, *_over_time, deriv, predict_linear…), following Prometheus'
// implementations, including rate's extrapolation to the window edges and counter-reset handling.
import { QueryError } from '../metric-source.ts';
import { stepTime, withoutName, type EvalContext, type RawSeries, type StepSeries } from './values.ts';

/** f(times, values, from, to, windowStart, windowEnd, evalTime, param) over the samples [from, to) in the window. */
type WindowFn = (t: Float64Array, v: Float64Array, from: number, to: number, rangeStart: number, rangeEnd: number, param: number) => number;

function extrapolated(isCounter: boolean, isRate: boolean): WindowFn {
  return (t, v, from, to, rangeStart, rangeEnd) => {
    const count = to - from;
    if (count < 2) {return NaN;}
    const first = v[from];
    const last = v[to - 1];
    let result = last - first;
    if (isCounter) {
      for (let i = from + 1; i < to; i++) {if (v[i] < v[i - 1]) {result += v[i - 1];}} // counter reset
    }
    const sampled = (t[to - 1] - t[from]) / 1000;
    let toStart = (t[from] - rangeStart) / 1000;
    const toEnd = (rangeEnd - t[to - 1]) / 1000;
    const avgGap = sampled / (count - 1);
    if (isCounter && result > 0 && first >= 0) {
      const toZero = sampled * (first / result); // a counter cannot extrapolate below zero
      if (toZero < toStart) {toStart = toZero;}
    }
    const threshold = avgGap * 1.1;
    let interval = sampled;
    interval += toStart < threshold ? toStart : avgGap / 2;
    interval += toEnd < threshold ? toEnd : avgGap / 2;
    result *= interval / sampled;
    if (isRate) {result /= (rangeEnd - rangeStart) / 1000;}
    return result;
  };
}

function instantRate(isRate: boolean): WindowFn {
  return (t, v, from, to) => {
    if (to - from < 2) {return NaN;}
    const last = v[to - 1];
    const prev = v[to - 2];
    let d = last - prev;
    if (isRate && last < prev) {d = last;} // counter reset
    if (!isRate) {return d;}
    return d / ((t[to - 1] - t[to - 2]) / 1000);
  };
}

/** Least-squares slope (per second) and intercept at time `at` (ms). */
function linearFit(t: Float64Array, v: Float64Array, from: number, to: number, at: number): [number, number] {
  let n = 0, sx = 0, sy = 0, sxy = 0, sxx = 0;
  for (let i = from; i < to; i++) {
    const x = (t[i] - at) / 1000;
    n++; sx += x; sy += v[i]; sxy += x * v[i]; sxx += x * x;
  }
  const cov = sxy - (sx * sy) / n;
  const varx = sxx - (sx * sx) / n;
  const slope = cov / varx;
  return [slope, sy / n - (slope * sx) / n];
}

const over = (f: (v: Float64Array, from: number, to: number) => number): WindowFn =>
  (_t, v, from, to) => (to > from ? f(v, from, to) : NaN);

export const RANGE_FUNCTIONS: Record<string, WindowFn> = {
  rate: extrapolated(true, true),
  increase: extrapolated(true, false),
  delta: extrapolated(false, false),
  irate: instantRate(true),
  idelta: instantRate(false),
  avg_over_time: over((v, a, b) => { let s = 0; for (let i = a; i < b; i++) {s += v[i];} return s / (b - a); }),
  sum_over_time: over((v, a, b) => { let s = 0; for (let i = a; i < b; i++) {s += v[i];} return s; }),
  min_over_time: over((v, a, b) => { let m = Infinity; for (let i = a; i < b; i++) {m = Math.min(m, v[i]);} return m; }),
  max_over_time: over((v, a, b) => { let m = -Infinity; for (let i = a; i < b; i++) {m = Math.max(m, v[i]);} return m; }),
  count_over_time: over((_v, a, b) => b - a),
  last_over_time: over((v, _a, b) => v[b - 1]),
  present_over_time: over(() => 1),
  changes: over((v, a, b) => { let c = 0; for (let i = a + 1; i < b; i++) {if (v[i] !== v[i - 1]) {c++;}} return c; }),
  resets: over((v, a, b) => { let c = 0; for (let i = a + 1; i < b; i++) {if (v[i] < v[i - 1]) {c++;}} return c; }),
  deriv: (t, v, from, to, _rs, rangeEnd) => (to - from < 2 ? NaN : linearFit(t, v, from, to, rangeEnd)[0]),
  predict_linear: (t, v, from, to, _rs, rangeEnd, seconds) => {
    if (to - from < 2) {return NaN;}
    const [slope, intercept] = linearFit(t, v, from, to, rangeEnd);
    return intercept + slope * seconds;
  },
};

/**
 * Applies a range function at every step: windows (t - range, t] slide forward, so two pointers walk each series once.
 * `param` gives the per-step scalar argument (predict_linear's seconds).
 */
export function applyRangeFunction(
  ctx: EvalContext, fn: string, series: RawSeries[], rangeMs: number, offsetMs: number, param: Float64Array | null,
): StepSeries[] {
  const f = RANGE_FUNCTIONS[fn];
  if (!f) {throw new QueryError(`unsupported PromQL function "${fn}"`);}
  const out: StepSeries[] = [];
  for (const s of series) {
    const values = new Float64Array(ctx.n).fill(NaN);
    let lo = 0;
    let hi = 0;
    let any = false;
    for (let i = 0; i < ctx.n; i++) {
      const end = stepTime(ctx, i) - offsetMs;
      const start = end - rangeMs;
      while (hi < s.t.length && s.t[hi] <= end) {hi++;}
      while (lo < hi && s.t[lo] <= start) {lo++;}
      if (hi - lo === 0) {continue;}
      const r = f(s.t, s.v, lo, hi, start, end, param ? param[i] : 0);
      values[i] = r;
      if (!Number.isNaN(r)) {any = true;}
    }
    if (any) {out.push({ labels: withoutName(s.labels), values });}
  }
  return out;
}
