import { createDataFrame, DataFrame, FieldType } from '@grafana/data';
import type { AnomalyDetail, AnomalyEvent, AnomalySummary } from '../api/types';
import { seriesFields, type SeriesRow } from './frames';

// Pure converters from the sidecar's anomaly answers to data frames (see frames.ts for the forecast ones).

/** One row of an `anomalyList`/`anomalySummary` frame: the series and its latest event, flattened. */
export interface AnomalyRow extends SeriesRow {
  score: number;
  threshold: number;
  anomalous: -1 | 0 | 1;
  bandLower: number | null;
  bandUpper: number | null;
  eventCount: number;
  forecastId: string | null;
  /** The latest event's fields, null when the series has none within the detection window. */
  kind: AnomalyEvent['kind'] | null;
  direction: AnomalyEvent['direction'] | null;
  size: number | null;
  start: number | null;
  end: number | null;
  ongoing: boolean | null;
  limitAt: number | null;
}

/** Keeps the sidecar's order: it ranks by severity (open anomalies by score, then recent ones, then the rest). */
export function anomalyListFrame(anomalies: AnomalySummary[], refId?: string): DataFrame {
  const col = <T>(pick: (a: AnomalySummary) => T) => anomalies.map(pick);
  const event = <T>(pick: (e: AnomalyEvent) => T) => anomalies.map((a) => (a.latestEvent ? pick(a.latestEvent) : null));
  return createDataFrame({
    refId,
    name: 'anomalies',
    fields: [
      ...seriesFields(anomalies),
      { name: 'score', type: FieldType.number, values: col((a) => a.score) },
      { name: 'threshold', type: FieldType.number, values: col((a) => a.threshold) },
      { name: 'anomalous', type: FieldType.number, values: col((a) => a.anomalous) },
      { name: 'bandLower', type: FieldType.number, values: col((a) => a.bandLower) },
      { name: 'bandUpper', type: FieldType.number, values: col((a) => a.bandUpper) },
      { name: 'eventCount', type: FieldType.number, values: col((a) => a.eventCount) },
      { name: 'forecastId', type: FieldType.string, values: col((a) => a.forecastId) },
      { name: 'kind', type: FieldType.string, values: event((e) => e.kind) },
      { name: 'direction', type: FieldType.string, values: event((e) => e.direction) },
      { name: 'size', type: FieldType.number, values: event((e) => e.size) },
      { name: 'start', type: FieldType.time, values: event((e) => e.start) },
      { name: 'end', type: FieldType.time, values: event((e) => e.end) },
      { name: 'ongoing', type: FieldType.boolean, values: event((e) => e.ongoing) },
      { name: 'limitAt', type: FieldType.time, values: event((e) => e.limitAt) },
    ],
  });
}

/**
 * The band chart's frame: value, expected and the band, plus `anomaly` — the value only where the point was
 * flagged (null elsewhere), so the panel can draw the flagged points as marks on top of the line.
 * Field names stay as-is because overrides and fillBelowTo match on them.
 */
export function anomalySeriesFrame(detail: AnomalyDetail, refId?: string): DataFrame {
  const points = detail.points;
  const unit = detail.unit ? { unit: detail.unit } : {};
  return createDataFrame({
    refId,
    name: detail.title,
    fields: [
      { name: 'time', type: FieldType.time, values: points.map((p) => p.t) },
      { name: 'value', type: FieldType.number, values: points.map((p) => p.v), config: unit },
      { name: 'expected', type: FieldType.number, values: points.map((p) => p.expected), config: unit },
      { name: 'lower', type: FieldType.number, values: points.map((p) => p.lower), config: unit },
      { name: 'upper', type: FieldType.number, values: points.map((p) => p.upper), config: unit },
      {
        name: 'anomaly',
        type: FieldType.number,
        values: points.map((p) => (p.isAnomaly ? p.v : null)),
        config: unit,
      },
    ],
  });
}

/** The score (0–1) per point with the flagging threshold repeated on every row, drawn as a line. */
export function anomalyScoreFrame(detail: AnomalyDetail, refId?: string): DataFrame {
  const points = detail.points;
  return createDataFrame({
    refId,
    name: 'score',
    fields: [
      { name: 'time', type: FieldType.time, values: points.map((p) => p.t) },
      { name: 'score', type: FieldType.number, values: points.map((p) => p.score) },
      { name: 'threshold', type: FieldType.number, values: points.map(() => detail.threshold) },
    ],
  });
}

export type AnomalyEventRow = AnomalyEvent;

/** The detection window's events, newest first. */
export function anomalyEventsFrame(detail: AnomalyDetail, refId?: string): DataFrame {
  const events = [...detail.events].sort((a, b) => b.start - a.start);
  const col = <T>(pick: (e: AnomalyEvent) => T) => events.map(pick);
  return createDataFrame({
    refId,
    name: 'events',
    fields: [
      { name: 'kind', type: FieldType.string, values: col((e) => e.kind) },
      { name: 'direction', type: FieldType.string, values: col((e) => e.direction) },
      { name: 'size', type: FieldType.number, values: col((e) => e.size) },
      { name: 'start', type: FieldType.time, values: col((e) => e.start) },
      { name: 'end', type: FieldType.time, values: col((e) => e.end) },
      { name: 'ongoing', type: FieldType.boolean, values: col((e) => e.ongoing) },
      { name: 'peakScore', type: FieldType.number, values: col((e) => e.peakScore) },
      { name: 'limitAt', type: FieldType.time, values: col((e) => e.limitAt) },
    ],
  });
}
