import type { ForecastDetail, ForecastList, ForecastSummary, JobStatus, SidecarStatus } from '../api/types';

const MIN = 60_000;

/** Contract-shaped forecast summaries; crossing times are relative to `now` so relative text is predictable. */
export function forecastSummary(now: number, over: Partial<ForecastSummary> & { id: string }): ForecastSummary {
  return {
    job: 'disk',
    title: 'Disk usage',
    unit: 'percent',
    labels: { instance: 'node-1', mountpoint: '/' },
    current: 71.5,
    model: 'prophet',
    mase: 0.82,
    threshold: { value: 90, direction: 'above', source: 'static' },
    crossing: { at: now + 130 * MIN, earliest: now + 110 * MIN, latest: now + 160 * MIN },
    secondsToThreshold: 130 * 60,
    horizonSeconds: 24 * 3600,
    level: 0.8,
    updatedAt: now - 5 * MIN,
    ...over,
  };
}

/** Deliberately NOT sorted by crossing, to prove the UI ranks soonest first. */
export function forecastList(now: number): ForecastList {
  return {
    generatedAt: now,
    forecasts: [
      forecastSummary(now, {
        id: 'mem-a',
        job: 'memory',
        title: 'Memory working set',
        labels: { pod: 'api-0' },
        crossing: null,
        secondsToThreshold: null,
      }),
      forecastSummary(now, {
        id: 'disk-b',
        crossing: { at: now + 8 * 60 * MIN, earliest: now + 6 * 60 * MIN, latest: null },
      }),
      forecastSummary(now, { id: 'disk-a' }),
    ],
  };
}

export function forecastDetail(now: number): ForecastDetail {
  const t0 = now - 2 * 60 * MIN;
  return {
    ...forecastSummary(now, { id: 'disk-a', model: 'holt-winters', mase: 0.7 }),
    stepSeconds: 3600,
    actual: [
      { t: t0, v: 70 },
      { t: t0 + 60 * MIN, v: 71 },
      { t: t0 + 120 * MIN, v: 71.5 },
    ],
    forecast: [
      { t: t0 + 120 * MIN, yhat: 71.6, lower: 70.5, upper: 72.5 },
      { t: t0 + 180 * MIN, yhat: 80, lower: 75, upper: 85 },
    ],
    backtest: [
      { model: 'prophet', mase: 0.9 },
      { model: 'holt-winters', mase: 0.7 },
      { model: 'naive', mase: 1 },
    ],
  };
}

export function jobs(now: number): JobStatus[] {
  return [
    {
      name: 'disk',
      title: 'Disk usage',
      query: 'node_filesystem_usage',
      state: 'pending',
      lastRunAt: null,
      lastDurationMs: null,
      nextRunAt: now + 2 * MIN,
      series: 0,
      failedSeries: 0,
      error: null,
    },
  ];
}

export function sidecarStatus(now: number, over: Partial<SidecarStatus> = {}): SidecarStatus {
  return {
    version: '1.4.2',
    mode: 'demo',
    startedAt: now - 60 * MIN,
    source: { kind: 'prometheus', state: 'ok', url: 'http://prometheus:9090', lastSuccessAt: now, lastError: null },
    jobs: jobs(now),
    ...over,
  };
}
