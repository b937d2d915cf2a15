// Invariants of the simulated cluster: real metric names and labels, true counters, the scripted incidents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSimulatedCluster } from '../../src/sources/simulator/cluster.ts';
import { SimulatorSource } from '../../src/sources/simulator-source.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const anchorMs = Date.UTC(2025, 2, 4, 16, 42, 10);
const cluster = createSimulatedCluster({ seed: 123, anchorMs });
const source = new SimulatorSource(cluster);

test('every series carries job and instance like a scraped target, with real exporter names', () => {
  for (const f of cluster.families) {
    for (const s of f.series) {assert.ok(s.labels.job && s.labels.instance, `${s.labels.__name__} lacks job/instance`);}
  }
  const names = new Set(cluster.seriesByName.keys());
  for (const n of ['kube_pod_info', 'kube_node_labels', 'node_filesystem_avail_bytes', 'karpenter_nodepools_usage', 'http_request_duration_seconds_sum']) {
    assert.ok(names.has(n), n);
  }
  assert.ok(!names.has('karpenter_nodes_ready_total'), 'Karpenter has no such metric');
  const phases = new Set(cluster.seriesByName.get('kube_pod_status_phase')!.map((s) => s.labels.phase));
  assert.deepEqual([...phases].sort(), ['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown']);
});

test('names look like EKS objects', () => {
  for (const n of cluster.nodes) {assert.match(n.name, /^ip-10-0-\d+-\d+\.ec2\.internal$/);}
  for (const p of cluster.pods) {assert.match(p.name, new RegExp(`^${p.deployment.name}-[b-z2-9]{10}-[b-z2-9]{5}$`));}
  const atAnchor = cluster.pods.filter((p) => p.createdMs <= anchorMs && anchorMs <= p.endMs);
  const count = (ns: string, d: string) => atAnchor.filter((p) => p.deployment.namespace === ns && p.deployment.name === d).length;
  assert.deepEqual([count('shop', 'frontend'), count('shop', 'checkout'), count('shop', 'cart'), count('payments', 'api'), count('data', 'worker')], [3, 2, 2, 2, 2]);
});

test('counters never decrease and are the same whatever the sampling', () => {
  for (const f of cluster.families.filter((x) => x.type === 'counter' || x.type === 'histogram')) {
    for (const s of f.series) {
      if (s.labels.__name__.endsWith('_bucket') && s.labels.le !== '+Inf') {continue;} // checked through +Inf and _count
      const from = Math.max(s.startMs, anchorMs - 2 * DAY);
      const to = Math.min(s.endMs, anchorMs + DAY);
      let prev = -Infinity;
      for (let t = from, i = 0; t <= to; t += 7 * 60_000 + (i++ % 13) * 1000) {
        const v = s.value(t);
        assert.ok(v >= prev - 1e-9, `${JSON.stringify(s.labels)} decreased at ${new Date(t).toISOString()}`);
        prev = v;
      }
    }
  }
});

test('rate() gives the same answer on a 1m grid and a 5m grid', async () => {
  const query = 'sum by (service) (rate(http_requests_total[5m]))';
  const fine = await source.queryRange({ query, startMs: anchorMs - 6 * HOUR, endMs: anchorMs, stepMs: 60_000 });
  const coarse = await source.queryRange({ query, startMs: anchorMs - 6 * HOUR, endMs: anchorMs, stepMs: 300_000 });
  assert.equal(fine.length, 4);
  fine.forEach((s, k) => coarse[k].values.forEach((v, i) => assert.equal(v, s.values[i * 5])));
});

test('the scripted incidents are exported with their timeline', () => {
  assert.deepEqual(cluster.incidents.map((i) => [i.kind, `${i.namespace}/${i.workload}`]), [
    ['memory-leak', 'shop/checkout'], ['traffic-spike', 'shop/frontend'], ['cpu-surge', 'data/worker'], ['error-burn', 'payments/api'],
  ]);
  for (const i of cluster.incidents) {
    assert.ok(i.startMs >= anchorMs - 6 * HOUR && i.startMs <= anchorMs + HOUR && i.endMs > i.startMs + HOUR, i.name);
  }
});

test('the leaking checkout pods are OOMKilled 2-3 hours after the anchor and restart with a small working set', async () => {
  const range = { startMs: anchorMs + 2 * HOUR, endMs: anchorMs + 3 * HOUR + 30 * 60_000, stepMs: 60_000 };
  const restarts = await source.queryRange({ query: 'increase(kube_pod_container_status_restarts_total{namespace="shop", container="checkout"}[90m])', ...range, startMs: range.endMs });
  assert.deepEqual(restarts.map((s) => Math.round(s.values[0])), [1, 1]);
  const ws = await source.queryRange({ query: 'container_memory_working_set_bytes{namespace="shop", container="checkout"}', ...range });
  assert.equal(ws.length, 2);
  for (const s of ws) {
    assert.ok(Math.max(...s.values) > 0.95 * 2 ** 30, 'reaches the limit');
    assert.ok(s.values[s.values.length - 1] < 0.5 * 2 ** 30, 'drops after the restart');
  }
  const reason = await source.queryRange({ query: 'kube_pod_container_status_last_terminated_reason{reason="OOMKilled"}', ...range });
  assert.equal(reason.length, 2);
});

test('the frontend HPA and Karpenter react to the traffic spike', async () => {
  const range = { startMs: anchorMs, endMs: anchorMs + 4 * HOUR, stepMs: 60_000 };
  const replicas = await source.queryRange({ query: 'kube_deployment_spec_replicas{deployment="frontend"}', ...range });
  assert.deepEqual(replicas[0].values.filter((v, i, a) => i === 0 || v !== a[i - 1]), [3, 8, 10, 3]);
  const created = await source.queryRange({ query: 'karpenter_nodeclaims_created_total', ...range });
  assert.equal(created[0].values[range.endMs / 60_000 - range.startMs / 60_000] - created[0].values[0], 2);
  const queue = await source.queryRange({ query: 'max_over_time(karpenter_scheduler_queue_depth[4h])', ...range, startMs: range.endMs });
  assert.equal(queue[0].values[0], 4);
});
