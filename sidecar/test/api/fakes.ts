// Test doubles for the app's dependencies: a ForecastReader serving canned results, a settable source health,
// and a config with a known token.
import { Registry } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import type { CapacityForecast, ForecastDetail, JobStatus } from '../../src/api/contract.ts';
import type { ForecastReader } from '../../src/forecasts/forecast-reader.ts';
import type { DetectionReader } from '../../src/anomalies/detection-reader.ts';
import type { SourceHealth } from '../../src/sources/metric-source.ts';
import { buildApp, createLogger } from '../../src/api/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import type { Alerting } from '../../src/alerts/index.ts';

export const TOKEN = 'test-token-0123456789';
export const auth = { authorization: `Bearer ${TOKEN}` };

export function forecastDetail(job: string, id: string, overrides: Partial<ForecastDetail> = {}): ForecastDetail {
  return {
    id,
    job,
    title: job,
    unit: 'percentunit',
    labels: { instance: id },
    current: 0.5,
    model: 'ets',
    mase: 0.8,
    threshold: { value: 0.9, direction: 'above', source: 'static' },
    crossing: { at: 2_000, earliest: 1_500, latest: null },
    secondsToThreshold: 1,
    horizonSeconds: 21_600,
    level: 0.95,
    updatedAt: 1_000,
    stepSeconds: 300,
    actual: [
      { t: 0, v: 0.4 },
      { t: 300_000, v: null },
    ],
    forecast: [{ t: 600_000, yhat: 0.6, lower: 0.5, upper: 0.7 }],
    backtest: [{ model: 'ets', mase: 0.8 }],
    ...overrides,
  };
}

export function jobStatus(name: string): JobStatus {
  return {
    name,
    title: name,
    query: 'up',
    state: 'ok',
    lastRunAt: 1_000,
    lastDurationMs: 12,
    nextRunAt: 301_000,
    series: 2,
    failedSeries: 0,
    error: null,
  };
}

export interface FakeForecastReader extends ForecastReader {
  isReady: boolean;
}

export function fakeForecastReader(
  details: ForecastDetail[] = [],
  capacity: CapacityForecast[] = []
): FakeForecastReader {
  return {
    isReady: true,
    list: () => ({
      generatedAt: 5_000,
      forecasts: details.map(({ stepSeconds, actual, forecast, backtest, ...summary }) => summary),
    }),
    get: (id) => details.find((d) => d.id === id),
    jobs: () => [...new Set(details.map((d) => d.job))].map(jobStatus),
    capacity: () => capacity,
    ready() {
      return this.isReady;
    },
  };
}

export function fakeSourceHealth(state: SourceHealth['state'] = 'ok'): {
  health: SourceHealth;
  get: () => SourceHealth;
} {
  const health: SourceHealth = {
    kind: 'prometheus',
    state,
    url: 'http://prometheus:9090',
    lastSuccessAt: 1_000,
    lastError: null,
  };
  return { health, get: () => health };
}

export function testApp(
  options: {
    forecasts?: ForecastReader;
    detection?: DetectionReader;
    sourceHealth?: () => SourceHealth;
    logLines?: string[];
    extraRoutes?: (app: FastifyInstance) => void;
    registry?: Registry;
    /** More environment for loadConfig, e.g. PROPHET_GRAFANA_URL or PROPHET_ALERTMANAGER_TOKEN. */
    env?: Record<string, string>;
    /** Stored alerts and the webhook receiver (createAlerting over a store). */
    alerts?: Alerting;
  } = {}
): FastifyInstance {
  const config = loadConfig({ env: { PROPHET_TOKEN: TOKEN, ...options.env } });
  const logLines = options.logLines;
  const logger = createLogger(
    logLines ? 'trace' : 'silent',
    logLines ? { write: (line: string) => void logLines.push(line) } : undefined
  );
  return buildApp({
    config,
    logger,
    forecasts:
      options.forecasts ??
      fakeForecastReader([forecastDetail('node-cpu', 'node-cpu-a1'), forecastDetail('node-disk', 'node-disk-b2')]),
    detection: options.detection,
    sourceHealth: options.sourceHealth ?? fakeSourceHealth().get,
    mode: 'live',
    version: '1.2.3',
    registry: options.registry ?? new Registry(),
    extraRoutes: options.extraRoutes,
    alerts: options.alerts,
    startedAt: 42,
  });
}
