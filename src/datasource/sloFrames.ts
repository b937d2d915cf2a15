import { createDataFrame, DataFrame, FieldType } from '@grafana/data';
import type { SloDetail, SloSummary } from '../api/types';
import { formatLabels } from './frames';

// Pure converters from the sidecar's SLO answers to data frames (see frames.ts for the forecast ones).

/** One row of an `sloList`/`sloSummary` frame: the SLO, its status and its forecast, flattened. */
export interface SloRow {
  id: string;
  title: string;
  service: string;
  name: string;
  description: string | null;
  indicator: SloSummary['indicator'];
  objective: number;
  window: string;
  labels: string;
  source: string;
  state: SloSummary['state'];
  error: string | null;
  sli: number | null;
  errorBudget: number;
  budgetRemaining: number | null;
  /** The burn rates the list shows: 1h reacts within the hour, 6h says whether it lasts. */
  burn1h: number | null;
  burn6h: number | null;
  alertState: SloSummary['alertState'];
  outcome: SloSummary['forecast']['outcome'];
  exhaustedAt: number | null;
  earliest: number | null;
  latest: number | null;
  endAt: number | null;
  budgetAtEnd: number | null;
  budgetAtEndLower: number | null;
  budgetAtEndUpper: number | null;
  safeBurnRate: number | null;
  updatedAt: number | null;
}

/** The detail's own figures on top of the list row (null on rows built from summaries). */
export interface SloDetailRow extends SloRow {
  windowStart: number | null;
  periodEnd: number | null;
  total: number | null;
  errors: number | null;
  partialWindow: boolean | null;
  models: string | null;
}

/**
 * The burn-down's two frames share one name: Grafana prefixes field display names with the frame name when frame
 * names differ ("budget actual"), which would also stop the panel's overrides matching "actual".
 */
const BURN_DOWN = 'burn-down';

const burn = (s: SloSummary, window: string) => s.burnRates.find((b) => b.window === window)?.burnRate ?? null;
const isDetail = (s: SloSummary): s is SloDetail => 'history' in s;

/** Keeps the sidecar's order (soonest exhaustion first, already exhausted on top): the page must not re-rank it. */
export function sloListFrame(slos: SloSummary[], refId?: string): DataFrame {
  const col = <T>(pick: (s: SloSummary) => T) => slos.map(pick);
  const detail = <T>(pick: (d: SloDetail) => T) => slos.map((s) => (isDetail(s) ? pick(s) : null));
  return createDataFrame({
    refId,
    name: 'slos',
    fields: [
      { name: 'id', type: FieldType.string, values: col((s) => s.id) },
      { name: 'title', type: FieldType.string, values: col((s) => s.title) },
      { name: 'service', type: FieldType.string, values: col((s) => s.service) },
      { name: 'name', type: FieldType.string, values: col((s) => s.name) },
      { name: 'description', type: FieldType.string, values: col((s) => s.description) },
      { name: 'indicator', type: FieldType.string, values: col((s) => s.indicator) },
      { name: 'objective', type: FieldType.number, values: col((s) => s.objective) },
      { name: 'window', type: FieldType.string, values: col((s) => s.window) },
      { name: 'labels', type: FieldType.string, values: col((s) => formatLabels(s.labels)) },
      { name: 'source', type: FieldType.string, values: col((s) => s.source) },
      { name: 'state', type: FieldType.string, values: col((s) => s.state) },
      { name: 'error', type: FieldType.string, values: col((s) => s.error) },
      { name: 'sli', type: FieldType.number, values: col((s) => s.sli) },
      { name: 'errorBudget', type: FieldType.number, values: col((s) => s.errorBudget) },
      { name: 'budgetRemaining', type: FieldType.number, values: col((s) => s.budgetRemaining) },
      { name: 'burn1h', type: FieldType.number, values: col((s) => burn(s, '1h')) },
      { name: 'burn6h', type: FieldType.number, values: col((s) => burn(s, '6h')) },
      { name: 'alertState', type: FieldType.string, values: col((s) => s.alertState) },
      { name: 'outcome', type: FieldType.string, values: col((s) => s.forecast.outcome) },
      { name: 'exhaustedAt', type: FieldType.time, values: col((s) => s.forecast.exhaustedAt) },
      { name: 'earliest', type: FieldType.time, values: col((s) => s.forecast.earliest) },
      { name: 'latest', type: FieldType.time, values: col((s) => s.forecast.latest) },
      { name: 'endAt', type: FieldType.time, values: col((s) => s.forecast.endAt) },
      { name: 'budgetAtEnd', type: FieldType.number, values: col((s) => s.forecast.budgetAtEnd.expected) },
      { name: 'budgetAtEndLower', type: FieldType.number, values: col((s) => s.forecast.budgetAtEnd.lower) },
      { name: 'budgetAtEndUpper', type: FieldType.number, values: col((s) => s.forecast.budgetAtEnd.upper) },
      { name: 'safeBurnRate', type: FieldType.number, values: col((s) => s.forecast.safeBurnRate) },
      { name: 'updatedAt', type: FieldType.time, values: col((s) => s.updatedAt) },
      { name: 'windowStart', type: FieldType.time, values: detail((d) => d.windowStart) },
      { name: 'periodEnd', type: FieldType.time, values: detail((d) => d.periodEnd) },
      { name: 'total', type: FieldType.number, values: detail((d) => d.total) },
      { name: 'errors', type: FieldType.number, values: detail((d) => d.errors) },
      { name: 'partialWindow', type: FieldType.boolean, values: detail((d) => d.partialWindow) },
      {
        name: 'models',
        type: FieldType.string,
        values: col((s) => (s.forecast.models ? `${s.forecast.models.total} / ${s.forecast.models.errors}` : null)),
      },
    ],
  });
}

/**
 * The burn-down: budget remaining so far (`actual`) then the forecast with its cone (`lower` pessimistic, `upper`
 * optimistic). The forecast starts from the last actual point so the cone opens where history ends instead of
 * leaving a gap. Field names stay as-is because overrides and fillBelowTo match on them.
 */
export function sloBudgetFrame(detail: SloDetail, refId?: string): DataFrame {
  type Row = { actual: number | null; forecast: number | null; lower: number | null; upper: number | null };
  const rows = new Map<number, Row>();
  const row = (t: number) => {
    if (!rows.has(t)) {
      rows.set(t, { actual: null, forecast: null, lower: null, upper: null });
    }
    return rows.get(t)!;
  };
  detail.history.forEach((p) => (row(p.t).actual = p.budgetRemaining));
  const last = [...detail.history].reverse().find((p) => p.budgetRemaining !== null);
  if (last && detail.forecastPath.length) {
    const v = last.budgetRemaining;
    Object.assign(row(last.t), { forecast: v, lower: v, upper: v });
  }
  detail.forecastPath.forEach((p) => Object.assign(row(p.t), { forecast: p.expected, lower: p.lower, upper: p.upper }));
  const times = [...rows.keys()].sort((a, b) => a - b);
  const pick = (k: keyof Row) => times.map((t) => rows.get(t)![k]);
  const percent = { unit: 'percentunit' };
  return createDataFrame({
    refId,
    name: BURN_DOWN,
    fields: [
      { name: 'time', type: FieldType.time, values: times },
      { name: 'actual', type: FieldType.number, values: pick('actual'), config: percent },
      { name: 'forecast', type: FieldType.number, values: pick('forecast'), config: percent },
      { name: 'lower', type: FieldType.number, values: pick('lower'), config: percent },
      { name: 'upper', type: FieldType.number, values: pick('upper'), config: percent },
    ],
  });
}

/**
 * The exhaustion mark, drawn on the zero line: `exhaustion` is a single point at the central forecast's
 * exhaustion, `exhaustion range` a segment from the pessimistic to the optimistic edge's (to the end of the
 * forecast when the optimistic edge never reaches zero). A frame of its own (own time axis) so it does not cut the
 * burn-down's lines; none when the budget does not run out.
 */
export function sloExhaustionFrames(detail: SloDetail, refId?: string): DataFrame[] {
  const { outcome, exhaustedAt, earliest, latest, endAt } = detail.forecast;
  if (exhaustedAt === null) {
    return [];
  }
  // A null latest means "not before the end of the forecast" only for a budget still running out.
  const optimisticEnd = outcome === 'exhausts' ? (latest ?? endAt) : latest;
  const from = Math.min(earliest ?? exhaustedAt, exhaustedAt);
  const to = Math.max(optimisticEnd ?? exhaustedAt, exhaustedAt);
  const times = [...new Set([from, exhaustedAt, to])].sort((a, b) => a - b);
  const percent = { unit: 'percentunit' };
  return [
    createDataFrame({
      refId,
      name: BURN_DOWN,
      fields: [
        { name: 'time', type: FieldType.time, values: times },
        {
          name: 'exhaustion',
          type: FieldType.number,
          values: times.map((t) => (t === exhaustedAt ? 0 : null)),
          config: percent,
        },
        { name: 'exhaustion range', type: FieldType.number, values: times.map(() => 0), config: percent },
      ],
    }),
  ];
}

/** The error ratio per history step with the error budget (1 − objective) repeated on every row, drawn as a line. */
export function sloErrorRatioFrame(detail: SloDetail, refId?: string): DataFrame {
  const percent = { unit: 'percentunit' };
  return createDataFrame({
    refId,
    name: 'error ratio',
    fields: [
      { name: 'time', type: FieldType.time, values: detail.history.map((p) => p.t) },
      { name: 'error ratio', type: FieldType.number, values: detail.history.map((p) => p.errorRatio), config: percent },
      {
        name: 'error budget',
        type: FieldType.number,
        values: detail.history.map(() => detail.errorBudget),
        config: percent,
      },
    ],
  });
}

export interface SloBurnRateRow {
  window: string;
  burnRate: number | null;
  /** The lowest factor of a page / ticket alert that reads this window (as its long or short window); null if none. */
  pageFactor: number | null;
  ticketFactor: number | null;
}

/** The burn-rate windows, shortest first as the sidecar lists them, with the alert factors each is judged by. */
export function sloBurnRatesFrame(detail: SloDetail, refId?: string): DataFrame {
  const factor = (window: string, severity: 'page' | 'ticket') => {
    const factors = detail.alerts
      .filter((a) => a.severity === severity && (a.longWindow === window || a.shortWindow === window))
      .map((a) => a.factor);
    return factors.length ? Math.min(...factors) : null;
  };
  const rates = detail.burnRates;
  return createDataFrame({
    refId,
    name: 'burn rates',
    fields: [
      { name: 'window', type: FieldType.string, values: rates.map((r) => r.window) },
      { name: 'burnRate', type: FieldType.number, values: rates.map((r) => r.burnRate) },
      { name: 'pageFactor', type: FieldType.number, values: rates.map((r) => factor(r.window, 'page')) },
      { name: 'ticketFactor', type: FieldType.number, values: rates.map((r) => factor(r.window, 'ticket')) },
    ],
  });
}

export interface SloAlertRow {
  severity: 'page' | 'ticket';
  longWindow: string;
  shortWindow: string;
  factor: number;
  /** The error ratio both windows must exceed: factor × error budget. */
  threshold: number;
  longBurn: number | null;
  shortBurn: number | null;
  firing: boolean | null;
}

/** The multiwindow multi-burn-rate alert rules with the current burn of both their windows. */
export function sloAlertsFrame(detail: SloDetail, refId?: string): DataFrame {
  const alerts = detail.alerts;
  const col = <T>(pick: (a: SloDetail['alerts'][number]) => T) => alerts.map(pick);
  return createDataFrame({
    refId,
    name: 'alerts',
    fields: [
      { name: 'severity', type: FieldType.string, values: col((a) => a.severity) },
      { name: 'longWindow', type: FieldType.string, values: col((a) => a.longWindow) },
      { name: 'shortWindow', type: FieldType.string, values: col((a) => a.shortWindow) },
      { name: 'factor', type: FieldType.number, values: col((a) => a.factor) },
      { name: 'threshold', type: FieldType.number, values: col((a) => a.factor * detail.errorBudget) },
      { name: 'longBurn', type: FieldType.number, values: col((a) => burn(detail, a.longWindow)) },
      { name: 'shortBurn', type: FieldType.number, values: col((a) => burn(detail, a.shortWindow)) },
      { name: 'firing', type: FieldType.boolean, values: col((a) => a.firing) },
    ],
  });
}
