// Known answers for the window-shift statistic (median of the last span values minus that of the span before).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WindowShift } from '../../src/ml/anomaly/window-shift.ts';

describe('window shift', () => {
  it('is NaN until both halves are full, then the difference of their medians', () => {
    const w = new WindowShift(3);
    [1, 1, 1, 5, 5].forEach((v) => w.push(v));
    assert.ok(Number.isNaN(w.difference()));
    w.push(5);
    assert.equal(w.difference(), 4);
    w.push(5);
    assert.equal(w.difference(), 4); // older half 1, 1, 5: median 1
    w.push(5);
    assert.equal(w.difference(), 0);
  });

  it('ignores a burst inside a window (medians) and starts afresh after clear', () => {
    const w = new WindowShift(5);
    [2, 2, 2, 2, 2, 2, 2, 100, 2, 2].forEach((v) => w.push(v));
    assert.equal(w.difference(), 0);
    w.clear();
    w.push(9);
    assert.ok(Number.isNaN(w.difference()));
  });
});
