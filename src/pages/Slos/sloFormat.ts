import { dateTimeFormat } from '@grafana/data';
import type { SloRow } from '../../datasource/sloFrames';
import { formatCrossing, formatDuration, formatRelative } from '../../shared/formatCrossing';

// How the SLO pages word and colour their figures; pure so the tests can pin every outcome.

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  y: 365 * 86_400_000,
};

/** Milliseconds in a window: Prometheus durations ("5m", "1h30m", "30d"); a calendar month counts 30 days, as the sidecar does. */
export function windowMs(window: string): number | null {
  if (window === 'calendar-month') {
    return 30 * UNIT_MS.d;
  }
  const parts = [...window.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== window) {
    return null;
  }
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNIT_MS[unit], 0);
}

export const windowLabel = (window: string) => (window === 'calendar-month' ? 'calendar month' : `${window} rolling`);

/** "99.8%", "99.95%": an objective as people write it. */
export const formatObjective = (objective: number) => `${Number((objective * 100).toFixed(3))}%`;

/** Three decimals, because an SLI of 99.9% against an objective of 99.8% is the whole story. */
export const formatSli = (sli: number | null) => (sli === null ? '—' : `${(sli * 100).toFixed(3)}%`);

export const formatBudget = (ratio: number | null) => (ratio === null ? '—' : `${(ratio * 100).toFixed(1)}%`);

export function formatBurn(burn: number | null): string {
  if (burn === null) {
    return '—';
  }
  return `${burn < 10 ? burn.toFixed(2) : burn.toFixed(1)}×`;
}

/** An alert factor as people quote it: "14.4×", "6×". */
export const formatFactor = (factor: number) => `${Number(factor.toFixed(1))}×`;

export const formatTime = (t: number) => dateTimeFormat(t, { format: 'YYYY-MM-DD HH:mm' });

/** How hard a burn rate is against the alerts that read its window: paging, ticket, over budget, or fine. */
export type BurnTone = 'page' | 'ticket' | 'over' | 'ok' | 'unknown';

export function burnTone(
  burn: number | null,
  pageFactor: number | null = null,
  ticketFactor: number | null = null
): BurnTone {
  if (burn === null) {
    return 'unknown';
  }
  if (pageFactor !== null && burn >= pageFactor) {
    return 'page';
  }
  if (ticketFactor !== null && burn >= ticketFactor) {
    return 'ticket';
  }
  // Above 1 the budget runs out before the window ends, even when no alert reads this window.
  return burn > 1 ? 'over' : 'ok';
}

export type BudgetTone = 'exhausted' | 'low' | 'half' | 'healthy' | 'unknown';

export function budgetTone(remaining: number | null): BudgetTone {
  if (remaining === null) {
    return 'unknown';
  }
  if (remaining <= 0) {
    return 'exhausted';
  }
  return remaining < 0.25 ? 'low' : remaining < 0.5 ? 'half' : 'healthy';
}

/**
 * First order: how long the remaining budget lasts if this burn rate holds (remaining × window ÷ burn rate).
 * null when it does not run out (no burn) or is unknown; 0 once it is spent.
 */
export function lastsFor(remaining: number | null, burn: number | null, sloWindowMs: number | null): number | null {
  if (remaining === null || burn === null || sloWindowMs === null || burn <= 0) {
    return null;
  }
  return Math.max(0, (remaining * sloWindowMs) / burn);
}

export interface ExhaustionText {
  /** "in 2d 4h", "exhausted 3h ago", "not within 30d", "no traffic", … */
  text: string;
  /** The range, or what the outcome means; empty when there is nothing to add. */
  detail: string;
  /** The wall-clock exhaustion time, for a hover; null when it does not run out. */
  at: string | null;
  tone: 'exhausted' | 'exhausts' | 'safe' | 'unknown';
}

type ExhaustionFields = Pick<SloRow, 'outcome' | 'exhaustedAt' | 'earliest' | 'latest' | 'endAt' | 'updatedAt'>;

/** The forecast's outcome in words, as the list and the detail headline show it. */
export function describeExhaustion(row: ExhaustionFields, now: number): ExhaustionText {
  const { outcome, exhaustedAt, endAt } = row;
  const at = exhaustedAt === null ? null : formatTime(exhaustedAt);
  switch (outcome) {
    case 'exhausts': {
      const { text, range } = formatCrossing({ at: exhaustedAt, earliest: row.earliest, latest: row.latest }, now);
      return { text, detail: range, at, tone: 'exhausts' };
    }
    case 'already-exhausted':
      return {
        text: exhaustedAt === null ? 'exhausted' : `exhausted ${formatRelative(exhaustedAt, now)}`,
        detail: 'the budget is spent',
        at,
        tone: 'exhausted',
      };
    case 'not-exhausted-before-reset':
      return {
        text: 'not before the period resets',
        detail: endAt === null ? '' : `resets ${formatRelative(endAt, now)}`,
        at,
        tone: 'safe',
      };
    case 'not-exhausted-within-horizon': {
      const horizon = endAt === null ? null : endAt - (row.updatedAt ?? now);
      return {
        text: horizon === null ? 'not within the forecast' : `not within ${formatDuration(horizon)}`,
        detail: endAt === null ? '' : `forecast to ${formatTime(endAt)}`,
        at,
        tone: 'safe',
      };
    }
    case 'no-traffic':
      return { text: 'no traffic', detail: 'no requests in the window to forecast', at, tone: 'unknown' };
    case 'insufficient-history':
      return { text: 'not enough history', detail: 'too few samples to forecast yet', at, tone: 'unknown' };
    default:
      return { text: 'not computed yet', detail: '', at, tone: 'unknown' };
  }
}
