// The default forecast-job queries must evaluate against the simulated cluster with the right shapes, labels and
// plausible values, and the scripted incidents must show up in them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMetricSource } from '../../src/sources/index.ts';
import type { Series } from '../../src/sources/metric-source.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const anchorMs = Date.UTC(2025, 5, 11, 9, 17, 23);
const { source, cluster } = createMetricSource({ simulator: { seed: 7, anchorMs } });
const week = { startMs: anchorMs - 7 * DAY, endMs: anchorMs, stepMs: 5 * 60_000 };
const incidents = { startMs: anchorMs - HOUR, endMs: anchorMs + 8 * HOUR, stepMs: 60_000 };
const STEPS = 7 * 288 + 1;

const q = (query: string, range = week) => source.queryRange({ query, ...range });
const finite = (s: Series) => s.values.filter(Number.isFinite);
const labelNames = (s: Series) => Object.keys(s.labels).sort().join(',');
const key = (s: Series) => JSON.stringify(Object.entries(s.labels).sort());

function assertShape(result: Series[], labels: string, count?: number) {
  if (count !== undefined) {assert.equal(result.length, count, `series count: ${result.map(key).join(' ')}`);}
  assert.ok(result.length > 0);
  for (const s of result) {
    assert.equal(labelNames(s), labels);
    assert.equal(s.timestamps.length, s.values.length);
  }
}

test('the simulator is the source when no Prometheus is configured', () => {
  assert.ok(cluster);
  assert.equal(source.health().kind, 'simulator');
});

test('node CPU utilisation: one series per node-exporter instance, a busy fraction on every step', async () => {
  const r = await q('1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m]))');
  assertShape(r, 'instance', 4);
  for (const s of r) {
    assert.equal(s.values.length, STEPS);
    assert.equal(finite(s).length, STEPS);
    assert.ok(Math.min(...s.values) > 0.03 && Math.max(...s.values) < 0.95, `${s.labels.instance}: ${Math.min(...s.values)}..${Math.max(...s.values)}`);
    // Daily seasonality: the busiest hour is clearly busier than the quietest.
    assert.ok(Math.max(...s.values) > 1.3 * Math.min(...s.values));
  }
});

test('container memory has a limit per container, and the checkout leak approaches it', async () => {
  const usage = await q('sum by (namespace, pod, container) (container_memory_working_set_bytes{container!="", container!="POD"})');
  const limits = await q('sum by (namespace, pod, container) (kube_pod_container_resource_limits{resource="memory"})');
  assertShape(usage, 'container,namespace,pod');
  assertShape(limits, 'container,namespace,pod');
  assert.ok(!usage.some((s) => s.labels.container === 'POD'));
  const limitByKey = new Map(limits.map((s) => [key(s), finite(s)[0]]));
  for (const s of usage) {
    const limit = limitByKey.get(key(s));
    assert.ok(limit, `no limit for ${key(s)}`);
    assert.ok(Math.max(...finite(s)) < limit && Math.min(...finite(s)) > 50 * 2 ** 20);
  }
  // Pods come and go with deploys: more pods over the week than replicas at any moment.
  assert.ok(usage.length > 11);
  const leaking = usage.filter((s) => s.labels.pod.startsWith('checkout-') && Number.isFinite(s.values[STEPS - 1]));
  assert.equal(leaking.length, 2);
  for (const s of leaking) {
    const last = s.values[STEPS - 1];
    const fiveHoursBefore = s.values[STEPS - 1 - 60];
    assert.ok(last > 0.75 * 2 ** 30, `leak at anchor: ${last / 2 ** 20} MiB`);
    assert.ok(last - fiveHoursBefore > 300 * 2 ** 20, 'leak grows steadily');
    assert.ok(Number.isNaN(s.values[STEPS - 1 - 7 * 12]), 'the leaking release started ~6h before the anchor');
  }
});

test('container CPU rates stay under their CPU limits; the worker surge approaches its limit', async () => {
  const usage = await q('sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{container!="", container!="POD"}[5m]))');
  const limits = await q('sum by (namespace, pod, container) (kube_pod_container_resource_limits{resource="cpu"})');
  assertShape(usage, 'container,namespace,pod');
  const limitByKey = new Map(limits.map((s) => [key(s), finite(s)[0]]));
  for (const s of usage) {
    const limit = limitByKey.get(key(s))!;
    assert.ok(Math.max(...finite(s)) < limit && Math.min(...finite(s)) > 0, key(s));
  }
  const surge = await q('max(rate(container_cpu_usage_seconds_total{namespace="data", container="worker"}[5m]))', incidents);
  const before = surge[0].values.slice(0, 60);
  assert.ok(Math.max(...before) < 1.1 && Math.max(...finite(surge[0])) > 1.4 && Math.max(...finite(surge[0])) < 2);
});

test('Pending pods, nodepool CPU and node count: flat history, then the traffic spike scales the nodepool', async () => {
  const pendingWeek = await q('sum(kube_pod_status_phase{phase="Pending"})');
  assertShape(pendingWeek, '', 1);
  assert.equal(Math.max(...pendingWeek[0].values), 0);
  const pending = await q('sum(kube_pod_status_phase{phase="Pending"})', incidents);
  const maxPending = Math.max(...pending[0].values);
  assert.ok(maxPending >= 2 && maxPending <= 4, `max pending ${maxPending}`);

  const usage = await q('sum by (nodepool) (karpenter_nodepools_usage{resource_type="cpu"})');
  const limit = await q('sum by (nodepool) (karpenter_nodepools_limit{resource_type="cpu"})');
  assertShape(usage, 'nodepool', 1);
  assert.deepEqual(usage[0].labels, { nodepool: 'default' });
  assert.deepEqual(new Set(usage[0].values), new Set([16]));
  assert.deepEqual(new Set(limit[0].values), new Set([40]));
  const usageSpike = await q('sum by (nodepool) (karpenter_nodepools_usage{resource_type="cpu"})', incidents);
  assert.deepEqual(usageSpike[0].values.filter((v, i, a) => i === 0 || v !== a[i - 1]), [16, 20, 24, 20, 16]);

  const nodes = await q('sum(karpenter_cluster_state_node_count)');
  assert.deepEqual(new Set(nodes[0].values), new Set([4]));
  const created = await q('increase(karpenter_nodes_created_total[10h])', { ...incidents, startMs: incidents.endMs });
  assert.ok(Math.round(created[0].values[0]) === 2);
});

test('HTTP 5xx ratio: ~0.1% in history; payments burns to a few percent after the anchor', async () => {
  const query = 'sum by (namespace, service) (rate(http_requests_total{code=~"5.."}[5m])) / sum by (namespace, service) (rate(http_requests_total[5m]))';
  const r = await q(query);
  assertShape(r, 'namespace,service', 4);
  for (const s of r) {
    assert.equal(finite(s).length, STEPS);
    assert.ok(Math.min(...s.values) > 0.0005 && Math.max(...s.values) < 0.002, `${key(s)} ${Math.min(...s.values)} ${Math.max(...s.values)}`);
  }
  const burn = (await q(query, incidents)).find((s) => s.labels.namespace === 'payments')!;
  assert.ok(Math.max(...finite(burn)) > 0.03 && burn.values[0] < 0.002);
});

test('root disk usage: a fraction per node, one node filling up', async () => {
  const r = await q('1 - node_filesystem_avail_bytes{mountpoint="/"} / node_filesystem_size_bytes{mountpoint="/"}');
  assertShape(r, 'device,fstype,instance,job,mountpoint,node', 4);
  const filling = r.filter((s) => s.labels.node === cluster!.diskFillNode);
  assert.equal(filling.length, 1);
  const v = filling[0].values;
  assert.ok(v[STEPS - 1] > 0.78 && v[STEPS - 1] < 0.83 && v[STEPS - 1] - v[0] > 0.15);
  for (const s of r) {if (s !== filling[0]) {assert.ok(Math.max(...s.values) < 0.5);}}
});

test('p99 latency from the histogram: per service, in seconds, wandering', async () => {
  const r = await q('histogram_quantile(0.99, sum by (namespace, service, le) (rate(http_request_duration_seconds_bucket[5m])))');
  assertShape(r, 'namespace,service', 4);
  for (const s of r) {
    assert.equal(finite(s).length, STEPS);
    assert.ok(Math.min(...s.values) > 0.01 && Math.max(...s.values) < 5);
    assert.ok(Math.max(...s.values) > Math.min(...s.values) * 1.01, `${key(s)} is constant`);
  }
  const spike = (await q('histogram_quantile(0.99, sum by (namespace, service, le) (rate(http_request_duration_seconds_bucket[5m])))', incidents))
    .find((s) => s.labels.service === 'frontend')!;
  assert.ok(Math.max(...finite(spike)) > 3 * spike.values[0]);
});

test('determinism: same seed and anchor give identical values; another seed differs', async () => {
  const query = 'sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{container!="", container!="POD"}[5m]))';
  const range = { startMs: anchorMs - DAY, endMs: anchorMs, stepMs: 300_000 };
  const a = await source.queryRange({ query, ...range });
  const again = await createMetricSource({ simulator: { seed: 7, anchorMs } }).source.queryRange({ query, ...range });
  const other = await createMetricSource({ simulator: { seed: 8, anchorMs } }).source.queryRange({ query, ...range });
  assert.deepEqual(again, a);
  assert.notDeepEqual(other.map((s) => s.values), a.map((s) => s.values));
  assert.notDeepEqual(other.map((s) => s.labels.pod), a.map((s) => s.labels.pod));
});
