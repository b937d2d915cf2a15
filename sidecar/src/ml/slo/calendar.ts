// UTC calendar periods and the SLO window that ends at a given time.
import type { SloWindow } from './types.ts';

const DAY = 86400;
/** A step ending exactly at a period boundary belongs to the period before it. */
const EPS = 1e-6;

/** The calendar period containing time t (seconds), as [start, end): start < t ≤ end counts as this period. */
export function periodBounds(t: number, unit: 'month' | 'week'): { start: number; end: number } {
  const at = t - EPS;
  if (unit === 'week') {
    const day = Math.floor(at / DAY);
    // 1970-01-01 was a Thursday: (day + 3) mod 7 = days since Monday
    const start = (day - ((((day + 3) % 7) + 7) % 7)) * DAY;
    return { start, end: start + 7 * DAY };
  }
  const d = new Date(at * 1000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  return { start: Date.UTC(y, m, 1) / 1000, end: Date.UTC(y, m + 1, 1) / 1000 };
}

/** Start of the SLO window that ends at t: t − window for a rolling window, else the period start. */
export function windowStartAt(t: number, window: SloWindow): number {
  return window.kind === 'rolling' ? t - window.seconds : periodBounds(t, window.unit).start;
}

export function validateWindow(window: SloWindow): void {
  if (window?.kind === 'rolling') {
    if (!(Number.isFinite(window.seconds) && window.seconds > 0)) {
      throw new Error(`slo: rolling window seconds must be positive, got ${window.seconds}`);
    }
  } else if (window?.kind === 'calendar') {
    if (window.unit !== 'month' && window.unit !== 'week') {
      throw new Error(`slo: calendar unit must be 'month' or 'week', got ${String(window.unit)}`);
    }
  } else {
    throw new Error(`slo: window kind must be 'rolling' or 'calendar'`);
  }
}
