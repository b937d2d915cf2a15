// histogram_quantile over classic (le-bucketed) histograms, as Prometheus computes it.
import { labelsKey, withoutName, type StepSeries } from './values.ts';
import type { Labels } from '../metric-source.ts';

export function histogramQuantile(q: Float64Array, series: StepSeries[], n: number): StepSeries[] {
  const groups = new Map<string, { labels: Labels; buckets: Array<{ le: number; values: Float64Array }> }>();
  for (const s of series) {
    const leText = s.labels.le;
    if (leText === undefined) {continue;} // Prometheus ignores series without le
    const le = leText === '+Inf' ? Infinity : Number(leText);
    if (Number.isNaN(le)) {continue;}
    const { le: _, ...rest } = withoutName(s.labels);
    const key = labelsKey(rest);
    let g = groups.get(key);
    if (!g) {groups.set(key, (g = { labels: rest, buckets: [] }));}
    g.buckets.push({ le, values: s.values });
  }
  const out: StepSeries[] = [];
  for (const g of groups.values()) {
    g.buckets.sort((a, b) => a.le - b.le);
    const values = new Float64Array(n).fill(NaN);
    const les: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < n; i++) {
      les.length = 0;
      counts.length = 0;
      for (const b of g.buckets) {
        if (Number.isNaN(b.values[i])) {continue;}
        les.push(b.le);
        counts.push(b.values[i]);
      }
      if (les.length > 0) {values[i] = bucketQuantile(q[i], les, counts);}
    }
    out.push({ labels: g.labels, values });
  }
  return out;
}

/** Linear interpolation within the bucket holding the rank; the +Inf bucket must be present. */
export function bucketQuantile(q: number, les: number[], counts: number[]): number {
  if (Number.isNaN(q)) {return NaN;}
  if (q < 0) {return -Infinity;}
  if (q > 1) {return Infinity;}
  if (les.length < 2 || les[les.length - 1] !== Infinity) {return NaN;}
  // Rates of adjacent buckets can be slightly non-monotonic from floating point: fix like Prometheus does.
  for (let i = 1; i < counts.length; i++) {if (counts[i] < counts[i - 1]) {counts[i] = counts[i - 1];}}
  const total = counts[counts.length - 1];
  if (total === 0 || Number.isNaN(total)) {return NaN;}
  const rank = q * total;
  let b = counts.findIndex((c) => c >= rank);
  if (b === les.length - 1) {return les[les.length - 2];}
  if (b === 0 && les[0] <= 0) {return les[0];}
  let bucketStart = 0;
  let countBefore = 0;
  if (b > 0) {
    bucketStart = les[b - 1];
    countBefore = counts[b - 1];
  } else {b = 0;}
  const inBucket = counts[b] - countBefore;
  return bucketStart + (les[b] - bucketStart) * ((rank - countBefore) / inBucket);
}
