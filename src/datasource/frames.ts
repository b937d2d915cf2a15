import { createDataFrame, DataFrame, FieldType } from '@grafana/data';
import type { CapacityForecast, ForecastDetail, ForecastSummary, JobStatus, Labels, SidecarStatus } from '../api/types';

// Pure converters from contract JSON to data frames, so panels and custom scenes read one shape through Scenes.

/** `{namespace="a", pod="b"}`, the way Prometheus users read series labels. */
export function formatLabels(labels: Labels): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return `{${pairs.join(', ')}}`;
}

/** The leading columns of a per-series list frame (forecasts, anomalies), as read back through DataFrameView. */
export interface SeriesRow {
  id: string;
  job: string;
  title: string;
  series: string;
  unit: string;
  current: number | null;
}

/** What a per-series summary from the sidecar carries to fill the columns of a SeriesRow. */
interface SeriesSummary {
  id: string;
  job: string;
  title: string;
  labels: Labels;
  unit: string;
  current: number | null;
}

/** The SeriesRow columns of `items`, in order, for the start of a list frame's fields. */
export function seriesFields(items: SeriesSummary[]) {
  const col = <T>(pick: (s: SeriesSummary) => T) => items.map(pick);
  return [
    { name: 'id', type: FieldType.string, values: col((s) => s.id) },
    { name: 'job', type: FieldType.string, values: col((s) => s.job) },
    { name: 'title', type: FieldType.string, values: col((s) => s.title) },
    { name: 'series', type: FieldType.string, values: col((s) => formatLabels(s.labels)) },
    { name: 'unit', type: FieldType.string, values: col((s) => s.unit) },
    { name: 'current', type: FieldType.number, values: col((s) => s.current) },
  ];
}

/** One row of a `forecastList`/`forecastSummary` frame, as read back through DataFrameView. */
export interface ForecastRow extends SeriesRow {
  threshold: number | null;
  direction: string | null;
  crossingAt: number | null;
  earliest: number | null;
  latest: number | null;
  model: string;
  mase: number | null;
}

/** Soonest crossing first; forecasts that never cross within the horizon go last. */
export function bySoonestCrossing(a: ForecastSummary, b: ForecastSummary): number {
  const at = (f: ForecastSummary) => f.crossing?.at ?? Number.POSITIVE_INFINITY;
  return at(a) - at(b);
}

export function forecastListFrame(forecasts: ForecastSummary[], refId?: string): DataFrame {
  const sorted = [...forecasts].sort(bySoonestCrossing);
  const col = <T>(pick: (f: ForecastSummary) => T) => sorted.map(pick);
  return createDataFrame({
    refId,
    name: 'forecasts',
    fields: [
      ...seriesFields(sorted),
      { name: 'threshold', type: FieldType.number, values: col((f) => f.threshold?.value ?? null) },
      { name: 'direction', type: FieldType.string, values: col((f) => f.threshold?.direction ?? null) },
      { name: 'crossingAt', type: FieldType.time, values: col((f) => f.crossing?.at ?? null) },
      { name: 'earliest', type: FieldType.time, values: col((f) => f.crossing?.earliest ?? null) },
      { name: 'latest', type: FieldType.time, values: col((f) => f.crossing?.latest ?? null) },
      { name: 'model', type: FieldType.string, values: col((f) => f.model) },
      { name: 'mase', type: FieldType.number, values: col((f) => f.mase) },
    ],
  });
}

/**
 * Field names stay as-is (no displayName) because panel overrides and fillBelowTo match on the display name.
 * Actual and forecast points merged on one time axis (they overlap only where the model was fitted), with the
 * threshold repeated on every row so the panel draws it as a line.
 */
export function forecastSeriesFrame(detail: ForecastDetail, refId?: string): DataFrame {
  const rows = new Map<
    number,
    { actual: number | null; yhat: number | null; lower: number | null; upper: number | null }
  >();
  const row = (t: number) => {
    let r = rows.get(t);
    if (!r) {
      r = { actual: null, yhat: null, lower: null, upper: null };
      rows.set(t, r);
    }
    return r;
  };
  detail.actual.forEach((p) => (row(p.t).actual = p.v));
  detail.forecast.forEach((p) => Object.assign(row(p.t), { yhat: p.yhat, lower: p.lower, upper: p.upper }));
  const times = [...rows.keys()].sort((a, b) => a - b);
  const pick = (k: 'actual' | 'yhat' | 'lower' | 'upper') => times.map((t) => rows.get(t)![k]);
  const unit = detail.unit ? { unit: detail.unit } : {};
  return createDataFrame({
    refId,
    name: detail.title,
    fields: [
      { name: 'time', type: FieldType.time, values: times },
      { name: 'actual', type: FieldType.number, values: pick('actual'), config: unit },
      { name: 'yhat', type: FieldType.number, values: pick('yhat'), config: unit },
      { name: 'lower', type: FieldType.number, values: pick('lower'), config: unit },
      { name: 'upper', type: FieldType.number, values: pick('upper'), config: unit },
      {
        name: 'threshold',
        type: FieldType.number,
        values: times.map(() => detail.threshold?.value ?? null),
        config: unit,
      },
    ],
  });
}

export function backtestFrame(detail: ForecastDetail, refId?: string): DataFrame {
  const scores = [...detail.backtest].sort((a, b) => a.mase - b.mase);
  return createDataFrame({
    refId,
    name: 'backtest',
    fields: [
      { name: 'model', type: FieldType.string, values: scores.map((s) => s.model) },
      { name: 'mase', type: FieldType.number, values: scores.map((s) => s.mase) },
      { name: 'chosen', type: FieldType.boolean, values: scores.map((s) => s.model === detail.model) },
    ],
  });
}

export interface JobRow {
  name: string;
  title: string;
  state: JobStatus['state'];
  lastRunAt: number | null;
  nextRunAt: number | null;
  series: number;
  failedSeries: number;
  error: string | null;
}

export function jobsFrame(jobs: JobStatus[], refId?: string): DataFrame {
  const col = <T>(pick: (j: JobStatus) => T) => jobs.map(pick);
  return createDataFrame({
    refId,
    name: 'jobs',
    fields: [
      { name: 'name', type: FieldType.string, values: col((j) => j.name) },
      { name: 'title', type: FieldType.string, values: col((j) => j.title) },
      { name: 'state', type: FieldType.string, values: col((j) => j.state) },
      { name: 'lastRunAt', type: FieldType.time, values: col((j) => j.lastRunAt) },
      { name: 'nextRunAt', type: FieldType.time, values: col((j) => j.nextRunAt) },
      { name: 'series', type: FieldType.number, values: col((j) => j.series) },
      { name: 'failedSeries', type: FieldType.number, values: col((j) => j.failedSeries) },
      { name: 'error', type: FieldType.string, values: col((j) => j.error) },
    ],
  });
}

export interface CapacityRow {
  nodepool: string;
  currentNodes: number | null;
  currentPendingPods: number | null;
  minutes: number;
  pendingPods: number;
  pendingPodsUpper: number;
  nodesNeeded: number;
  nodesNeededUpper: number;
}

/** Long format (one row per nodepool and horizon) so a table or bar chart can pivot it as it likes. */
export function capacityFrame(pools: CapacityForecast[], refId?: string): DataFrame {
  const rows: CapacityRow[] = pools.flatMap((p) =>
    p.horizons.map((h) => ({
      nodepool: p.nodepool,
      currentNodes: p.currentNodes,
      currentPendingPods: p.currentPendingPods,
      minutes: h.minutes,
      pendingPods: h.pendingPods,
      pendingPodsUpper: h.pendingPodsUpper,
      nodesNeeded: h.nodesNeeded,
      nodesNeededUpper: h.nodesNeededUpper,
    }))
  );
  const col = <K extends keyof CapacityRow>(k: K) => rows.map((r) => r[k]);
  return createDataFrame({
    refId,
    name: 'capacity',
    fields: [
      { name: 'nodepool', type: FieldType.string, values: col('nodepool') },
      { name: 'currentNodes', type: FieldType.number, values: col('currentNodes') },
      { name: 'currentPendingPods', type: FieldType.number, values: col('currentPendingPods') },
      { name: 'minutes', type: FieldType.number, values: col('minutes') },
      { name: 'pendingPods', type: FieldType.number, values: col('pendingPods') },
      { name: 'pendingPodsUpper', type: FieldType.number, values: col('pendingPodsUpper') },
      { name: 'nodesNeeded', type: FieldType.number, values: col('nodesNeeded') },
      { name: 'nodesNeededUpper', type: FieldType.number, values: col('nodesNeededUpper') },
    ],
  });
}

export interface StatusRow {
  version: string;
  mode: SidecarStatus['mode'];
  sourceKind: string;
  sourceState: SidecarStatus['source']['state'];
  sourceUrl: string | null;
  lastSuccessAt: number | null;
  lastError: string | null;
}

export function statusFrame(status: SidecarStatus, refId?: string): DataFrame {
  const s = status.source;
  return createDataFrame({
    refId,
    name: 'status',
    fields: [
      { name: 'version', type: FieldType.string, values: [status.version] },
      { name: 'mode', type: FieldType.string, values: [status.mode] },
      { name: 'sourceKind', type: FieldType.string, values: [s.kind] },
      { name: 'sourceState', type: FieldType.string, values: [s.state] },
      { name: 'sourceUrl', type: FieldType.string, values: [s.url] },
      { name: 'lastSuccessAt', type: FieldType.time, values: [s.lastSuccessAt] },
      { name: 'lastError', type: FieldType.string, values: [s.lastError] },
    ],
  });
}
