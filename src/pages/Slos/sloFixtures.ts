// Contract-shaped SLO answers for the tests (the page's, the datasource's and the client's). Times are relative
// to `now` so relative text ("in 2d 4h") is predictable.
import type { SloDetail, SloForecast, SloList, SloSummary } from '../../api/types';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const BURN_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

function forecast(over: Partial<SloForecast>): SloForecast {
  return {
    outcome: 'not-exhausted-within-horizon',
    exhaustedAt: null,
    earliest: null,
    latest: null,
    endAt: null,
    budgetAtEnd: { expected: null, lower: null, upper: null },
    safeBurnRate: null,
    models: { total: 'holt-winters', errors: 'holt-winters' },
    ...over,
  };
}

/** An SLO summary; `burn` sets every window's burn rate unless `burnRates` is given. */
export function sloSummary(
  now: number,
  over: Partial<SloSummary> & { id: string; service: string; burn?: number | null }
): SloSummary {
  const { burn = 0.5, ...rest } = over;
  return {
    name: 'availability',
    title: `${over.service} availability`,
    description: null,
    objective: 0.998,
    window: '30d',
    indicator: 'ratio',
    labels: { team: 'payments' },
    source: 'slos.yaml',
    state: 'ok',
    error: null,
    sli: 0.999,
    errorBudget: 0.002,
    budgetRemaining: 0.5,
    burnRates: BURN_WINDOWS.map((window) => ({ window, burnRate: burn })),
    alertState: 'none',
    forecast: forecast({
      endAt: now + 30 * DAY,
      budgetAtEnd: { expected: 0.5, lower: 0.43, upper: 0.55 },
      safeBurnRate: 1,
    }),
    secondsToExhaustion: null,
    updatedAt: now - 2 * MIN,
    ...rest,
  };
}

/**
 * In the sidecar's order (already exhausted, then soonest exhaustion, then the rest), which the page must keep:
 * it is sorted neither by title, service nor budget.
 */
export function sloList(now: number): SloList {
  return {
    generatedAt: now,
    slos: [
      sloSummary(now, {
        id: 'checkout-api-availability',
        service: 'checkout-api',
        title: 'Checkout API availability',
        sli: 0.9976,
        budgetRemaining: -0.12,
        burn: 15.2,
        alertState: 'page',
        forecast: forecast({ outcome: 'already-exhausted', exhaustedAt: now - 3 * HOUR, endAt: now + 30 * DAY }),
        secondsToExhaustion: -3 * 3600,
      }),
      paymentsSummary(now),
      sloSummary(now, {
        id: 'shop-frontend-latency',
        service: 'shop-frontend',
        name: 'latency',
        title: 'Frontend latency under 0.5 s',
        indicator: 'latency',
        objective: 0.99,
        errorBudget: 0.01,
        sli: 0.9961,
        budgetRemaining: 0.61,
        burn: 0.39,
      }),
      sloSummary(now, {
        id: 'search-api-latency',
        service: 'search-api',
        name: 'latency',
        title: 'Search latency',
        window: 'calendar-month',
        budgetRemaining: 0.8,
        forecast: forecast({
          outcome: 'not-exhausted-before-reset',
          endAt: now + 12 * DAY,
          budgetAtEnd: { expected: 0.7, lower: 0.6, upper: 0.75 },
        }),
      }),
      sloSummary(now, {
        id: 'cart-api-availability',
        service: 'cart-api',
        title: 'Cart API availability',
        sli: null,
        budgetRemaining: null,
        burn: null,
        forecast: forecast({ outcome: 'no-traffic' }),
      }),
      sloSummary(now, {
        id: 'ledger-api-availability',
        service: 'ledger-api',
        title: 'Ledger API availability',
        state: 'error',
        error: 'query failed: bad_data: parse error',
        forecast: forecast({ outcome: 'insufficient-history' }),
      }),
      sloSummary(now, {
        id: 'orders-api-availability',
        service: 'orders-api',
        title: 'Orders API availability',
        state: 'pending',
        sli: null,
        budgetRemaining: null,
        burn: null,
        forecast: forecast({ outcome: null, models: null }),
        updatedAt: null,
      }),
    ],
  };
}

/** Burning at 3× its budget: a ticket, and the budget runs out in 2d 4h (between 1d 20h and 3d). */
function paymentsSummary(now: number): SloSummary {
  return sloSummary(now, {
    id: 'payments-api-availability',
    service: 'payments-api',
    title: 'Payments API availability',
    description: 'Share of payments/api requests answered without a 5xx.',
    sli: 0.9986,
    budgetRemaining: 0.31,
    burnRates: [
      { window: '5m', burnRate: 2.1 },
      { window: '30m', burnRate: 2.6 },
      { window: '1h', burnRate: 3.4 },
      { window: '2h', burnRate: 3.3 },
      { window: '6h', burnRate: 3.1 },
      { window: '1d', burnRate: 3.05 },
      { window: '3d', burnRate: 0.8 },
    ],
    alertState: 'ticket',
    forecast: forecast({
      outcome: 'exhausts',
      exhaustedAt: now + 52 * HOUR,
      earliest: now + 44 * HOUR,
      latest: now + 72 * HOUR,
      endAt: now + 30 * DAY,
      budgetAtEnd: { expected: -1.9, lower: -2.4, upper: -1.2 },
      safeBurnRate: 0.31,
    }),
    secondsToExhaustion: 52 * 3600,
  });
}

/** The payments SLO in detail: four hours of history, a three-day forecast path and its four alert rules. */
export function sloDetail(now: number, over: Partial<SloDetail> = {}): SloDetail {
  const history = [0.5, 0.45, 0.38, 0.31].map((budgetRemaining, i) => ({
    t: now - (3 - i) * HOUR,
    budgetRemaining,
    errorRatio: [0.004, 0.006, 0.007, 0.0068][i],
  }));
  return {
    ...paymentsSummary(now),
    stepSeconds: 300,
    windowStart: now - 30 * DAY,
    periodEnd: null,
    total: 104_212_309,
    errors: 144_000,
    missingSteps: 0,
    partialWindow: false,
    alerts: [
      { severity: 'page', longWindow: '1h', shortWindow: '5m', factor: 14.4, firing: false },
      { severity: 'page', longWindow: '6h', shortWindow: '30m', factor: 6, firing: false },
      { severity: 'ticket', longWindow: '1d', shortWindow: '2h', factor: 3, firing: true },
      { severity: 'ticket', longWindow: '3d', shortWindow: '6h', factor: 1, firing: false },
    ],
    history,
    forecastPath: [
      { t: now + DAY, expected: 0.17, lower: 0.1, upper: 0.22 },
      { t: now + 2 * DAY, expected: 0.02, lower: -0.08, upper: 0.12 },
      { t: now + 3 * DAY, expected: -0.12, lower: -0.25, upper: 0.01 },
    ],
    ...over,
  };
}
