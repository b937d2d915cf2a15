import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forecastExhaustion, type SloSpec } from '../../src/ml/slo/index.ts';

const STEP = 300;
const HOUR = 3600;
const DAY = 86400;
const NOW = Date.UTC(2026, 2, 25) / 1000;
const B = 0.001;

function stream(days: number, burn: (t: number) => number, total = (_t: number) => 1000) {
  const n = days * 288;
  const timestamps = Array.from({ length: n }, (_, i) => NOW - (n - 1 - i) * STEP);
  const tot = timestamps.map(total);
  return { timestamps, total: tot, errors: timestamps.map((t, i) => tot[i] * burn(t) * B) };
}

const W = 7 * DAY;
const rolling: SloSpec = { objective: 1 - B, window: { kind: 'rolling', seconds: W } };
const month: SloSpec = { objective: 1 - B, window: { kind: 'calendar', unit: 'month' } };
const hours = (t: number | null): number => (t === null ? NaN : (t - NOW) / HOUR);

describe('forecastExhaustion', () => {
  it('constant burn on a rolling window: the analytic answer, not remaining × window ÷ burn', () => {
    // Burn 0.5 for 13 days, then burn 2 for the last day. Now the window holds 6 days at 0.5 and 1 day at 2:
    // remaining R = 1 − (6·0.5 + 2)/7 = 2/7. Going on at burn b while the old burn b₀ = 0.5 rolls off, the budget
    // falls at (b − b₀) ÷ W per unit time, so it reaches 0 after W·R ÷ (b − b₀) = 7d·(2/7) ÷ 1.5 = 32 h
    // (first order W·R ÷ b would say 24 h: 8 hours early).
    const f = forecastExhaustion(
      stream(14, (t) => (t > NOW - DAY ? 2 : 0.5)),
      rolling
    );
    assert.equal(f.outcome, 'exhausts');
    assert.ok(Math.abs((f.budgetRemaining ?? NaN) - 2 / 7) < 1e-9);
    assert.ok(Math.abs(hours(f.exhaustedAt) - 32) <= 1, `exhausts after ${hours(f.exhaustedAt)} h`);
    assert.ok(f.earliest! <= f.exhaustedAt! && (f.latest === null || f.latest >= f.exhaustedAt!));
    assert.equal(f.endAt, NOW + W);
    // 6 days later the window still holds the last day of history (burn 2): 1 + 6 − 2 = 6·r → r = 5/6
    assert.ok(Math.abs((f.safeBurnRate ?? NaN) - 5 / 6) < 0.01, `safe ${f.safeBurnRate}`);
    assert.ok(f.path.timestamps.length === 168 && f.path.expected.length === 168);
  });

  it('a steady burn below 1 never exhausts a rolling window; the safe burn rate is 1 at the horizon', () => {
    const f = forecastExhaustion(
      stream(14, () => 0.5),
      rolling
    );
    assert.equal(f.outcome, 'not-exhausted-within-horizon');
    assert.equal(f.exhaustedAt, null);
    assert.ok(Math.abs((f.budgetAtEnd.expected ?? NaN) - 0.5) < 1e-6);
    assert.ok(Math.abs((f.safeBurnRate ?? NaN) - 1) < 0.01, `safe ${f.safeBurnRate}`);
  });

  it('calendar month: exhausts before the reset, or says it will not', () => {
    // March: burn 0.5 for 20 days, then burn b. Now = Mar 25 00:00, the period so far holds 20·0.5 + 4·b.
    const march = (b: number) => stream(40, (t) => (t > Date.UTC(2026, 2, 21) / 1000 ? b : 0.5));
    // b = 2: (18 + 2(t − 24)) / t = 1 at t = 30 days → Mar 31 00:00
    const a = forecastExhaustion(march(2), month);
    assert.equal(a.outcome, 'exhausts');
    assert.ok(Math.abs(hours(a.exhaustedAt) - 6 * 24) <= 1, `exhausts after ${hours(a.exhaustedAt)} h`);
    assert.equal(a.endAt, Date.UTC(2026, 3, 1) / 1000);
    // b = 1.8: (17.2 + 1.8(t − 24)) / t = 1 at t = 32.5 days, after the month ends → at the period end
    // 1 − (10 + 4·1.8 + 7·1.8)/31
    const b = forecastExhaustion(march(1.8), month);
    assert.equal(b.outcome, 'not-exhausted-before-reset');
    assert.equal(b.exhaustedAt, null);
    assert.ok(Math.abs((b.budgetAtEnd.expected ?? NaN) - (1 - 29.8 / 31)) < 1e-6, `${b.budgetAtEnd.expected}`);
    // safe from now: (31 − 10 − 7.2) ÷ 7
    assert.ok(Math.abs((b.safeBurnRate ?? NaN) - 13.8 / 7) < 1e-6, `safe ${b.safeBurnRate}`);
  });

  it('an incident that recovered does not exhaust; its cost rolls off', () => {
    // 2 hours at burn 20, three days ago, otherwise burn 0.5
    const incident = (t: number) => (t > NOW - 3 * DAY - 2 * HOUR && t <= NOW - 3 * DAY ? 20 : 0.5);
    const f = forecastExhaustion(stream(14, incident), rolling);
    assert.ok(Math.abs((f.budgetRemaining ?? NaN) - (0.5 - (2 * 19.5) / 168)) < 1e-6);
    assert.equal(f.outcome, 'not-exhausted-within-horizon');
    assert.ok(Math.abs((f.budgetAtEnd.expected ?? NaN) - 0.5) < 0.02, `at end ${f.budgetAtEnd.expected}`);
  });

  it('already exhausted: exhaustedAt is when the budget crossed 0', () => {
    // burn 2 since 3 days ago after 0.5: R(d) = 0.5 − d·1.5/7 reaches 0 at d = 7/3 days after the change
    const f = forecastExhaustion(
      stream(14, (t) => (t > NOW - 3 * DAY ? 2 : 0.5)),
      rolling
    );
    assert.equal(f.outcome, 'already-exhausted');
    const expected = NOW - 3 * DAY + (7 / 3) * DAY;
    assert.ok(Math.abs(f.exhaustedAt! - expected) <= STEP, `${(f.exhaustedAt! - expected) / STEP} steps off`);
    assert.equal(f.exhaustedBeforeData, false);
    assert.ok((f.budgetRemaining ?? 0) < 0);
  });

  it('zero traffic, short history and missing steps give clear outcomes', () => {
    const idle = forecastExhaustion(
      stream(
        3,
        () => 0,
        () => 0
      ),
      rolling
    );
    assert.equal(idle.outcome, 'no-traffic');
    assert.equal(idle.budgetRemaining, null);
    // 3 hours of data: the status is known, a forecast is not
    const short = forecastExhaustion(
      sliceLast(
        stream(1, () => 0.5),
        36
      ),
      rolling
    );
    assert.equal(short.outcome, 'insufficient-history');
    assert.ok(Math.abs((short.budgetRemaining ?? NaN) - 0.5) < 1e-9);
    assert.equal(short.exhaustedAt, null);
    // the constant-burn case with NaNs and dropped timestamps still lands within one forecast step
    const s = stream(14, (t) => (t > NOW - DAY ? 2 : 0.5));
    for (let i = 100; i < s.total.length; i += 37) {
      s.errors[i] = NaN;
    }
    const keep = (_: unknown, i: number): boolean => i % 53 !== 0;
    const gappy = { timestamps: s.timestamps.filter(keep), total: s.total.filter(keep), errors: s.errors.filter(keep) };
    const f = forecastExhaustion(gappy, rolling);
    assert.ok(Math.abs(hours(f.exhaustedAt) - 32) <= 1, `exhausts after ${hours(f.exhaustedAt)} h`);
  });
});

function sliceLast(s: { timestamps: number[]; total: number[]; errors: number[] }, k: number) {
  return { timestamps: s.timestamps.slice(-k), total: s.total.slice(-k), errors: s.errors.slice(-k) };
}
