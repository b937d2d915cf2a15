// What the simulator exports: metric families of series, each a pure function of time over its lifetime.
import type { Labels } from '../metric-source.ts';

export interface SimSeries {
  /** Includes __name__ (the sample name, e.g. http_request_duration_seconds_bucket). */
  labels: Labels;
  /** The series exists (is scraped) in [startMs, endMs]. */
  startMs: number;
  endMs: number;
  value: (tMs: number) => number;
}

export interface MetricFamily {
  /** Family name: for histograms the base name (samples are _bucket/_sum/_count). */
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  series: SimSeries[];
}

export function family(name: string, type: MetricFamily['type'], help: string, series: SimSeries[]): MetricFamily {
  return { name, type, help, series };
}

export function sample(
  name: string, labels: Labels, startMs: number, endMs: number, value: (tMs: number) => number,
): SimSeries {
  return { labels: { __name__: name, ...labels }, startMs, endMs, value };
}

export const constant = (v: number) => () => v;
