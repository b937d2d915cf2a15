// Times and values as the explanations and suggestions write them. Fixed formats (UTC, no locale) so the same
// input always gives the same text.
import { formatDuration } from '../config/duration.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** "2026-11-26 13:05 UTC". */
export function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A length of time to the minute: "2h10m", "45m", "under a minute". */
export function span(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / MIN);
  return minutes === 0 ? 'under a minute' : formatDuration(minutes * MIN);
}

/** "2h10m ago" or "in 35m" from `now`. */
export function relative(at: number, now: number): string {
  return at <= now ? `${span(now - at)} ago` : `in ${span(at - now)}`;
}

/**
 * An offset from a reference time, rounded so that small movements (a forecast refreshed five minutes later, an
 * event seen again) give the same text: to 5 minutes within an hour, 30 minutes within a day, then whole days.
 * "" when it rounds to zero.
 */
export function roughOffset(ms: number): string {
  const size = Math.abs(ms);
  const step = size < HOUR ? 5 * MIN : size < 24 * HOUR ? 30 * MIN : 24 * HOUR;
  const rounded = Math.round(size / step) * step;
  return rounded === 0 ? '' : `${ms < 0 ? '-' : '+'}${formatDuration(rounded)}`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** A value in its Grafana unit: bytes in binary units, percentunit as a percentage, others as numbers. */
export function formatValue(value: number, unit: string): string {
  if (unit === 'bytes') {
    let scaled = value;
    let index = 0;
    while (Math.abs(scaled) >= 1024 && index < BYTE_UNITS.length - 1) {
      scaled /= 1024;
      index += 1;
    }
    return `${round3(scaled)} ${BYTE_UNITS[index]}`;
  }
  if (unit === 'percentunit') {
    return `${round3(value * 100)}%`;
  }
  return unit === 'short' || unit === '' ? round3(value) : `${round3(value)} ${unit}`;
}

function round3(value: number): string {
  return String(Number(value.toPrecision(3)));
}
