// SLOs as Prometheus metrics, labelled slo (the SLO id, "<service>-<name>") and service:
//   prophet_slo_budget_remaining_ratio                 1 − error ratio ÷ budget over the SLO window
//   prophet_slo_burn_rate{window}                      5m, 30m, 1h, 2h, 6h, 1d, 3d
//   prophet_slo_exhaustion_timestamp_seconds           when the budget runs out (central forecast)
//   prophet_slo_exhaustion_timestamp_seconds_earliest  the pessimistic edge (the suffix as in prophet_forecast_*)
//   prophet_slo_exhaustion_timestamp_seconds_latest    the optimistic edge
// A figure that is unknown (no traffic, no exhaustion within the forecast span) is left out rather than faked.
// E.g. alert on: prophet_slo_exhaustion_timestamp_seconds - time() < 3 * 86400
import type { Registry } from 'prom-client';
import type { SloDetail } from '../api/contract.ts';
import { registerCollectedGauge, type GaugeSample } from '../forecasts/collected-gauge.ts';

export interface SloMetricsSource {
  all(): Iterable<SloDetail>;
}

export function registerSloMetrics(registry: Registry, source: SloMetricsSource): void {
  const perSlo = (value: (d: SloDetail) => number | null) => (): GaugeSample[] => {
    const samples: GaugeSample[] = [];
    for (const d of source.all()) {
      const v = value(d);
      if (v !== null && Number.isFinite(v)) {
        samples.push({ labels: { slo: d.id, service: d.service }, value: v });
      }
    }
    return samples;
  };
  const seconds = (t: number | null) => (t === null ? null : t / 1000);
  registerCollectedGauge(
    registry,
    'prophet_slo_budget_remaining_ratio',
    'Error budget remaining over the SLO window (1 = untouched, 0 = spent, negative = overspent).',
    perSlo((d) => d.budgetRemaining)
  );
  registerCollectedGauge(
    registry,
    'prophet_slo_burn_rate',
    'Error ratio over the window divided by the error budget (1 = spending exactly the budget).',
    () => {
      const samples: GaugeSample[] = [];
      for (const d of source.all()) {
        for (const { window, burnRate } of d.burnRates) {
          if (burnRate !== null && Number.isFinite(burnRate)) {
            samples.push({ labels: { slo: d.id, service: d.service, window }, value: burnRate });
          }
        }
      }
      return samples;
    }
  );
  registerCollectedGauge(
    registry,
    'prophet_slo_exhaustion_timestamp_seconds',
    'When the error budget is forecast to run out (Unix seconds; in the past when already exhausted).',
    perSlo((d) => seconds(d.forecast.exhaustedAt))
  );
  registerCollectedGauge(
    registry,
    'prophet_slo_exhaustion_timestamp_seconds_earliest',
    'Earliest plausible budget exhaustion: the pessimistic edge of the forecast (Unix seconds).',
    perSlo((d) => seconds(d.forecast.earliest))
  );
  registerCollectedGauge(
    registry,
    'prophet_slo_exhaustion_timestamp_seconds_latest',
    'Latest plausible budget exhaustion: the optimistic edge of the forecast (Unix seconds).',
    perSlo((d) => seconds(d.forecast.latest))
  );
}
