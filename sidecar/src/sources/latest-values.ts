// Helpers shared by the forecast and anomaly runners: reference values (thresholds, limits) matched to series by
// labels, and the test for a series that stopped reporting.
import { lastFinite } from '../forecasts/last-finite.ts';
import { labelsKey, type Labels, type MetricSource, type Series } from './metric-source.ts';

/** The latest value of each series a query returns, by label set, plus the value when it returned just one. */
export interface LatestValues {
  byLabels: Map<string, number>;
  single: number | null;
}

export async function queryLatestValues(
  query: string,
  source: MetricSource,
  endMs: number,
  stepMs: number,
  signal?: AbortSignal
): Promise<LatestValues> {
  // A few steps back, so a value scraped slightly late is still found.
  const series = await source.queryRange({ query, startMs: endMs - 5 * stepMs, endMs, stepMs }, signal);
  const byLabels = new Map<string, number>();
  for (const one of series) {
    const last = lastFinite(one.values);
    if (last !== null) {
      byLabels.set(labelsKey(one.labels), last);
    }
  }
  return { byLabels, single: series.length === 1 ? lastFinite(series[0].values) : null };
}

/** Same labels first; a query with a single series (a cluster-wide limit) applies to every series. */
export function latestValueFor(labels: Labels, values: LatestValues | null): number | null {
  return values ? (values.byLabels.get(labelsKey(labels)) ?? values.single) : null;
}

/**
 * A series is stale when its last two steps have no sample. Prometheus already carries a sample forward for five
 * minutes, so such a series has stopped being scraped (a deleted pod): a result for it would be noise in the list.
 * A series with no sample at all is not stale but broken, and is reported as a failure.
 */
export function isStale(series: Pick<Series, 'values'>): boolean {
  const { values } = series;
  const n = values.length;
  return n >= 3 && !Number.isFinite(values[n - 1]) && !Number.isFinite(values[n - 2]) && values.some(Number.isFinite);
}
