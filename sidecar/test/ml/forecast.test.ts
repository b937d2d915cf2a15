import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forecast, isSeasonalModel, MIN_POINTS } from '../../src/ml/index.ts';
import { rng } from './rng.ts';

const DAY = 288; // 5-minute steps

function trendPlusDailySine(len: number, seed: number): number[] {
  const r = rng(seed);
  return Array.from({ length: len }, (_, t) => 100 + 0.01 * t + 10 * Math.sin((2 * Math.PI * t) / DAY) + 0.5 * r.normal());
}

describe('forecast', () => {
  it('forecasts trend + daily sine within MAPE < 1.5% over 288 steps with a seasonal model', () => {
    const all = trendPlusDailySine(DAY * 11, 7);
    const train = all.slice(0, DAY * 10);
    const f = forecast(train, { horizon: DAY, level: 0.95, seasonalPeriods: [DAY] });
    let ape = 0;
    for (let j = 0; j < DAY; j++) {ape += Math.abs(f.yhat[j] - all[train.length + j]) / all[train.length + j];}
    const mape = (100 * ape) / DAY;
    assert.ok(mape < 1.5, `MAPE ${mape.toFixed(2)}% should be < 1.5% (model ${f.model})`);
    assert.ok(isSeasonalModel(f.model), `expected a seasonal model, got ${f.model}`);
    assert.equal(f.backtest[0].model, f.model);
    assert.equal(f.backtest[0].mase, f.mase);
    // the seasonal model must beat the non-seasonal ones by a wide margin on this series
    const nonSeasonal = f.backtest.find((s) => s.model === 'damped-trend');
    assert.ok(nonSeasonal && nonSeasonal.mase > 2 * f.mase);
  });

  it('returns bands of the horizon length with lower ≤ yhat ≤ upper', () => {
    const f = forecast(trendPlusDailySine(DAY * 4, 3), { horizon: 36, level: 0.8, seasonalPeriods: [DAY] });
    assert.equal(f.yhat.length, 36);
    assert.equal(f.lower.length, 36);
    assert.equal(f.upper.length, 36);
    for (let j = 0; j < 36; j++) {assert.ok(f.lower[j] <= f.yhat[j] && f.yhat[j] <= f.upper[j]);}
    for (let j = 1; j < f.backtest.length; j++) {assert.ok(f.backtest[j - 1].mase <= f.backtest[j].mase);}
  });

  it('gives pure noise an interval whose coverage on fresh draws is near the level', () => {
    const level = 0.9;
    let inside = 0;
    let total = 0;
    for (let s = 0; s < 20; s++) {
      const r = rng(100 + s);
      const history = Array.from({ length: 600 }, () => 50 + 5 * r.normal());
      const f = forecast(history, { horizon: 24, level });
      for (let j = 0; j < 24; j++) {
        const fresh = 50 + 5 * r.normal();
        if (fresh >= f.lower[j] && fresh <= f.upper[j]) {inside++;}
        total++;
      }
    }
    const coverage = inside / total;
    assert.ok(Math.abs(coverage - level) < 0.05, `coverage ${coverage.toFixed(3)} should be within 0.05 of ${level}`);
  });

  it('widens the interval with the horizon on a random walk', () => {
    const r = rng(42);
    let v = 0;
    const walk = Array.from({ length: 2000 }, () => (v += r.normal()));
    const f = forecast(walk, { horizon: 48, level: 0.9 });
    const width = (j: number): number => f.upper[j] - f.lower[j];
    for (let j = 1; j < 48; j++) {assert.ok(width(j) >= width(j - 1) - 1e-9, `width shrinks at step ${j + 1}`);}
    // random-walk error grows like √h: step 48 should be several times wider than step 1
    assert.ok(width(47) > 3 * width(0), `width ${width(0).toFixed(2)} → ${width(47).toFixed(2)}`);
  });

  it('forecasts a linear ramp exactly with the damped-trend family', () => {
    const ramp = Array.from({ length: 200 }, (_, i) => 3 * i);
    const f = forecast(ramp, { horizon: 10, level: 0.95 });
    for (let j = 0; j < 10; j++) {assert.ok(Math.abs(f.yhat[j] - 3 * (200 + j)) < 1e-3, `step ${j + 1}: ${f.yhat[j]}`);}
  });

  it('interpolates interior NaN gaps and drops leading ones', () => {
    const ramp = Array.from({ length: 120 }, (_, i) => 2 * i);
    const gappy = ramp.map((v, i) => (i < 5 || (i > 40 && i < 60) || i % 17 === 0 ? NaN : v));
    gappy[119] = ramp[119]; // keep the last point observed
    const f = forecast(gappy, { horizon: 5, level: 0.9 });
    for (const v of [...f.yhat, ...f.lower, ...f.upper]) {assert.ok(Number.isFinite(v));}
    for (let j = 0; j < 5; j++) {assert.ok(Math.abs(f.yhat[j] - 2 * (120 + j)) < 1e-3, `step ${j + 1}: ${f.yhat[j]}`);}
  });

  it('carries trailing gaps forward so step 1 stays one step after the last slot', () => {
    const flat = [...Array.from({ length: 50 }, () => 7), NaN, NaN];
    const f = forecast(flat, { horizon: 3, level: 0.9 });
    assert.deepEqual(f.yhat, [7, 7, 7]);
  });

  it('throws a clear error for all-NaN and too-short input', () => {
    assert.throws(() => forecast([NaN, NaN, NaN], { horizon: 5, level: 0.9 }), /no finite values/);
    assert.throws(() => forecast([], { horizon: 5, level: 0.9 }), /no finite values/);
    assert.throws(
      () => forecast([NaN, 1, 2, 3], { horizon: 5, level: 0.9 }),
      new RegExp(`too short: 3 points.*need at least ${MIN_POINTS}`),
    );
    assert.throws(() => forecast([1, 2, 3, 4, 5], { horizon: 0, level: 0.9 }), /horizon/);
    assert.throws(() => forecast([1, 2, 3, 4, 5], { horizon: 3, level: 1.2 }), /level/);
    assert.throws(() => forecast([1, 2, 3, 4, 5], { horizon: 3, level: 0.9, candidates: ['prophet'] }), /unknown/);
  });

  it('falls back to non-seasonal models when the series is shorter than the seasons need', () => {
    const short = trendPlusDailySine(DAY + 50, 11);
    const f = forecast(short, { horizon: DAY, level: 0.95, seasonalPeriods: [DAY] });
    assert.ok(!isSeasonalModel(f.model));
    assert.ok(f.backtest.every((s) => !isSeasonalModel(s.model)));
    assert.equal(f.yhat.length, DAY);
  });

  it('handles the minimum length and a horizon longer than the history', () => {
    const f = forecast([1, 2, 3, 4, 5], { horizon: 20, level: 0.9 });
    assert.equal(f.yhat.length, 20);
    for (const v of [...f.yhat, ...f.lower, ...f.upper]) {assert.ok(Number.isFinite(v));}
  });

  it('restricts the candidates when asked', () => {
    const f = forecast(trendPlusDailySine(DAY * 4, 5), {
      horizon: 12,
      level: 0.9,
      seasonalPeriods: [DAY],
      candidates: ['naive', 'seasonal-naive'],
    });
    assert.deepEqual(f.backtest.map((s) => s.model).sort(), ['naive', 'seasonal-naive']);
  });

  it('names seasonal models by period when several periods are usable', () => {
    const f = forecast(trendPlusDailySine(DAY * 4, 9), { horizon: 12, level: 0.9, seasonalPeriods: [DAY, 144] });
    const names = f.backtest.map((s) => s.model);
    assert.ok(names.includes('seasonal-naive@288') && names.includes('seasonal-naive@144'));
  });
});
