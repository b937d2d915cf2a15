import { dateTimeFormat } from '@grafana/data';
import type { AnomalyEvent, AnomalyKind, OutlierInterval } from '../api/types';
import { formatRelative } from './formatCrossing';

const KIND_LABEL: Record<AnomalyKind, string> = {
  spike: 'spike',
  dip: 'dip',
  level_shift: 'level shift',
  variance_change: 'variance change',
  drift: 'drift',
};

export function kindLabel(kind: string): string {
  return KIND_LABEL[kind as AnomalyKind] ?? kind.replace(/_/g, ' ');
}

const DAY = 24 * 3600_000;

/** A wall-clock time in the browser's time zone: "12:40" within the last day, "Nov 1, 12:40" before that. */
export function formatClock(t: number, now: number): string {
  return dateTimeFormat(t, { format: Math.abs(now - t) < DAY ? 'HH:mm' : 'MMM D, HH:mm' });
}

/** "12:40–13:05"; both ends with their date when either is more than a day old ("Nov 25, 12:20 – Nov 26, 12:20"). */
export function formatSpan(start: number, end: number, now: number): string {
  if (Math.abs(now - start) < DAY && Math.abs(now - end) < DAY) {
    return `${formatClock(start, now)}–${formatClock(end, now)}`;
  }
  const dated = (t: number) => dateTimeFormat(t, { format: 'MMM D, HH:mm' });
  return `${dated(start)} – ${dated(end)}`;
}

type EventFields = Pick<AnomalyEvent, 'kind' | 'direction' | 'size' | 'start' | 'end' | 'ongoing'>;

/**
 * What happened, in one line an on-call engineer can read: "spike up, 3.2× band, since 12:40" while it lasts,
 * "level shift down, 1.5× band, 09:10–09:40" once it ended. Size is in band half-widths (1 = on the edge).
 */
export function formatAnomalyEvent(e: EventFields, now: number): string {
  const what = `${kindLabel(e.kind)} ${e.direction}, ${e.size.toFixed(1)}× band`;
  const when = e.ongoing ? `since ${formatClock(e.start, now)}` : formatSpan(e.start, e.end, now);
  return `${what}, ${when}`;
}

/** For drifts toward a known limit: "reaches its limit in 2h 10m". */
export function formatLimit(limitAt: number | null, now: number): string {
  return limitAt === null ? '' : `reaches its limit ${formatRelative(limitAt, now)}`;
}

/** An outlying interval as wall-clock times: "12:40–13:05". */
export function formatInterval(i: OutlierInterval, now: number): string {
  return formatSpan(i.start, i.end, now);
}

/** Where the value sits against the band, as the prophet_anomalous metric says it: 1 above, -1 below, 0 inside. */
export function bandPosition(anomalous: number): 'above band' | 'below band' | 'inside band' {
  return anomalous > 0 ? 'above band' : anomalous < 0 ? 'below band' : 'inside band';
}
