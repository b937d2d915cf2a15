import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { karpenterCapacity } from '../../src/ml/index.ts';

describe('karpenterCapacity', () => {
  const pendingPods = {
    yhat: [0, 5, 12, -3, 30.2, 29, 29, 29, 29, 29, 29, 41],
    lower: [-2, 1, 8, -6, 20, 20, 20, 20, 20, 20, 20, 35],
    upper: [3, 9, 20, 1, 45, 40, 40, 40, 40, 40, 40, 60],
  };

  it('computes pending pods and nodes needed at the given steps', () => {
    const out = karpenterCapacity({ pendingPods, podsPerNode: 10 }, [3, 6, 12]);
    assert.deepEqual(out, [
      { step: 3, pendingPods: 12, pendingPodsLower: 8, pendingPodsUpper: 20, nodesNeeded: 2, nodesNeededUpper: 2 },
      { step: 6, pendingPods: 29, pendingPodsLower: 20, pendingPodsUpper: 40, nodesNeeded: 3, nodesNeededUpper: 4 },
      { step: 12, pendingPods: 41, pendingPodsLower: 35, pendingPodsUpper: 60, nodesNeeded: 5, nodesNeededUpper: 6 },
    ]);
  });

  it('clamps negative forecasts to zero pods and zero nodes', () => {
    const [a, b] = karpenterCapacity({ pendingPods, podsPerNode: 4 }, [1, 4]);
    assert.deepEqual(a, { step: 1, pendingPods: 0, pendingPodsLower: 0, pendingPodsUpper: 3, nodesNeeded: 0, nodesNeededUpper: 1 });
    assert.deepEqual(b, { step: 4, pendingPods: 0, pendingPodsLower: 0, pendingPodsUpper: 1, nodesNeeded: 0, nodesNeededUpper: 1 });
  });

  it('rounds fractional pods up to whole nodes', () => {
    const [c] = karpenterCapacity({ pendingPods, podsPerNode: 15 }, [5]);
    assert.equal(c.nodesNeeded, 3); // 30.2 / 15 = 2.01 → 3
    assert.equal(c.nodesNeededUpper, 3); // 45 / 15 = 3 exactly
  });

  it('rejects steps outside the forecast and bad pods per node', () => {
    assert.throws(() => karpenterCapacity({ pendingPods, podsPerNode: 10 }, [13]), /1\.\.12/);
    assert.throws(() => karpenterCapacity({ pendingPods, podsPerNode: 10 }, [0]), /step 0/);
    assert.throws(() => karpenterCapacity({ pendingPods, podsPerNode: 0 }, [1]), /podsPerNode/);
  });
});
