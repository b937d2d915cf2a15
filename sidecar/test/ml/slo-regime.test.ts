// The exhaustion forecast on noisy counts (Poisson requests and errors, hourly error burstiness): the current
// regime is found within hours of a change, its level drives the forecast, and the range covers the answer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forecastExhaustion, type SloSpec } from '../../src/ml/slo/index.ts';
import { burstiness, currentRegime } from '../../src/ml/slo/regime.ts';
import { rng } from './rng.ts';

const STEP = 300;
const HOUR = 3600;
const DAY = 86400;
const NOW = Date.UTC(2026, 2, 25) / 1000;
const B = 0.001;

function poisson(lambda: number, u: () => number, normal: () => number): number {
  if (lambda > 50) {
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal()));
  }
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= u();
  } while (p > l);
  return k - 1;
}

/** `days` of 5-minute counts ending at NOW: ~1000 requests per step, burn(t) × B error ratio, bursty per hour. */
function noisy(days: number, burn: (t: number) => number, seed = 1, burst = 0.4) {
  const r = rng(seed);
  const n = days * 288;
  const timestamps = Array.from({ length: n }, (_, i) => NOW - (n - 1 - i) * STEP);
  const total: number[] = [];
  const errors: number[] = [];
  let factor = 1;
  timestamps.forEach((t, i) => {
    if (i % 12 === 0) {
      factor = Math.exp(burst * r.normal() - (burst * burst) / 2);
    }
    const req = poisson(1000, r.uniform, r.normal);
    total.push(req);
    errors.push(Math.min(req, poisson(req * burn(t) * B * factor, r.uniform, r.normal)));
  });
  return { timestamps, total, errors };
}

/** Hourly buckets of a stream (the forecast's own resolution). */
function hourly(s: { total: number[]; errors: number[] }) {
  const total: number[] = [];
  const errors: number[] = [];
  for (let i = 0; i + 12 <= s.total.length; i += 12) {
    total.push(s.total.slice(i, i + 12).reduce((a, b) => a + b, 0));
    errors.push(s.errors.slice(i, i + 12).reduce((a, b) => a + b, 0));
  }
  return { total, errors };
}

const W = 7 * DAY;
const rolling: SloSpec = { objective: 1 - B, window: { kind: 'rolling', seconds: W } };
const days = (t: number | null): number => (t === null ? NaN : (t - NOW) / DAY);

describe('currentRegime', () => {
  it('estimates the burstiness and finds no change in a steady, bursty stream', () => {
    for (const seed of [1, 2, 3]) {
      const h = hourly(noisy(14, () => 2, seed));
      const kappa = burstiness(h);
      // log-normal σ 0.4 per hour: Var = μ + (e^0.16 − 1)μ², κ ≈ 0.17; the median estimator reads it low
      assert.ok(kappa > 0.05 && kappa < 0.3, `κ ${kappa}`);
      const r = currentRegime(h, kappa);
      assert.equal(r.start, 0, `seed ${seed}: a change found at ${r.changes.join(', ')}`);
      assert.ok(Math.abs(r.ratio / B - 2) < 0.15, `burn ${r.ratio / B}`);
    }
  });

  it('picks up a step in the errors within hours, and not before it', () => {
    for (const [burn, within] of [
      [20, 2],
      [4, 8],
    ]) {
      // the step happened 12 hours ago: the regime must start there (± 1 h), at the new level
      const h = hourly(noisy(14, (t) => (t > NOW - 12 * HOUR ? burn : 0.5), 7));
      const r = currentRegime(h, burstiness(h));
      assert.ok(Math.abs(h.total.length - r.start - 12) <= 1, `burn ${burn}: regime of ${h.total.length - r.start} h`);
      assert.ok(Math.abs(r.ratio / B - burn) < burn * 0.25, `burn ${r.ratio / B} for ${burn}`);
      // `within` hours after the step the regime has already moved to it
      const early = hourly(noisy(14, (t) => (t > NOW - within * HOUR ? burn : 0.5), 8));
      const e = currentRegime(early, burstiness(early));
      assert.ok(early.total.length - e.start <= within + 1, `burn ${burn}: regime of ${early.total.length - e.start} h`);
    }
  });
});

describe('forecastExhaustion on noisy counts', () => {
  it('a steady burn exhausts at the analytic time, inside the range', () => {
    // burn 0.5 for 13 days, burn 3 for the last day: R = 1 − (6·0.5 + 3)/7 = 1/7; the budget then falls at
    // (3 − 0.5)/7 per day → exhaustion 0.4 days (9.6 h) from now
    const f = forecastExhaustion(noisy(14, (t) => (t > NOW - DAY ? 3 : 0.5), 3), rolling);
    const R = f.budgetRemaining!; // 1/7 up to the noise of the last day's bursts
    assert.ok(Math.abs(R - 1 / 7) < 0.1, `remaining ${R}`);
    const expected = (R * 7) / 2.5;
    assert.equal(f.outcome, 'exhausts');
    assert.ok(Math.abs(days(f.exhaustedAt) - expected) < 2 / 24, `${days(f.exhaustedAt)} d, expected ${expected}`);
    assert.ok(f.earliest! <= f.exhaustedAt! && f.exhaustedAt! <= (f.latest ?? Infinity));
    assert.match(f.models!.errors, /regime/);
  });

  it('a burn that started 6 hours ago is forecast at its own level, not the month before it', () => {
    // burn 0.5 for 14 days then burn 8 since 6 h: R ≈ 0.5 − 6·7.5/168 = 0.232; falls at 7.5/7 per day → 0.22 d
    const f = forecastExhaustion(noisy(14, (t) => (t > NOW - 6 * HOUR ? 8 : 0.5), 4), rolling);
    const expected = (f.budgetRemaining! * 7) / 7.5;
    assert.equal(f.outcome, 'exhausts');
    assert.ok(Math.abs(days(f.exhaustedAt) - expected) < 2 / 24, `${days(f.exhaustedAt)} d, expected ${expected}`);
  });

  it('an incident that recovered does not predict exhaustion', () => {
    // 3 hours at burn 60 two days ago, burn 0.4 otherwise: 180 burn-hours of 168 h × 1 budget → R ≈ 0.6 − 1.07
    // would be exhausted, so use a 30-day window: R ≈ 0.6 − 180/720 = 0.35, and it recovers as it rolls off
    const spec: SloSpec = { objective: 1 - B, window: { kind: 'rolling', seconds: 30 * DAY } };
    const incident = (t: number): number => (t > NOW - 2 * DAY - 3 * HOUR && t <= NOW - 2 * DAY ? 60 : 0.4);
    const f = forecastExhaustion(noisy(32, incident, 5), spec, { horizonSeconds: 15 * DAY });
    assert.equal(f.outcome, 'not-exhausted-within-horizon');
    // the range allows for another incident like it (one in the month): its pessimistic edge may exhaust, not soon
    assert.ok(f.earliest === null || f.earliest - NOW > 3 * DAY, `earliest ${days(f.earliest)} d`);
  });

  it('a steady rise of the error ratio is forecast along the ramp', () => {
    // burn 0.3 until 5 days ago, then rising by 0.5 per day (2.8 now). With a 7-day window the budget now is
    // 1 − (2·0.3 + ∫₀⁵ (0.3 + 0.5s) ds)/7 = 1 − (0.6 + 1.5 + 6.25)/7 = −0.19: use a 30-day window instead.
    const spec: SloSpec = { objective: 1 - B, window: { kind: 'rolling', seconds: 30 * DAY } };
    const start = NOW - 5 * DAY;
    const burn = (t: number): number => (t <= start ? 0.3 : 0.3 + (0.5 * (t - start)) / DAY);
    const f = forecastExhaustion(noisy(32, burn, 6), spec, { horizonSeconds: 15 * DAY });
    assert.match(f.models!.errors, /ramp/);
    // the truth on the noise-free ramp: the window's burn integral reaches 30 days
    let used = 25 * 0.3 + 6.25;
    let t = 0;
    const dt = 0.01;
    while (used < 30 && t < 15) {
      used += ((0.3 + 0.5 * (5 + t)) - 0.3) * dt; // the day entering vs the day (at 0.3) leaving the window
      t += dt;
    }
    assert.ok(Math.abs(days(f.exhaustedAt) - t) < 1, `${days(f.exhaustedAt)} d, expected ${t}`);
    // a level forecast (the ratio of the last regime, flat) would be later
    const flat = forecastExhaustion(noisy(32, burn, 6), spec, { horizonSeconds: 15 * DAY, method: 'counts' });
    assert.ok(flat.exhaustedAt === null || flat.exhaustedAt > f.exhaustedAt!);
  });

  it('a calendar month resets: last month’s burn does not exhaust this one', () => {
    // burn 3 through February (exhausted), burn 0.5 since March 1; now = March 25
    const march = Date.UTC(2026, 2, 1) / 1000;
    const f = forecastExhaustion(
      noisy(40, (t) => (t > march ? 0.5 : 3), 9),
      { objective: 1 - B, window: { kind: 'calendar', unit: 'month' } }
    );
    assert.ok(Math.abs(f.budgetRemaining! - 0.5) < 0.05, `remaining ${f.budgetRemaining}`);
    assert.equal(f.outcome, 'not-exhausted-before-reset');
    assert.equal(f.endAt, Date.UTC(2026, 3, 1) / 1000);
    assert.ok(Math.abs(f.budgetAtEnd.expected! - 0.5) < 0.05);
  });
});
