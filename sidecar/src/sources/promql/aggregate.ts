// Aggregation operators (sum, avg, min, max, count, group, stddev, stdvar, quantile) with by/without grouping.
import { QueryError, type Labels } from '../metric-source.ts';
import { labelsKey, type StepSeries } from './values.ts';

export function groupLabels(labels: Labels, by: string[], without: boolean): Labels {
  const out: Labels = {};
  if (without) {
    for (const [k, v] of Object.entries(labels)) {if (k !== '__name__' && !by.includes(k)) {out[k] = v;}}
  } else {
    for (const k of by) {if (labels[k] !== undefined && labels[k] !== '') {out[k] = labels[k];}}
  }
  return out;
}

export function aggregate(
  op: string, series: StepSeries[], by: string[], without: boolean, n: number, param: Float64Array | null,
): StepSeries[] {
  const groups = new Map<string, { labels: Labels; members: Float64Array[] }>();
  for (const s of series) {
    const labels = groupLabels(s.labels, by, without);
    const key = labelsKey(labels);
    let g = groups.get(key);
    if (!g) {groups.set(key, (g = { labels, members: [] }));}
    g.members.push(s.values);
  }
  const reduce = REDUCERS[op];
  if (!reduce) {throw new QueryError(`unsupported PromQL aggregation "${op}"`);}
  const out: StepSeries[] = [];
  const present: number[] = [];
  for (const g of groups.values()) {
    const values = new Float64Array(n).fill(NaN);
    for (let i = 0; i < n; i++) {
      present.length = 0;
      for (const m of g.members) {if (!Number.isNaN(m[i])) {present.push(m[i]);}}
      if (present.length > 0) {values[i] = reduce(present, param ? param[i] : NaN);}
    }
    out.push({ labels: g.labels, values });
  }
  return out;
}

const sum = (xs: number[]) => { let s = 0; for (const x of xs) {s += x;} return s; };
const variance = (xs: number[]) => {
  const mean = sum(xs) / xs.length;
  let s = 0;
  for (const x of xs) {s += (x - mean) ** 2;}
  return s / xs.length;
};

export function quantile(q: number, xs: number[]): number {
  if (Number.isNaN(q)) {return NaN;}
  if (q < 0) {return -Infinity;}
  if (q > 1) {return Infinity;}
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

const REDUCERS: Record<string, (xs: number[], param: number) => number> = {
  sum,
  avg: (xs) => sum(xs) / xs.length,
  min: (xs) => Math.min(...xs),
  max: (xs) => Math.max(...xs),
  count: (xs) => xs.length,
  group: () => 1,
  stddev: (xs) => Math.sqrt(variance(xs)),
  stdvar: variance,
  quantile: (xs, q) => quantile(q, xs),
};

export const PARAMETERISED_AGGREGATIONS = new Set(['quantile', 'topk', 'bottomk', 'count_values', 'limitk', 'limit_ratio']);
