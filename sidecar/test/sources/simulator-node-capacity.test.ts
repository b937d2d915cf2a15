// A node cannot be busier than its CPUs: during the seed-42 traffic spike one node's pods ask for more than its 4
// cores. Its idle counters must still only grow (else rate() sees a counter reset) and utilisation stays in [0, 1].
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSimulatedCluster } from '../../src/sources/simulator/cluster.ts';
import { SimulatorSource } from '../../src/sources/simulator-source.ts';

const HOUR = 3_600_000;
const anchorMs = Date.UTC(2026, 10, 26, 9, 17, 0);
const cluster = createSimulatedCluster({ seed: 42, anchorMs });

test('idle CPU counters never run backwards, even on an overloaded node', () => {
  for (const s of cluster.seriesByName.get('node_cpu_seconds_total')!.filter((x) => x.labels.mode === 'idle')) {
    let prev = -Infinity;
    for (let t = Math.max(s.startMs, anchorMs); t <= Math.min(s.endMs, anchorMs + 4 * HOUR); t += 15_000) {
      const v = s.value(t);
      assert.ok(v >= prev, `${s.labels.node} cpu ${s.labels.cpu} idle decreased at ${new Date(t).toISOString()}`);
      prev = v;
    }
  }
});

test('node CPU utilisation stays between 0 and 1 through the traffic spike', async () => {
  const series = await new SimulatorSource(cluster).queryRange({
    query: '1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m]))',
    startMs: anchorMs,
    endMs: anchorMs + 4 * HOUR,
    stepMs: 60_000,
  });
  const values = series.flatMap((s) => s.values.filter((v) => Number.isFinite(v)));
  assert.ok(values.length > 100);
  assert.ok(Math.min(...values) >= 0, `min ${Math.min(...values)}`);
  assert.ok(Math.max(...values) <= 1, `max ${Math.max(...values)}`);
  // The spike does saturate a node: the cap is reached, not avoided.
  assert.ok(Math.max(...values) > 0.9, `max ${Math.max(...values)}`);
});
