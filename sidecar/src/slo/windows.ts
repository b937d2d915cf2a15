// Burn-rate alert windows per SLO period, in Sloth's terms: an alert fires when `errorBudgetPercent` of the
// period's budget would be spent within `long` (and the `short` window confirms it is still happening). The
// burn-rate factor follows: factor = errorBudgetPercent/100 × period / long.
//
// 30d and 28d periods use Sloth's catalogue (Google SRE workbook): the same windows, so 30d gives 14.4/6/3/1
// and 28d 13.44/5.6/2.8/0.93. Sloth has no default for other periods; there we scale the 30d windows by
// period/30d (Pyrra's approach), which keeps the factors 14.4/6/3/1 — e.g. 7d: 14m/5m, 1h24m/7m, 5h36m/28m,
// 16h48m/1h24m. Windows are whole minutes and at least 5m, so a rate has several scrapes to work with.
import { windowMs, type SloWindow } from './spec.ts';

export interface AlertWindow {
  severity: 'page' | 'ticket';
  errorBudgetPercent: number;
  shortMs: number;
  longMs: number;
  /** The burn rate both windows must exceed. */
  factor: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The Google SRE workbook windows for a 30-day period (Sloth's default catalogue entry). */
const BASE: Array<Omit<AlertWindow, 'factor'>> = [
  { severity: 'page', errorBudgetPercent: 2, shortMs: 5 * MINUTE, longMs: HOUR },
  { severity: 'page', errorBudgetPercent: 5, shortMs: 30 * MINUTE, longMs: 6 * HOUR },
  { severity: 'ticket', errorBudgetPercent: 10, shortMs: 2 * HOUR, longMs: DAY },
  { severity: 'ticket', errorBudgetPercent: 10, shortMs: 6 * HOUR, longMs: 3 * DAY },
];

/** The windows every SLO records (dashboards built for Sloth read these). */
export const STANDARD_WINDOWS_MS = [5 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 6 * HOUR, DAY, 3 * DAY];

export function alertWindows(window: SloWindow): AlertWindow[] {
  const period = windowMs(window);
  const catalogued = period === 30 * DAY || period === 28 * DAY;
  const scale = catalogued ? 1 : period / (30 * DAY);
  return BASE.map((w) => {
    const shortMs = catalogued ? w.shortMs : scaled(w.shortMs * scale);
    const longMs = catalogued ? w.longMs : scaled(w.longMs * scale);
    const factor = Number((((w.errorBudgetPercent / 100) * period) / longMs).toPrecision(6));
    return { ...w, shortMs, longMs, factor };
  });
}

function scaled(ms: number): number {
  return Math.max(5 * MINUTE, Math.round(ms / MINUTE) * MINUTE);
}

/** A Prometheus duration in days, hours, minutes and seconds ("30d", "1h24m"): the form Sloth's names use. */
export function promDuration(ms: number): string {
  const units: Array<[string, number]> = [
    ['d', DAY],
    ['h', HOUR],
    ['m', MINUTE],
    ['s', 1000],
  ];
  let rest = ms;
  let out = '';
  for (const [unit, size] of units) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out || '0s';
}
