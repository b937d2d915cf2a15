// Interventions (demo mode's remediation actions) change the simulated cluster from the moment they are recorded:
// restarting the leaking checkout Deployment ends its leak, its predicted-OOM alerts resolve a minute later, and
// nothing before the restart or outside the Deployment changes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AlertmanagerWebhookResult } from '../../src/api/contract.ts';
import { SimulatedAlertmanager } from '../../src/alerts/simulated-alertmanager.ts';
import type { WebhookPayload } from '../../src/alerts/webhook-payload.ts';
import { SimulatedKubernetesSource } from '../../src/sources/kubernetes/simulated-source.ts';
import { SimulatorSource } from '../../src/sources/simulator-source.ts';
import { createSimulatedCluster, type SimulatedCluster } from '../../src/sources/simulator/cluster.ts';
import { liveSimulatedAlerts, simulatedAlerts } from '../../src/sources/simulator/simulated-alerts.ts';
import { MiB } from '../../src/sources/simulator/topology.ts';

const ANCHOR = Date.UTC(2026, 10, 26, 12);
const MIN = 60_000;
const HOUR = 60 * MIN;
/** The demo starts 2 h into the story; an approval a few minutes later restarts checkout. */
const RESTART_AT = ANCHOR + 2 * HOUR + 5 * MIN;

const cluster = () => createSimulatedCluster({ seed: 42, anchorMs: ANCHOR });
const checkoutPods = (c: SimulatedCluster, at: number) =>
  c.pods.filter((p) => p.deployment.name === 'checkout' && p.createdMs <= at && at <= p.endMs);
const restart = (c: SimulatedCluster, atMs = RESTART_AT) =>
  c.interventions.record({
    type: 'restart',
    deployment: 'shop/checkout',
    atMs,
    restartedAt: new Date(atMs).toISOString(),
  });

/** A receiver double that keeps what it is sent. */
function recordingReceiver(received: WebhookPayload[]) {
  return {
    receive(payload: WebhookPayload): AlertmanagerWebhookResult {
      received.push(payload);
      return { received: payload.alerts.length, opened: 0, updated: 0, resolved: 0, duplicate: 0, stale: 0 };
    },
  };
}

async function memorySeries(c: SimulatedCluster, fromMs: number, toMs: number, pod: string): Promise<number[]> {
  const [series] = await new SimulatorSource(c).queryRange({
    query: `container_memory_working_set_bytes{namespace="shop",pod="${pod}",container="checkout"}`,
    startMs: fromMs,
    endMs: toMs,
    stepMs: 30_000,
  });
  assert.ok(series, `a memory series for ${pod}`);
  return series.values as number[];
}

test('before a restart the leaking checkout pods grow toward the limit and an OOM kill is scheduled', async () => {
  const c = cluster();
  const pods = checkoutPods(c, RESTART_AT);
  assert.equal(pods.length, 2);
  for (const pod of pods) {
    assert.ok(
      pod.oomKillsMs.some((t) => t > RESTART_AT && t < RESTART_AT + HOUR),
      `${pod.name} is OOM-killed within the hour`
    );
    const values = await memorySeries(c, RESTART_AT - HOUR, RESTART_AT, pod.name);
    assert.ok(values.at(-1)! > values[0] + 50 * MiB, 'memory grows by the leak');
    assert.ok(values.at(-1)! > 800 * MiB, 'and is close to the 1 GiB limit');
  }
});

test('a restart drops the memory at T, the next OOM kill is hours away, and nothing before T changes', async () => {
  const before = cluster();
  const after = cluster();
  const recorded = restart(after);
  assert.equal(recorded.seq, 1);
  assert.equal(after.interventions.version, 1);
  for (const pod of checkoutPods(after, RESTART_AT)) {
    const untouched = await memorySeries(before, RESTART_AT - 2 * HOUR, RESTART_AT - 30_000, pod.name);
    const restarted = await memorySeries(after, RESTART_AT - 2 * HOUR, RESTART_AT - 30_000, pod.name);
    assert.deepEqual(restarted, untouched, 'values before the restart are the same');
    const [justBefore, atRestart] = await memorySeries(after, RESTART_AT - 30_000, RESTART_AT, pod.name);
    assert.ok(justBefore > 800 * MiB && atRestart < 310 * MiB, `${pod.name} drops from ${justBefore} to ${atRestart}`);
    const sixHours = await memorySeries(after, RESTART_AT, RESTART_AT + 6 * HOUR, pod.name);
    assert.ok(Math.max(...sixHours) < 0.9 * 1024 * MiB, 'the leak starts over: the limit is hours away');
    assert.ok(sixHours.at(-1)! > sixHours[0], 'it still leaks (a restart is not a fix)');
    assert.deepEqual(
      pod.oomKillsMs.filter((t) => t > RESTART_AT && t <= RESTART_AT + 6 * HOUR),
      [],
      'no OOM kill within 6 hours'
    );
  }
});

test('a restart changes no other deployment', async () => {
  const before = cluster();
  const after = cluster();
  restart(after);
  const query = 'sum by (namespace, pod) (container_memory_working_set_bytes{pod!~"checkout.*"})';
  const range = { query, startMs: RESTART_AT - HOUR, endMs: RESTART_AT + 3 * HOUR, stepMs: 60_000 };
  assert.deepEqual(
    await new SimulatorSource(after).queryRange(range),
    await new SimulatorSource(before).queryRange(range)
  );
});

test('the same seed and interventions give the same series', async () => {
  const a = cluster();
  const b = cluster();
  restart(a);
  restart(b);
  a.interventions.record({ type: 'cordon', node: a.nodes[0].name, atMs: RESTART_AT + 10 * MIN });
  b.interventions.record({ type: 'cordon', node: b.nodes[0].name, atMs: RESTART_AT + 10 * MIN });
  const range = { query: '{namespace="shop"}', startMs: RESTART_AT - HOUR, endMs: RESTART_AT + HOUR, stepMs: 60_000 };
  const seriesA = await new SimulatorSource(a).queryRange(range);
  assert.ok(seriesA.length > 20);
  assert.deepEqual(seriesA, await new SimulatorSource(b).queryRange(range));
  assert.deepEqual(simulatedAlerts(a), simulatedAlerts(b));
});

test('ContainerMemoryLimitPredicted for the restarted pods ends a minute after the restart; none follows', () => {
  const c = cluster();
  const live = liveSimulatedAlerts(c);
  const firingAt = (alerts: ReturnType<typeof live>, t: number) =>
    alerts.filter(
      (a) =>
        a.labels.alertname === 'ContainerMemoryLimitPredicted' &&
        a.labels.namespace === 'shop' &&
        a.startsAt <= t &&
        (a.endsAt === null || a.endsAt > t)
    );
  const firing = firingAt(live(), RESTART_AT);
  assert.equal(firing.length, 2, 'both leaking pods are predicted to be OOM-killed');
  const othersBefore = live().filter((a) => a.labels.namespace !== 'shop' || !a.labels.pod?.startsWith('checkout'));
  restart(c);
  const after = live();
  for (const alert of firing) {
    const now = after.find((a) => a.fingerprint === alert.fingerprint && a.startsAt === alert.startsAt);
    assert.equal(now?.endsAt, RESTART_AT + MIN, `${alert.labels.pod} resolves at the next rule evaluation`);
  }
  const later = after.filter(
    (a) => a.labels.pod?.startsWith('checkout') && a.startsAt > RESTART_AT && a.startsAt < RESTART_AT + 6 * HOUR
  );
  assert.deepEqual(later, [], 'no predicted or OOMKilled alert for checkout after the restart');
  assert.deepEqual(
    after.filter((a) => a.labels.namespace !== 'shop' || !a.labels.pod?.startsWith('checkout')),
    othersBefore,
    "other alerts don't move"
  );
});

test('the simulated Alertmanager delivers the restarted pods’ alerts resolved', () => {
  const c = cluster();
  let now = RESTART_AT - MIN;
  const received: WebhookPayload[] = [];
  const manager = new SimulatedAlertmanager({
    alerts: liveSimulatedAlerts(c),
    receiver: recordingReceiver(received),
    clock: () => now,
  });
  manager.deliverDue();
  const predicted = (status: string) =>
    received
      .flatMap((p) => p.alerts)
      .filter((a) => a.labels.alertname === 'ContainerMemoryLimitPredicted' && a.status === status);
  assert.equal(predicted('firing').length, 2);
  assert.equal(predicted('resolved').length, 0);
  now = RESTART_AT;
  restart(c);
  manager.deliverDue();
  assert.equal(predicted('resolved').length, 0, 'not before the next evaluation');
  now = RESTART_AT + MIN;
  manager.deliverDue();
  const resolved = predicted('resolved');
  assert.equal(resolved.length, 2);
  for (const alert of resolved) {
    assert.equal(alert.endsAt, new Date(RESTART_AT + MIN).toISOString());
  }
  now = RESTART_AT + 6 * HOUR;
  received.length = 0;
  manager.deliverDue();
  assert.deepEqual(
    received.flatMap((p) => p.alerts).filter((a) => a.labels.pod?.startsWith('checkout')),
    [],
    'no checkout alert for six hours'
  );
});

test('an alert that disappears after it was sent firing is sent resolved at once', () => {
  const alert = simulatedAlerts(cluster()).find((a) => a.labels.alertname === 'SLOErrorBudgetBurn')!;
  let list = [alert];
  let now = alert.startsAt;
  const received: WebhookPayload[] = [];
  const manager = new SimulatedAlertmanager({
    alerts: () => list,
    receiver: recordingReceiver(received),
    clock: () => now,
  });
  manager.deliverDue();
  now += 5 * MIN;
  list = [];
  manager.deliverDue();
  assert.deepEqual(
    received.map((p) => [p.status, p.alerts[0].endsAt]),
    [
      ['firing', '0001-01-01T00:00:00Z'],
      ['resolved', new Date(now).toISOString()],
    ]
  );
});

test('a silence keeps matching alerts from being delivered while it is active', () => {
  const c = cluster();
  let now = RESTART_AT - 30 * MIN;
  const received: WebhookPayload[] = [];
  const manager = new SimulatedAlertmanager({
    alerts: liveSimulatedAlerts(c),
    receiver: recordingReceiver(received),
    clock: () => now,
    historyMs: 0,
  });
  const silence = manager.addSilence({
    matchers: [
      { name: 'alertname', value: 'ContainerMemoryLimitPredicted', isRegex: false, isEqual: true },
      { name: 'pod', value: 'checkout-.*', isRegex: true, isEqual: true },
    ],
    startsAt: now,
    endsAt: RESTART_AT + 10 * MIN,
    comment: 'known leak, fix on its way',
    createdBy: 'editor',
  });
  assert.match(silence.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  const names = () => received.flatMap((p) => p.alerts).map((a) => `${a.labels.alertname} ${a.status}`);
  manager.deliverDue();
  now = RESTART_AT;
  manager.deliverDue();
  assert.ok(!names().some((n) => n.startsWith('ContainerMemoryLimitPredicted')), 'muted while the silence is active');
  assert.ok(names().includes('SLOErrorBudgetBurn firing'), 'other alerts are delivered');
  assert.ok(manager.silencedBy({ alertname: 'ContainerMemoryLimitPredicted', pod: 'checkout-x' }));
  assert.equal(manager.silencedBy({ alertname: 'ContainerMemoryLimitPredicted', pod: 'cart-x' }), null);
  now = RESTART_AT + 10 * MIN;
  manager.deliverDue();
  assert.equal(
    names().filter((n) => n === 'ContainerMemoryLimitPredicted firing').length,
    2,
    'delivered once the silence ends, while still firing'
  );
  assert.deepEqual(
    manager.silences().map((s) => s.comment),
    ['known leak, fix on its way']
  );
  assert.throws(
    () => manager.addSilence({ ...silence, matchers: [{ name: 'pod', value: '(', isRegex: true, isEqual: true }] }),
    /pod=~"\(" is not a valid regular expression/
  );
});

test('kube-state follows the interventions: restarts, last-terminated reason, replicas, HPA max and cordons', async () => {
  const c = cluster();
  // Restart after the first OOM kill of one pod: the kill stays counted, its last-terminated reason clears.
  const after = ANCHOR + 2 * HOUR + 30 * MIN;
  const [killed] = checkoutPods(c, after).filter((p) => p.oomKillsMs[0] < after);
  assert.ok(killed, 'a checkout pod was OOM-killed before then');
  restart(c, after);
  c.interventions.record({ type: 'scale', deployment: 'shop/cart', replicas: 4, atMs: after });
  c.interventions.record({ type: 'scale-hpa', hpa: 'shop/frontend', maxReplicas: 14, atMs: after });
  c.interventions.record({ type: 'cordon', node: c.nodes[1].name, atMs: after });
  const source = new SimulatorSource(c);
  const at = async (query: string, t: number) => {
    const series = await source.queryRange({ query, startMs: t, endMs: t, stepMs: 30_000 });
    return series.map((s) => s.values[0]);
  };
  const before = after - MIN;
  const restarts = `kube_pod_container_status_restarts_total{pod="${killed.name}"}`;
  assert.deepEqual(await at(restarts, after + MIN), await at(restarts, before));
  const reason = `kube_pod_container_status_last_terminated_reason{pod="${killed.name}",reason="OOMKilled"}`;
  assert.deepEqual([await at(reason, before), await at(reason, after)], [[1], [0]]);
  const cart = 'kube_deployment_spec_replicas{deployment="cart"}';
  assert.deepEqual([await at(cart, before), await at(cart, after)], [[2], [4]]);
  const hpaMax = 'kube_horizontalpodautoscaler_spec_max_replicas{horizontalpodautoscaler="frontend"}';
  assert.deepEqual([await at(hpaMax, before), await at(hpaMax, after)], [[10], [14]]);
  const cordoned = `kube_node_spec_unschedulable{node="${c.nodes[1].name}"}`;
  assert.deepEqual([await at(cordoned, before), await at(cordoned, after)], [[0], [1]]);
  assert.deepEqual(await at(`kube_node_spec_unschedulable{node="${c.nodes[0].name}"}`, after), [0]);
});

test('the OOMKilled K8sGPT finding of a restarted pod goes away at the restart', async () => {
  const c = cluster();
  let now = ANCHOR + 2 * HOUR + 30 * MIN;
  const kube = new SimulatedKubernetesSource({ cluster: c, clock: () => now });
  const oomResults = async () => (await kube.listResults()).filter((r) => JSON.stringify(r.spec).includes('OOMKilled'));
  assert.equal((await oomResults()).length, 1, 'the pod killed at 2h15 is reported');
  restart(c, now);
  now += 30_000;
  assert.deepEqual(await oomResults(), [], 'gone after the restart');
  now = ANCHOR + 2 * HOUR + 20 * MIN;
  assert.equal((await oomResults()).length, 1, 'still there before the restart');
});

test('a rollback ends the leak for good: memory flat at the baseline, no OOM kill again', async () => {
  const c = cluster();
  c.interventions.record({ type: 'rollback', deployment: 'shop/checkout', toRevision: 0, atMs: RESTART_AT });
  for (const pod of checkoutPods(c, RESTART_AT)) {
    assert.deepEqual(
      pod.oomKillsMs.filter((t) => t > RESTART_AT),
      []
    );
    const values = await memorySeries(c, RESTART_AT, RESTART_AT + 7 * HOUR, pod.name);
    assert.ok(Math.max(...values) < 400 * MiB, `${pod.name} stays near its baseline`);
  }
  // A restart after the rollback does not bring the leak back.
  restart(c, RESTART_AT + HOUR);
  const [pod] = checkoutPods(c, RESTART_AT);
  assert.ok(pod.lifecycle().segments.every((s) => s.startMs < RESTART_AT || !s.leaking));
});

test('an intervention naming something the cluster does not have is refused with its name', () => {
  const c = cluster();
  assert.throws(
    () => c.interventions.record({ type: 'restart', deployment: 'shop/nope', atMs: ANCHOR, restartedAt: '' }),
    /no Deployment shop\/nope/
  );
  assert.throws(() => c.interventions.record({ type: 'cordon', node: 'ip-1', atMs: ANCHOR }), /no Node ip-1/);
  assert.equal(c.interventions.version, 0);
});
