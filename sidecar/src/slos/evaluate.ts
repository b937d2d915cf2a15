// One SLO's figures from its per-step counts: status (SLI, budget, burn rates, alerts), the exhaustion forecast
// and the budget history, in the REST contract's shape (epoch milliseconds). Pure: the jobs and tests call it.
import type { SloAlertRule, SloBurnRate, SloDetail, SloForecast } from '../api/contract.ts';
import { parseDuration } from '../config/duration.ts';
import {
  budgetHistory,
  BURN_WINDOWS,
  forecastExhaustion,
  sloStatus,
  type ExhaustionForecast,
  type ExhaustionOptions,
  type SliSeries,
  type SloMathSpec,
  type SloStatus,
} from '../ml/index.ts';
import { sloId, sloService, type SloSpec } from '../slo/spec.ts';

/** The SLO math's spec (objective, window in seconds) of an SLO definition (window as a duration string). */
export function mathSpec(slo: Pick<SloSpec, 'objective' | 'window'>): SloMathSpec {
  return {
    objective: slo.objective,
    window:
      slo.window.kind === 'rolling'
        ? { kind: 'rolling', seconds: parseDuration(slo.window.duration) / 1000 }
        : { kind: 'calendar', unit: 'month' },
  };
}

export function windowText(slo: Pick<SloSpec, 'window'>): string {
  return slo.window.kind === 'rolling' ? slo.window.duration : 'calendar-month';
}

const ms = (seconds: number | null) => (seconds === null ? null : Math.round(seconds * 1000));
const MAX_HISTORY_POINTS = 720;

/** A detail with no figures yet (state pending), for an SLO that has not run. */
export function pendingDetail(slo: SloSpec, source: string): SloDetail {
  return {
    id: sloId(slo),
    name: slo.name,
    service: sloService(slo),
    title: slo.title ?? slo.name,
    description: slo.description ?? null,
    objective: slo.objective,
    window: windowText(slo),
    indicator: slo.indicator.kind,
    labels: { ...(slo.labels ?? {}) },
    source,
    state: 'pending',
    error: null,
    sli: null,
    errorBudget: Number((1 - slo.objective).toPrecision(12)),
    budgetRemaining: null,
    burnRates: BURN_WINDOWS.map((window) => ({ window, burnRate: null })),
    alertState: 'none',
    forecast: {
      outcome: null,
      exhaustedAt: null,
      earliest: null,
      latest: null,
      endAt: null,
      budgetAtEnd: { expected: null, lower: null, upper: null },
      safeBurnRate: null,
      models: null,
    },
    secondsToExhaustion: null,
    updatedAt: null,
    stepSeconds: null,
    windowStart: null,
    periodEnd: null,
    total: null,
    errors: null,
    missingSteps: null,
    partialWindow: false,
    alerts: [],
    history: [],
    forecastPath: [],
  };
}

export interface SloFigures {
  status: SloStatus;
  forecast: ExhaustionForecast;
  history: { timestamps: number[]; budgetRemaining: Array<number | null> };
}

/** The SLO math on one series: status, exhaustion forecast and budget history. */
export function sloFigures(series: SliSeries, spec: SloMathSpec, options: ExhaustionOptions = {}): SloFigures {
  return {
    status: sloStatus(series, spec, options),
    forecast: forecastExhaustion(series, spec, options),
    history: budgetHistory(series, spec, options),
  };
}

export function forecastOf(f: ExhaustionForecast): SloForecast {
  return {
    outcome: f.outcome,
    exhaustedAt: ms(f.exhaustedAt),
    earliest: ms(f.earliest),
    latest: ms(f.latest),
    endAt: ms(f.endAt),
    budgetAtEnd: { ...f.budgetAtEnd },
    safeBurnRate: f.safeBurnRate,
    models: f.models && { ...f.models },
  };
}

export function burnRatesOf(status: SloStatus): SloBurnRate[] {
  return BURN_WINDOWS.map((window) => ({ window, burnRate: status.burnRates[window] }));
}

/** The detail of an SLO from its figures (the counts are the same series the figures came from). */
export function sloDetail(slo: SloSpec, source: string, series: SliSeries, figures: SloFigures): SloDetail {
  const { status, forecast, history } = figures;
  const base = pendingDetail(slo, source);
  const updatedAt = Math.round(status.now * 1000);
  const exhaustedAt = ms(forecast.exhaustedAt);
  const alerts: SloAlertRule[] = status.alerts.map((a) => ({
    severity: a.severity,
    longWindow: a.longWindow,
    shortWindow: a.shortWindow,
    factor: a.factor,
    firing: a.firing,
  }));
  return {
    ...base,
    state: 'ok',
    sli: status.sli,
    budgetRemaining: status.budgetRemaining,
    burnRates: burnRatesOf(status),
    alertState: status.alertState,
    forecast: forecastOf(forecast),
    secondsToExhaustion: exhaustedAt === null ? null : (exhaustedAt - updatedAt) / 1000,
    updatedAt,
    stepSeconds: status.stepSeconds,
    windowStart: Math.round(status.windowStart * 1000),
    periodEnd: ms(status.periodEnd),
    total: status.total,
    errors: status.errors,
    missingSteps: status.missingSteps,
    partialWindow: status.partialWindow,
    alerts,
    history: downsampledHistory(series, history, status.windowStart),
    forecastPath: forecast.path.timestamps.map((t, j) => ({
      t: Math.round(t * 1000),
      expected: forecast.path.expected[j],
      lower: forecast.path.lower[j],
      upper: forecast.path.upper[j],
    })),
  };
}

/**
 * Budget remaining and the error ratio over the SLO window, at most MAX_HISTORY_POINTS points: every k-th step's
 * budget, and the error ratio over the k steps ending there. The history's grid is the series' own (same index).
 */
function downsampledHistory(
  series: SliSeries,
  history: SloFigures['history'],
  windowStart: number
): SloDetail['history'] {
  const n = history.timestamps.length;
  const index = new Map(series.timestamps.map((t, i) => [t, i]));
  let from = history.timestamps.findIndex((t) => t > windowStart);
  from = from < 0 ? 0 : from;
  const k = Math.max(1, Math.ceil((n - from) / MAX_HISTORY_POINTS));
  const out: SloDetail['history'] = [];
  for (let end = n - 1; end >= from; end -= k) {
    let total = 0;
    let errors = 0;
    for (let j = Math.max(from, end - k + 1); j <= end; j++) {
      const i = index.get(history.timestamps[j]);
      const T = i === undefined ? NaN : series.total[i];
      const E = i === undefined ? NaN : series.errors[i];
      if (Number.isFinite(T) && Number.isFinite(E)) {
        total += T;
        errors += Math.min(E, T);
      }
    }
    out.push({
      t: Math.round(history.timestamps[end] * 1000),
      budgetRemaining: history.budgetRemaining[end],
      errorRatio: total > 0 ? errors / total : null,
    });
  }
  return out.reverse();
}
