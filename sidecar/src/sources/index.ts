// Entry point for the rest of the sidecar: pick the metric source from configuration.
import type { MetricSource } from './metric-source.ts';
import { PrometheusSource, type PrometheusSourceOptions } from './prometheus.ts';
import { SimulatorSource } from './simulator-source.ts';
import { createSimulatedCluster, type SimulatedCluster, type SimulatorConfig } from './simulator/cluster.ts';

export interface MetricSourceConfig {
  /** A real Prometheus; when absent (or its url is empty) the simulated cluster is used. */
  prometheus?: { url: string; timeoutMs: number; retries: number; headers?: Record<string, string> } | null;
  simulator: SimulatorConfig;
}

export interface MetricSourceBundle {
  source: MetricSource;
  /** The simulated cluster behind a SimulatorSource (for its exposition endpoint); null with a real Prometheus. */
  cluster: SimulatedCluster | null;
}

export function createMetricSource(config: MetricSourceConfig, options: Pick<PrometheusSourceOptions, 'fetch'> = {}): MetricSourceBundle {
  const prom = config.prometheus;
  if (prom && prom.url) {
    return { source: new PrometheusSource({ ...prom, fetch: options.fetch }), cluster: null };
  }
  const cluster = createSimulatedCluster(config.simulator);
  return { source: new SimulatorSource(cluster), cluster };
}

export { PrometheusSource, type PrometheusSourceOptions } from './prometheus.ts';
export { SimulatorSource } from './simulator-source.ts';
export { createSimulatedCluster, type SimulatedCluster, type SimulatorConfig } from './simulator/cluster.ts';
export { scriptedIncidents, type ScriptedIncident, type IncidentKind } from './simulator/incidents.ts';
export { renderExposition, renderOpenMetricsHistory } from './simulator/exposition.ts';
export { QueryError, SourceUnavailableError } from './metric-source.ts';
export type { MetricSource, RangeQuery, Series, SourceHealth, Labels } from './metric-source.ts';
