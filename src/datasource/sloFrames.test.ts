import { DataFrame, DataFrameView } from '@grafana/data';
import { sloDetail, sloList } from '../pages/Slos/sloFixtures';
import {
  SloAlertRow,
  sloAlertsFrame,
  sloBudgetFrame,
  SloBurnRateRow,
  sloBurnRatesFrame,
  sloErrorRatioFrame,
  sloExhaustionFrames,
  sloListFrame,
  SloRow,
} from './sloFrames';

const now = Date.UTC(2026, 10, 1, 12);
const HOUR = 3600_000;
const DAY = 24 * HOUR;

const values = (frame: DataFrame, name: string) => frame.fields.find((f) => f.name === name)?.values;
const rows = <T extends object>(frame: DataFrame) => new DataFrameView<T>(frame).toArray().map((r) => ({ ...r }));

describe('sloListFrame', () => {
  it("keeps the sidecar's order and flattens status, the 1h/6h burn and the forecast", () => {
    const frame = sloListFrame(sloList(now).slos);
    expect(values(frame, 'id')).toEqual([
      'checkout-api-availability',
      'payments-api-availability',
      'shop-frontend-latency',
      'search-api-latency',
      'cart-api-availability',
      'ledger-api-availability',
      'orders-api-availability',
    ]);
    const payments = rows<SloRow>(frame)[1];
    expect(payments).toMatchObject({
      burn1h: 3.4,
      burn6h: 3.1,
      alertState: 'ticket',
      outcome: 'exhausts',
      exhaustedAt: now + 52 * HOUR,
      earliest: now + 44 * HOUR,
      latest: now + 72 * HOUR,
      budgetAtEndLower: -2.4,
      labels: '{team="payments"}',
    });
    // Summaries have no detail figures.
    expect(values(frame, 'total')?.[1]).toBeNull();
    expect(values(frame, 'burn1h')?.[4]).toBeNull();
  });

  it('carries the detail figures for a detail', () => {
    const [row] = rows<SloRow & { total: number; windowStart: number; models: string }>(sloListFrame([sloDetail(now)]));
    expect(row).toMatchObject({
      total: 104_212_309,
      windowStart: now - 30 * DAY,
      models: 'holt-winters / holt-winters',
    });
  });
});

describe('sloBudgetFrame', () => {
  it('puts the history then the forecast cone on one time axis, the cone opening at the last actual point', () => {
    const frame = sloBudgetFrame(sloDetail(now));
    expect(frame.fields.map((f) => f.name)).toEqual(['time', 'actual', 'forecast', 'lower', 'upper']);
    expect(values(frame, 'time')).toEqual([
      now - 3 * HOUR,
      now - 2 * HOUR,
      now - HOUR,
      now,
      now + DAY,
      now + 2 * DAY,
      now + 3 * DAY,
    ]);
    expect(values(frame, 'actual')).toEqual([0.5, 0.45, 0.38, 0.31, null, null, null]);
    expect(values(frame, 'forecast')).toEqual([null, null, null, 0.31, 0.17, 0.02, -0.12]);
    expect(values(frame, 'lower')).toEqual([null, null, null, 0.31, 0.1, -0.08, -0.25]);
    expect(values(frame, 'upper')).toEqual([null, null, null, 0.31, 0.22, 0.12, 0.01]);
    expect(frame.fields[1].config.unit).toBe('percentunit');
  });

  it('anchors the cone on the last known budget when the latest steps have none, and not at all without a forecast', () => {
    const base = sloDetail(now);
    const gap = sloBudgetFrame({
      ...base,
      history: [...base.history, { t: now + HOUR, budgetRemaining: null, errorRatio: null }],
    });
    expect(values(gap, 'forecast')?.slice(0, 5)).toEqual([null, null, null, 0.31, null]);
    const none = sloBudgetFrame({ ...base, forecastPath: [] });
    expect(values(none, 'forecast')).toEqual([null, null, null, null]);
  });
});

describe('sloExhaustionFrames', () => {
  it('marks the central exhaustion on the zero line with the range from the pessimistic to the optimistic edge', () => {
    const [frame] = sloExhaustionFrames(sloDetail(now));
    expect(values(frame, 'time')).toEqual([now + 44 * HOUR, now + 52 * HOUR, now + 72 * HOUR]);
    expect(values(frame, 'exhaustion')).toEqual([null, 0, null]);
    expect(values(frame, 'exhaustion range')).toEqual([0, 0, 0]);
  });

  it('runs the range to the end of the forecast when the optimistic edge never reaches zero', () => {
    const detail = sloDetail(now);
    const [frame] = sloExhaustionFrames({ ...detail, forecast: { ...detail.forecast, latest: null } });
    expect(values(frame, 'time')).toEqual([now + 44 * HOUR, now + 52 * HOUR, now + 30 * DAY]);
  });

  it('marks only the moment an exhausted budget ran out, and nothing when it does not run out', () => {
    const detail = sloDetail(now);
    const past = { ...detail.forecast, outcome: 'already-exhausted' as const, exhaustedAt: now - 3 * HOUR };
    const [frame] = sloExhaustionFrames({ ...detail, forecast: { ...past, earliest: null, latest: null } });
    expect(values(frame, 'time')).toEqual([now - 3 * HOUR]);
    expect(values(frame, 'exhaustion')).toEqual([0]);
    const safe = { ...detail.forecast, outcome: 'not-exhausted-within-horizon' as const, exhaustedAt: null };
    expect(sloExhaustionFrames({ ...detail, forecast: safe })).toEqual([]);
  });
});

describe('SLO detail tables and the error ratio', () => {
  it('draws the error ratio against the error budget', () => {
    const frame = sloErrorRatioFrame(sloDetail(now));
    expect(values(frame, 'error ratio')).toEqual([0.004, 0.006, 0.007, 0.0068]);
    expect(values(frame, 'error budget')).toEqual([0.002, 0.002, 0.002, 0.002]);
  });

  it('gives each burn-rate window the lowest page and ticket factor of the alerts reading it', () => {
    const burns = rows<SloBurnRateRow>(sloBurnRatesFrame(sloDetail(now)));
    expect(burns.map((b) => [b.window, b.pageFactor, b.ticketFactor])).toEqual([
      ['5m', 14.4, null],
      ['30m', 6, null],
      ['1h', 14.4, null],
      ['2h', null, 3],
      ['6h', 6, 1],
      ['1d', null, 3],
      ['3d', null, 1],
    ]);
    expect(burns[2].burnRate).toBe(3.4);
  });

  it('joins each alert rule with the current burn of its windows and its error-ratio threshold', () => {
    const alerts = rows<SloAlertRow>(sloAlertsFrame(sloDetail(now)));
    expect(alerts[2]).toEqual({
      severity: 'ticket',
      longWindow: '1d',
      shortWindow: '2h',
      factor: 3,
      threshold: expect.closeTo(0.006, 10),
      longBurn: 3.05,
      shortBurn: 3.3,
      firing: true,
    });
    expect(alerts[0].threshold).toBeCloseTo(0.0288, 10);
  });
});
