// Forecasts as Prometheus metrics, so ordinary alert rules can fire on predictions
// (e.g. prophet_forecast_seconds_to_threshold < 3600).
import type { Registry } from 'prom-client';
import type { CapacityForecast, ForecastDetail, JobStatus } from '../api/contract.ts';
import { registerCollectedGauge, type GaugeSample } from './collected-gauge.ts';

export interface ForecastMetricsSource {
  details(): Iterable<ForecastDetail>;
  jobs(): JobStatus[];
  capacity(): CapacityForecast[];
}

// Labels Prometheus sets itself on scrape, or that we set: a series label with one of these names is exported as
// exported_<name>, the way Prometheus itself renames clashing labels.
const RESERVED_LABELS = new Set(['job', 'instance', 'forecast_job', 'series_id', '__name__']);

export function seriesLabels(detail: ForecastDetail): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [name, value] of Object.entries(detail.labels)) {
    labels[RESERVED_LABELS.has(name) ? `exported_${name}` : name] = value;
  }
  labels.forecast_job = detail.job;
  labels.series_id = detail.id;
  return labels;
}

/** The forecast point that covers `now`: the first one at or after it; null once the forecast has run out. */
export function pointAt(detail: ForecastDetail, now: number) {
  return detail.forecast.find((point) => point.t >= now) ?? null;
}

export function registerForecastMetrics(registry: Registry, source: ForecastMetricsSource, clock = Date.now): void {
  const perSeries = (value: (detail: ForecastDetail, now: number) => number | null) => (): GaugeSample[] => {
    const now = clock();
    const samples: GaugeSample[] = [];
    for (const detail of source.details()) {
      const v = value(detail, now);
      if (v !== null) {
        samples.push({ labels: seriesLabels(detail), value: v });
      }
    }
    return samples;
  };

  registerCollectedGauge(registry, 'prophet_forecast_yhat', 'Forecast central value at now.',
    perSeries((d, now) => pointAt(d, now)?.yhat ?? null));
  registerCollectedGauge(registry, 'prophet_forecast_lower', 'Lower bound of the forecast interval at now.',
    perSeries((d, now) => pointAt(d, now)?.lower ?? null));
  registerCollectedGauge(registry, 'prophet_forecast_upper', 'Upper bound of the forecast interval at now.',
    perSeries((d, now) => pointAt(d, now)?.upper ?? null));
  registerCollectedGauge(registry, 'prophet_forecast_threshold', 'Threshold the forecast is compared with.',
    perSeries((d) => d.threshold?.value ?? null));
  registerCollectedGauge(registry, 'prophet_forecast_seconds_to_threshold',
    'Seconds until the forecast crosses its threshold (+Inf: no crossing within the horizon; absent: no threshold).',
    perSeries((d, now) => secondsUntil(d, d.crossing?.at ?? null, now)));
  registerCollectedGauge(registry, 'prophet_forecast_seconds_to_threshold_earliest',
    'Seconds until the pessimistic edge of the forecast interval crosses the threshold.',
    perSeries((d, now) => secondsUntil(d, d.crossing?.earliest ?? null, now)));
  registerCollectedGauge(registry, 'prophet_forecast_backtest_mase',
    'Rolling-origin backtest MASE of the chosen model (below 1: better than the naive forecast).',
    perSeries((d) => d.mase));

  const perJob = (value: (status: JobStatus) => number | null) => (): GaugeSample[] =>
    source.jobs().flatMap((status) => {
      const v = value(status);
      return v === null ? [] : [{ labels: { forecast_job: status.name }, value: v }];
    });
  registerCollectedGauge(registry, 'prophet_forecast_job_up', '1 when the job last ran without error, else 0.',
    perJob((s) => (s.state === 'pending' ? null : s.state === 'error' ? 0 : 1)));
  registerCollectedGauge(registry, 'prophet_forecast_job_last_run_timestamp_seconds', 'When the job last ran.',
    perJob((s) => (s.lastRunAt === null ? null : s.lastRunAt / 1000)));
  registerCollectedGauge(registry, 'prophet_forecast_job_duration_seconds', 'How long the last run took.',
    perJob((s) => (s.lastDurationMs === null ? null : s.lastDurationMs / 1000)));
  registerCollectedGauge(registry, 'prophet_forecast_job_series', 'Series the last run forecast.', perJob((s) => s.series));
  registerCollectedGauge(registry, 'prophet_forecast_job_failed_series', 'Series the last run failed to forecast.',
    perJob((s) => s.failedSeries));

  const perHorizon = (value: (h: CapacityForecast['horizons'][number]) => number) => (): GaugeSample[] =>
    source.capacity().flatMap((c) =>
      c.horizons.map((h) => ({ labels: { nodepool: c.nodepool, horizon: `${h.minutes}m` }, value: value(h) }))
    );
  registerCollectedGauge(registry, 'prophet_capacity_pending_pods', 'Predicted Pending pods at the horizon.',
    perHorizon((h) => h.pendingPods));
  registerCollectedGauge(registry, 'prophet_capacity_pending_pods_upper', 'Upper bound of predicted Pending pods.',
    perHorizon((h) => h.pendingPodsUpper));
  registerCollectedGauge(registry, 'prophet_capacity_nodes_needed', 'Predicted extra nodes needed at the horizon.',
    perHorizon((h) => h.nodesNeeded));
  registerCollectedGauge(registry, 'prophet_capacity_nodes_needed_upper', 'Extra nodes needed at the upper bound.',
    perHorizon((h) => h.nodesNeededUpper));
}

function secondsUntil(detail: ForecastDetail, at: number | null, now: number): number | null {
  if (!detail.threshold) {
    return null;
  }
  return at === null ? Infinity : Math.max(0, (at - now) / 1000);
}
