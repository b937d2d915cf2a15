// Multiwindow, multi-burn-rate alerts (Google SRE workbook, chapter 5; the same rules Sloth generates).
//
// Each rule fires when a share of the period's error budget would be spent within its long window: the burn-rate
// factor is budgetFraction × period ÷ long window. For a 30-day period that gives the workbook's 14.4, 6, 3 and 1;
// for other periods the windows and budget shares stay and the factor scales with the period (28 days: 13.44,
// 5.6, 2.8, 0.933 — what Sloth uses for 28-day SLOs). A rule whose long window exceeds the period is not evaluated.
import type { BurnAlertRule, BurnRates, BurnWindow } from './types.ts';

export const BURN_WINDOW_SECONDS: Record<BurnWindow, number> = {
  '5m': 300,
  '30m': 1800,
  '1h': 3600,
  '2h': 7200,
  '6h': 21600,
  '1d': 86400,
  '3d': 259200,
};

const RULES: ReadonlyArray<Pick<BurnAlertRule, 'severity' | 'longWindow' | 'shortWindow' | 'budgetFraction'>> = [
  { severity: 'page', longWindow: '1h', shortWindow: '5m', budgetFraction: 0.02 },
  { severity: 'page', longWindow: '6h', shortWindow: '30m', budgetFraction: 0.05 },
  { severity: 'ticket', longWindow: '1d', shortWindow: '2h', budgetFraction: 0.1 },
  { severity: 'ticket', longWindow: '3d', shortWindow: '6h', budgetFraction: 0.1 },
];

/** Evaluates the four rules on the given burn rates for an SLO period of `periodSeconds`. */
export function burnRateAlerts(burnRates: BurnRates, periodSeconds: number): BurnAlertRule[] {
  return RULES.map((r) => {
    const longSeconds = BURN_WINDOW_SECONDS[r.longWindow];
    const factor = (r.budgetFraction * periodSeconds) / longSeconds;
    const long = burnRates[r.longWindow];
    const short = burnRates[r.shortWindow];
    const firing =
      longSeconds > periodSeconds || long === null || short === null ? null : long > factor && short > factor;
    return { ...r, factor, firing };
  });
}

export function alertStateOf(rules: readonly BurnAlertRule[]): 'page' | 'ticket' | 'none' {
  if (rules.some((r) => r.severity === 'page' && r.firing)) {
    return 'page';
  }
  if (rules.some((r) => r.severity === 'ticket' && r.firing)) {
    return 'ticket';
  }
  return 'none';
}
