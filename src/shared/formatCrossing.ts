import type { ThresholdCrossing } from '../api/types';

/** Compact duration for humans scanning a list: "2h 10m", "3d 4h", "45m", "<1m". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 1) {
    return '<1m';
  }
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) {
    return h > 0 ? `${d}d ${h}h` : `${d}d`;
  }
  return h > 0 ? (m > 0 ? `${h}h ${m}m` : `${h}h`) : `${m}m`;
}

/** "in 2h 10m", or "2h 10m ago" when the predicted time has already passed. */
export function formatRelative(at: number, now: number): string {
  return at >= now ? `in ${formatDuration(at - now)}` : `${formatDuration(now - at)} ago`;
}

export interface CrossingText {
  /** When the central forecast crosses: "in 2h 10m", or "No crossing within horizon". */
  text: string;
  /** The plausible window from the band, e.g. "between in 1h 50m and in 2h 40m"; empty when unknown. */
  range: string;
}

type CrossingTimes = Pick<ThresholdCrossing, 'at' | 'earliest' | 'latest'>;

export function formatCrossing(crossing: CrossingTimes | null, now: number = Date.now()): CrossingText {
  const at = crossing?.at ?? null;
  const earliest = crossing?.earliest ?? null;
  const latest = crossing?.latest ?? null;
  const text = at !== null ? formatRelative(at, now) : 'No crossing within horizon';
  if (earliest === null) {
    return { text, range: '' };
  }
  // latest is null when the optimistic side of the band never crosses within the horizon.
  const upper = latest !== null ? formatRelative(latest, now) : 'beyond the horizon';
  return { text, range: `earliest ${formatRelative(earliest, now)}, latest ${upper}` };
}
