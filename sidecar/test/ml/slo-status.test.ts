import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { budgetHistory, burnRateAlerts, periodBounds, sloStatus, type SloSpec } from '../../src/ml/slo/index.ts';

const STEP = 300;
const NOW = Date.UTC(2026, 2, 25) / 1000;
const DAY = 86400;

/** `days` of 5-minute steps ending at NOW, 1000 requests per step, errors from `ratio(t)`. */
function stream(days: number, ratio: (t: number) => number, total = (_t: number) => 1000) {
  const n = days * 288;
  const timestamps = Array.from({ length: n }, (_, i) => NOW - (n - 1 - i) * STEP);
  const tot = timestamps.map(total);
  return { timestamps, total: tot, errors: timestamps.map((t, i) => tot[i] * ratio(t)) };
}

const close = (a: number | null, b: number, tol = 1e-9): void => {
  assert.ok(a !== null && Math.abs(a - b) <= tol, `${a} ≠ ${b}`);
};
const spec30: SloSpec = { objective: 0.999, window: { kind: 'rolling', seconds: 30 * DAY } };

describe('sloStatus', () => {
  it('burn rate = error ratio ÷ budget on every window for a constant ratio', () => {
    const s = sloStatus(
      stream(4, () => 0.002),
      spec30
    );
    for (const w of ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const) {
      close(s.burnRates[w], 2, 1e-9);
    }
    const s99 = sloStatus(
      stream(4, () => 0.002),
      { ...spec30, objective: 0.99 }
    );
    close(s99.burnRates['1h'], 0.2);
  });

  it('budget remaining = 1 − ratio ÷ budget over the window, negative when overspent', () => {
    const spec = { objective: 0.999, window: { kind: 'rolling' as const, seconds: DAY } };
    const s = sloStatus(
      stream(3, () => 0.0005),
      spec
    );
    close(s.budgetRemaining, 0.5);
    close(s.sli, 0.9995);
    assert.equal(s.total, 288 * 1000);
    assert.equal(s.partialWindow, false);
    // only the last day counts: half a day at ratio 0.003 → window ratio 0.00175 → 1 − 1.75
    const over = sloStatus(
      stream(3, (t) => (t > NOW - DAY / 2 ? 0.003 : 0.0005)),
      spec
    );
    close(over.budgetRemaining, -0.75, 1e-9);
  });

  it('pages on a fast burn (1h and 5m above 14.4)', () => {
    const s = sloStatus(
      stream(4, (t) => (t > NOW - 3600 ? 0.02 : 0.0002)),
      spec30
    );
    close(s.burnRates['1h'], 20);
    assert.deepEqual(
      s.alerts.map((a) => [a.severity, a.longWindow, Number(a.factor.toFixed(4)), a.firing]),
      [
        ['page', '1h', 14.4, true],
        ['page', '6h', 6, false],
        ['ticket', '1d', 3, false],
        ['ticket', '3d', 1, false],
      ]
    );
    assert.equal(s.alertState, 'page');
  });

  it('opens a ticket on a slow burn (1d and 2h above 3) without paging', () => {
    const s = sloStatus(
      stream(4, (t) => (t > NOW - 2 * DAY ? 0.004 : 0.0002)),
      spec30
    );
    assert.equal(s.alertState, 'ticket');
    assert.deepEqual(
      s.alerts.map((a) => a.firing),
      [false, false, true, true]
    );
  });

  it('scales the factors with the period like Sloth (28 days: 13.44, 5.6, 2.8, 0.933)', () => {
    const rates = { '5m': 14, '30m': 14, '1h': 14, '2h': 14, '6h': 14, '1d': 14, '3d': 14 };
    const rules = burnRateAlerts(rates, 28 * DAY);
    assert.deepEqual(
      rules.map((r) => Number(r.factor.toFixed(3))),
      [13.44, 5.6, 2.8, 0.933]
    );
    // a 2-day SLO cannot evaluate the 3-day rule
    assert.equal(burnRateAlerts(rates, 2 * DAY)[3].firing, null);
  });

  it('burn rates are null without enough history, and everything is null with zero traffic', () => {
    const short = sloStatus(
      stream(2, () => 0.001),
      spec30
    );
    assert.equal(short.burnRates['3d'], null);
    assert.equal(short.alerts[3].firing, null);
    assert.equal(short.partialWindow, true);
    const idle = sloStatus(
      stream(
        4,
        () => 0,
        () => 0
      ),
      spec30
    );
    assert.equal(idle.sli, null);
    assert.equal(idle.budgetRemaining, null);
    assert.ok(Object.values(idle.burnRates).every((b) => b === null));
    assert.equal(idle.alertState, 'none');
  });

  it('skips NaN and missing steps, and counts them', () => {
    const s = stream(4, () => 0.002);
    s.total[s.total.length - 3] = NaN;
    s.errors[s.errors.length - 10] = NaN;
    const drop = new Set([s.timestamps.length - 20, s.timestamps.length - 21]);
    const gappy = {
      timestamps: s.timestamps.filter((_, i) => !drop.has(i)),
      total: s.total.filter((_, i) => !drop.has(i)),
      errors: s.errors.filter((_, i) => !drop.has(i)),
    };
    const st = sloStatus(gappy, { objective: 0.999, window: { kind: 'rolling', seconds: DAY } });
    close(st.burnRates['1h'], 2, 1e-9);
    close(st.budgetRemaining, -1, 1e-9);
    assert.equal(st.missingSteps, 4);
    assert.equal(st.stepSeconds, STEP);
  });

  it('calendar windows start at the UTC month (or ISO week) start', () => {
    const s = sloStatus(
      stream(40, (t) => (t <= Date.UTC(2026, 2, 1) / 1000 ? 0.01 : 0.0005)),
      {
        objective: 0.999,
        window: { kind: 'calendar', unit: 'month' },
      }
    );
    assert.equal(s.windowStart, Date.UTC(2026, 2, 1) / 1000);
    assert.equal(s.periodEnd, Date.UTC(2026, 3, 1) / 1000);
    assert.equal(s.periodSeconds, 31 * DAY);
    close(s.budgetRemaining, 0.5, 1e-9);
    // Thursday 2026-11-26 is in the week of Monday 2026-11-23; a step ending at a boundary belongs to the period before
    assert.deepEqual(periodBounds(Date.UTC(2026, 10, 26, 12) / 1000, 'week'), {
      start: Date.UTC(2026, 10, 23) / 1000,
      end: Date.UTC(2026, 10, 30) / 1000,
    });
    assert.equal(periodBounds(Date.UTC(2026, 3, 1) / 1000, 'month').start, Date.UTC(2026, 2, 1) / 1000);
  });

  it('budgetHistory gives the burn-down on the grid', () => {
    const h = budgetHistory(
      stream(2, () => 0.0005),
      { objective: 0.999, window: { kind: 'rolling', seconds: DAY } }
    );
    assert.equal(h.timestamps.length, 576);
    close(h.budgetRemaining[575], 0.5);
  });

  it('rejects malformed input', () => {
    assert.throws(
      () =>
        sloStatus(
          stream(1, () => 0),
          { ...spec30, objective: 1 }
        ),
      /objective/
    );
    assert.throws(() => sloStatus({ timestamps: [1, 2], total: [1], errors: [0, 0] }, spec30), /same length/);
  });
});
