// How the sidecar turns an SLO definition into per-step event counts (the SliSeries the SLO math works on).
//
// The definitions carry Sloth's `{{.window}}` placeholder as the rate range. The sidecar renders it with the
// query step and multiplies by the step in seconds, so every step's value is the number of events in the step
// that ends there — `rate(x[5m]) * 300` is Prometheus' `increase(x[5m])`:
//
//   ratio, errorQuery  total:  (<totalQuery with [5m]>) * 300     errors: (<errorQuery with [5m]>) * 300
//   ratio, goodQuery   total:  as above                           good:   (<goodQuery with [5m]>) * 300
//                      errors = total − good
//   latency            total:  sum(rate(<metric>_count{<selector>}[5m])) * 300
//                      good:   sum(rate(<metric>_bucket{<selector>,le="<threshold>"}[5m])) * 300
//                      errors = total − good
//   raw                ratio:  <errorRatioQuery with [5m]>; every step weighs the same (total = 1, errors = ratio):
//                      the query has no request counts, so the budget is spent per unit of time, not per request
//
// A query that returns several series is summed per step. A step without a total is missing (no data); a step
// with a total but no error series counts no errors (error counters often appear only with the first error).
// Queries written with increase() instead of rate() come out `step` times too large: errors and total alike,
// so ratios, burn rates, budgets and forecasts are the same; only the reported counts are scaled.
import { formatMatchers, parseSelector, renderWindow } from '../slo/promql.ts';
import { promDuration } from '../slo/windows.ts';
import type { SloSpec } from '../slo/spec.ts';
import type { MetricSource, Series } from '../sources/metric-source.ts';

export type SliQueries =
  | { kind: 'errors'; total: string; errors: string }
  | { kind: 'good'; total: string; good: string }
  | { kind: 'ratio'; ratio: string };

export function sliQueries(slo: SloSpec, stepMs: number): SliQueries {
  const range = promDuration(stepMs);
  const seconds = stepMs / 1000;
  const counts = (query: string) => `(${renderWindow(query, range).trim()}) * ${seconds}`;
  const ind = slo.indicator;
  switch (ind.kind) {
    case 'ratio':
      return ind.errorQuery !== undefined
        ? { kind: 'errors', total: counts(ind.totalQuery), errors: counts(ind.errorQuery) }
        : { kind: 'good', total: counts(ind.totalQuery), good: counts(ind.goodQuery) };
    case 'latency': {
      const base = ind.histogramMetric.replace(/_bucket$/, '');
      const matchers = formatMatchers(parseSelector(`${ind.histogramMetric}{${ind.selector}}`)?.matchers ?? []);
      const le = Number.isInteger(ind.threshold)
        ? `le=~${JSON.stringify(`${ind.threshold}(\\.0)?`)}`
        : `le=${JSON.stringify(String(ind.threshold))}`;
      const bucket = `${ind.histogramMetric}{${matchers ? `${matchers},` : ''}${le}}`;
      const count = `${base}_count${matchers ? `{${matchers}}` : ''}`;
      return {
        kind: 'good',
        total: `sum(rate(${count}[${range}])) * ${seconds}`,
        good: `sum(rate(${bucket}[${range}])) * ${seconds}`,
      };
    }
    case 'raw':
      return { kind: 'ratio', ratio: renderWindow(ind.errorRatioQuery, range).trim() };
  }
}

/** Per-step counts on the query grid: timestamps in Unix seconds; NaN total = missing step. */
export interface SliCounts {
  timestamps: number[];
  total: number[];
  errors: number[];
}

export async function querySliCounts(
  source: MetricSource,
  slo: SloSpec,
  range: { startMs: number; endMs: number; stepMs: number },
  signal?: AbortSignal
): Promise<SliCounts> {
  const queries = sliQueries(slo, range.stepMs);
  const n = Math.floor((range.endMs - range.startMs) / range.stepMs) + 1;
  const timestamps = Array.from({ length: n }, (_, i) => (range.startMs + i * range.stepMs) / 1000);
  const fetch = async (query: string) => summed(await source.queryRange({ query, ...range }, signal), range, n);
  if (queries.kind === 'ratio') {
    const ratio = await fetch(queries.ratio);
    return {
      timestamps,
      total: ratio.map((r) => (Number.isFinite(r) ? 1 : NaN)),
      errors: ratio.map((r) => (Number.isFinite(r) ? Math.min(1, Math.max(0, r)) : NaN)),
    };
  }
  const [total, other] = await Promise.all([
    fetch(queries.total),
    fetch(queries.kind === 'errors' ? queries.errors : queries.good),
  ]);
  const errors = total.map((t, i) => {
    if (!Number.isFinite(t)) {
      return NaN;
    }
    const v = other[i];
    if (queries.kind === 'errors') {
      return Number.isFinite(v) ? Math.max(0, v) : 0;
    }
    return Number.isFinite(v) ? Math.max(0, t - v) : NaN;
  });
  return { timestamps, total: total.map((t) => (Number.isFinite(t) ? Math.max(0, t) : NaN)), errors };
}

/** The result series summed per step on the query grid (NaN where no series has a sample). */
function summed(series: Series[], range: { startMs: number; stepMs: number }, n: number): number[] {
  const out = new Array<number>(n).fill(NaN);
  for (const s of series) {
    s.timestamps.forEach((t, k) => {
      const i = Math.round((t - range.startMs) / range.stepMs);
      const v = s.values[k];
      if (i >= 0 && i < n && Number.isFinite(v)) {
        out[i] = Number.isFinite(out[i]) ? out[i] + v : v;
      }
    });
  }
  return out;
}
