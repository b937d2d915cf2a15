import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forecast, timeToThreshold } from '../../src/ml/index.ts';

describe('timeToThreshold', () => {
  it('finds the crossing of a forecast linear ramp within one step', () => {
    // y = 0.5·t for t = 0..299; step k is t = 299 + k; 180 is reached at t = 360, i.e. step 61
    const ramp = Array.from({ length: 300 }, (_, t) => 0.5 * t);
    const f = forecast(ramp, { horizon: 100, level: 0.95 });
    const c = timeToThreshold(f, 180, 'above');
    assert.ok(c.step !== null && Math.abs(c.step - 61) < 1, `step ${c.step}`);
    assert.ok(c.earliestStep !== null && c.earliestStep <= c.step);
    assert.ok(c.latestStep !== null && c.latestStep >= c.step);
  });

  it('interpolates between steps and uses the right bound for each direction', () => {
    const band = { yhat: [10, 8, 6, 4], lower: [9, 6, 3, 0], upper: [11, 10, 9, 8] };
    assert.deepEqual(timeToThreshold(band, 5, 'below'), { step: 3.5, earliestStep: 2 + 1 / 3, latestStep: null });
    assert.deepEqual(timeToThreshold(band, 10.5, 'above'), { step: null, earliestStep: 1, latestStep: null });
    assert.deepEqual(timeToThreshold(band, 9, 'above'), { step: 1, earliestStep: 1, latestStep: 1 });
  });

  it('returns nulls when nothing crosses within the horizon', () => {
    const band = { yhat: [1, 2, 3], lower: [0, 1, 2], upper: [2, 3, 4] };
    assert.deepEqual(timeToThreshold(band, 100, 'above'), { step: null, earliestStep: null, latestStep: null });
    assert.deepEqual(timeToThreshold(band, -1, 'below'), { step: null, earliestStep: null, latestStep: null });
  });
});
