// Test double for MetricSource: answers each PromQL query with series made by a function of the step grid.
import type { Labels, MetricSource, RangeQuery, Series, SourceHealth } from '../../src/sources/metric-source.ts';

export type SeriesMaker = (timestamps: number[]) => Array<{ labels: Labels; values: number[] }>;

export function fakeMetricSource(byQuery: Record<string, SeriesMaker | Error>) {
  const calls: RangeQuery[] = [];
  const source: MetricSource & { calls: RangeQuery[] } = {
    calls,
    async queryRange(query: RangeQuery): Promise<Series[]> {
      calls.push(query);
      const answer = byQuery[query.query];
      if (answer === undefined) {
        throw new Error(`fakeMetricSource has no answer for ${query.query}`);
      }
      if (answer instanceof Error) {
        throw answer;
      }
      const timestamps: number[] = [];
      for (let t = query.startMs; t <= query.endMs; t += query.stepMs) {
        timestamps.push(t);
      }
      return answer(timestamps).map((one) => ({ labels: one.labels, timestamps, values: one.values }));
    },
    health(): SourceHealth {
      return { kind: 'simulator', state: 'ok', url: null, lastSuccessAt: null, lastError: null };
    },
  };
  return source;
}
