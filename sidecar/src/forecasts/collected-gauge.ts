// A gauge whose samples are read from a cache at scrape time. prom-client's Gauge needs every label name up front;
// forecast series carry the labels of whatever query made them, so this registers a custom metric object instead
// (prom-client's Registry accepts any object with name/help/type/get()).
import type { Registry } from 'prom-client';

export interface GaugeSample {
  labels: Record<string, string>;
  value: number;
}

export function registerCollectedGauge(
  registry: Registry,
  name: string,
  help: string,
  collect: () => GaugeSample[]
): void {
  const metric = {
    name,
    help,
    type: 'gauge',
    aggregator: 'omit',
    get: async () => ({ name, help, type: 'gauge', aggregator: 'omit', values: collect() }),
    reset: () => undefined,
  };
  registry.registerMetric(metric as unknown as Parameters<Registry['registerMetric']>[0]);
}
