// Gap handling for input series.
//
// Rule (documented contract of `forecast`):
// - non-finite values (NaN, ±Infinity, null coerced to NaN) are missing;
// - leading missing values are dropped (nothing to anchor them to);
// - interior gaps are filled by linear interpolation between the neighbouring observed points;
// - trailing missing values are filled with the last observed value, so that forecast step 1 still means
//   "one step after the last input slot" and callers' time alignment is preserved.

/** Minimum number of points (after dropping leading gaps) that `forecast` accepts. */
export const MIN_POINTS = 5;

export function cleanSeries(values: readonly number[]): Float64Array {
  let start = 0;
  while (start < values.length && !Number.isFinite(values[start])) {start++;}
  const n = values.length - start;
  const observed = countFinite(values, start);
  if (observed === 0) {
    throw new Error(`forecast: series has no finite values (${values.length} points, all NaN/missing)`);
  }
  if (n < MIN_POINTS || observed < 2) {
    throw new Error(
      `forecast: series too short: ${n} points after dropping leading gaps (${observed} observed); need at least ${MIN_POINTS}`,
    );
  }
  const y = new Float64Array(n);
  let prev = -1; // index in y of the last observed point
  for (let i = 0; i < n; i++) {
    const v = values[start + i];
    if (!Number.isFinite(v)) {continue;}
    y[i] = v;
    // fill the gap (prev, i) linearly
    for (let j = prev + 1; j < i; j++) {y[j] = y[prev] + ((y[i] - y[prev]) * (j - prev)) / (i - prev);}
    prev = i;
  }
  for (let j = prev + 1; j < n; j++) {y[j] = y[prev];}
  return y;
}

function countFinite(values: readonly number[], start: number): number {
  let c = 0;
  for (let i = start; i < values.length; i++) {if (Number.isFinite(values[i])) {c++;}}
  return c;
}

/** Mean absolute one-step naive error: the MASE denominator. Never 0 (a flat series would divide by 0). */
export function naiveScale(y: Float64Array): number {
  let s = 0;
  for (let i = 1; i < y.length; i++) {s += Math.abs(y[i] - y[i - 1]);}
  const scale = s / (y.length - 1);
  return scale > 0 ? scale : 1e-12;
}
