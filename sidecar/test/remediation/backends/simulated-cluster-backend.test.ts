// The simulated cluster backend plans the steps a real cluster would and carries them out as interventions on the
// simulated cluster, with real effects on what is measured: restarting shop/checkout ends its climb to the limit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BackendError } from '../../../src/remediation/backend.ts';
import { SimulatedClusterBackend } from '../../../src/remediation/backends/simulated/simulated-cluster-backend.ts';
import type { RemediationProposal } from '../../../src/remediation/types.ts';
import { createSimulatedCluster, type SimulatedCluster } from '../../../src/sources/simulator/cluster.ts';
import { MiB } from '../../../src/sources/simulator/topology.ts';
import { proposal } from '../../store/remediation-fixtures.ts';

const ANCHOR = Date.UTC(2026, 10, 26, 12);
const MIN = 60_000;
const HOUR = 60 * MIN;
const T = ANCHOR + 2 * HOUR + 5 * MIN;

function setup(): { cluster: SimulatedCluster; backend: SimulatedClusterBackend; clock: { now: number } } {
  const cluster = createSimulatedCluster({ seed: 42, anchorMs: ANCHOR });
  const clock = { now: T };
  return { cluster, clock, backend: new SimulatedClusterBackend({ cluster, clock: () => clock.now }) };
}

const checkout = (cluster: SimulatedCluster) =>
  cluster.pods.filter((p) => p.deployment.name === 'checkout' && p.scheduledMs <= T && T <= p.endMs);

const ask = (overrides: Partial<RemediationProposal>) => proposal('p-1', overrides);

test('rollout-restart: preview of the Deployment with its restartedAt, plan, run, effect and tookEffect', async () => {
  const { cluster, backend } = setup();
  const restart = ask({
    action: 'rollout-restart',
    target: { kind: 'Deployment', namespace: 'shop', name: 'checkout' },
  });
  const preview = await backend.preview(restart, T);
  assert.equal(preview.source, 'simulator');
  assert.deepEqual(preview.impact, { podsAffected: 2, replicasChanged: 0 });
  assert.match(preview.summary, /^Restarts the 2 pods of Deployment shop\/checkout/);
  assert.equal(preview.objects[0].ref, 'Deployment/shop/checkout');
  assert.match(preview.objects[0].before!, /^apiVersion: apps\/v1\nkind: Deployment\n/);
  assert.match(preview.diff, /\+ {8}kubectl\.kubernetes\.io\/restartedAt: "?2026-11-26T14:05:00Z"?/);
  assert.equal(cluster.interventions.version, 0, 'a preview changes nothing');

  const steps = await backend.plan(restart, T);
  assert.deepEqual(steps, [
    {
      name: 'patch Deployment shop/checkout restartedAt=2026-11-26T14:05:00Z',
      op: 'restart-deployment',
      args: { namespace: 'shop', name: 'checkout', restartedAt: '2026-11-26T14:05:00Z' },
      idempotent: true,
    },
  ]);
  assert.equal(await backend.tookEffect(steps[0]), false);
  const [pod] = checkout(cluster);
  assert.ok(pod.memory(T) > 800 * MiB);
  assert.match(await backend.run(steps[0]), /restartedAt=2026-11-26T14:05:00Z: its 2 pods start over/);
  assert.ok(pod.memory(T) < 310 * MiB, 'memory back to the baseline at the restart');
  assert.equal(await backend.tookEffect(steps[0]), true);
  assert.match(await backend.run(steps[0]), /nothing to do/);
  assert.equal(cluster.interventions.list().length, 1, 'the same patch again changes nothing');
  const after = await backend.preview(restart, T + MIN);
  assert.match(after.objects[0].before!, /restartedAt: "?2026-11-26T14:05:00Z"?/, 'the Deployment now carries it');
});

test('scale: replicas + delta within the maximum; at the maximum the action cannot apply', async () => {
  const { cluster, backend, clock } = setup();
  const scale = ask({
    action: 'scale',
    target: { kind: 'Deployment', namespace: 'shop', name: 'cart' },
    params: { replicasDelta: 3, maxReplicas: 4 },
  });
  const preview = await backend.preview(scale, T);
  assert.deepEqual(preview.impact, { podsAffected: 0, replicasChanged: 2 });
  assert.match(preview.diff, /- {2}replicas: 2\n\+ {2}replicas: 4/);
  const [step] = await backend.plan(scale, T);
  assert.deepEqual(step.args, { namespace: 'shop', name: 'cart', replicas: 4 });
  const cart = cluster.deployments.find((d) => d.name === 'cart')!;
  assert.equal(await backend.run(step), 'Deployment shop/cart replicas 2 → 4');
  assert.equal(cluster.desiredReplicas(cart, T), 4);
  assert.equal(cluster.desiredReplicas(cart, T - 1), 2, 'not before the step ran');
  clock.now += MIN;
  await assert.rejects(backend.preview(scale, clock.now), /already at the maximum: 4, the limit is 4/);
});

test('scale-hpa raises the maximum of the frontend HPA; an unknown HPA is named', async () => {
  const { cluster, backend } = setup();
  const raise = ask({
    action: 'scale-hpa',
    target: { kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: 'frontend' },
    params: { replicasDelta: 4, maxReplicas: 20 },
  });
  const preview = await backend.preview(raise, T);
  assert.deepEqual(preview.impact, { podsAffected: 0, replicasChanged: 4 });
  assert.match(preview.diff, /- {2}maxReplicas: 10\n\+ {2}maxReplicas: 14/);
  const [step] = await backend.plan(raise, T);
  assert.equal(step.op, 'scale-hpa-max');
  await backend.run(step);
  assert.equal(cluster.hpaMaxReplicas(cluster.hpas[0], T), 14);
  assert.equal(await backend.tookEffect(step), true);
  await assert.rejects(
    backend.preview({ ...raise, target: { ...raise.target, name: 'cart' } }, T),
    (error: unknown) => error instanceof BackendError && /no HorizontalPodAutoscaler shop\/cart/.test(error.message)
  );
});

test('rollback: back to the previous revision, and the leak is gone for good', async () => {
  const { cluster, backend, clock } = setup();
  const rollback = ask({ action: 'rollback', target: { kind: 'Deployment', namespace: 'shop', name: 'checkout' } });
  const preview = await backend.preview(rollback, T);
  assert.match(preview.summary, /back to the previous release \(checkout: .*:r7 → .*:r6\), replacing its 2 pods/);
  assert.match(
    preview.diff,
    /-.*revision: "8"\n\+.*revision: "9"/,
    'a rollback is a new revision, as kubectl numbers it'
  );
  assert.match(preview.diff, /-.*checkout:r7\n\+.*checkout:r6/);
  assert.doesNotMatch(preview.diff, /[&*]a1/, 'no YAML anchors');
  const [step] = await backend.plan(rollback, T);
  assert.equal(step.args.release, 6);
  assert.equal(await backend.tookEffect(step), false);
  assert.match(await backend.run(step), /template set to the previous release \(.*:r6\)/);
  assert.equal(await backend.tookEffect(step), true);
  assert.match(await backend.run(step), /already runs .*:r6: nothing to do/);
  const after = await backend.preview(ask({ action: 'rollout-restart', target: rollback.target }), T + MIN);
  assert.match(after.objects[0].before!, /revision: "9"\n[\s\S]*checkout:r6\n/);
  clock.now = T + 9 * HOUR;
  for (const pod of checkout(cluster)) {
    assert.ok(pod.memory(T + 9 * HOUR) < 400 * MiB, `${pod.name} stays at its baseline`);
    assert.deepEqual(
      pod.oomKillsMs.filter((t) => t > T),
      []
    );
  }
  const first = cluster.horizon.startMs + 15 * MIN;
  await assert.rejects(
    backend.preview(rollback, first),
    /Deployment shop\/checkout has no previous revision to roll back to/
  );
});

test('delete-pod is not idempotent: the step names the uid and tookEffect answers from the intervention log', async () => {
  const { cluster, backend, clock } = setup();
  const [pod] = checkout(cluster);
  const del = ask({ action: 'delete-pod', target: { kind: 'Pod', namespace: 'shop', name: pod.name } });
  const preview = await backend.preview(del, T);
  assert.deepEqual(preview.impact, { podsAffected: 1, replicasChanged: 0 });
  assert.equal(preview.objects[0].change, 'delete');
  assert.equal(preview.objects[0].after, null);
  const [step] = await backend.plan(del, T);
  assert.deepEqual(step.args, {
    namespace: 'shop',
    name: pod.name,
    uid: pod.uid,
    plannedAt: new Date(T).toISOString(),
  });
  assert.equal(step.idempotent, false);
  assert.equal(await backend.tookEffect(step), false, 'not run yet');
  clock.now = T + 10_000;
  assert.match(await backend.run(step), /deleted; its ReplicaSet checkout-\w+ replaces it/);
  assert.equal(await backend.tookEffect(step), true);
  assert.ok(pod.memory(T + 10_000) < 310 * MiB, 'the replacement starts fresh');
  const other = checkout(cluster).find((p) => p !== pod)!;
  assert.ok(other.memory(T + 10_000) > 800 * MiB, 'the other pod is untouched');
  // A later plan of the same pod is a new deletion: the earlier one does not count for it.
  const [again] = await backend.plan(del, T + MIN);
  assert.equal(await backend.tookEffect(again), false);
});

test('cordon-node and drain-node: node unschedulable, its pods evicted one step each within the limit', async () => {
  const { cluster, backend } = setup();
  const node = cluster.nodes.find(
    (n) => cluster.pods.filter((p) => p.node === n && p.scheduledMs <= T && T <= p.endMs).length >= 3
  )!;
  const cordon = ask({ action: 'cordon-node', target: { kind: 'Node', namespace: null, name: node.name } });
  const preview = await backend.preview(cordon, T);
  assert.match(preview.diff, /\+ {2}unschedulable: true/);
  assert.deepEqual(preview.impact, { podsAffected: 0, replicasChanged: 0 });

  const drain = ask({ action: 'drain-node', target: cordon.target, params: { maxPodsEvicted: 20 } });
  const drainPreview = await backend.preview(drain, T);
  const evicted = drainPreview.objects.filter((o) => o.change === 'evict');
  assert.ok(evicted.length >= 3);
  assert.equal(drainPreview.impact.podsAffected, evicted.length);
  const steps = await backend.plan(drain, T);
  assert.deepEqual(
    steps.map((s) => [s.op, s.idempotent]),
    [['cordon-node', true], ...evicted.map(() => ['evict-pod', false])]
  );
  for (const step of steps) {
    await backend.run(step);
  }
  assert.ok(cluster.interventions.latest('cordon', node.name, T));
  for (const step of steps.slice(1)) {
    assert.equal(await backend.tookEffect(step), true, step.name);
  }
  await assert.rejects(
    backend.plan({ ...drain, params: { maxPodsEvicted: 1 } }, T),
    new RegExp(`draining node ${node.name} would evict ${evicted.length} pods, more than this proposal's limit of 1`)
  );
});

test('unknown targets and wrong kinds are refused naming them', async () => {
  const { backend } = setup();
  const cases: Array<[Partial<RemediationProposal>, RegExp]> = [
    [
      { action: 'rollout-restart', target: { kind: 'Deployment', namespace: 'shop', name: 'nope' } },
      /no Deployment shop\/nope/,
    ],
    [
      { action: 'delete-pod', target: { kind: 'Pod', namespace: 'shop', name: 'checkout-x' } },
      /no Pod shop\/checkout-x/,
    ],
    [{ action: 'cordon-node', target: { kind: 'Node', namespace: null, name: 'ip-1' } }, /no Node ip-1/],
    [{ action: 'rollout-restart', target: { kind: 'Pod', namespace: 'shop', name: 'x' } }, /works on a Deployment/],
    [{ action: 'silence', target: { kind: 'Alert', namespace: null, name: 'abc' } }, /does not carry out silence/],
  ];
  for (const [overrides, message] of cases) {
    await assert.rejects(backend.preview(ask(overrides), T), message);
    await assert.rejects(backend.plan(ask(overrides), T), message);
  }
  await assert.rejects(
    backend.run({
      name: 'x',
      op: 'restart-deployment',
      args: { namespace: 'shop', name: 'nope', restartedAt: 'x' },
      idempotent: true,
    }),
    (error: unknown) =>
      error instanceof BackendError && error.message === 'the simulated cluster has no Deployment shop/nope'
  );
});

test('the simulated objects are Kubernetes-shaped', async () => {
  const { backend, cluster } = setup();
  const [pod] = checkout(cluster);
  const preview = await backend.preview(
    ask({ action: 'delete-pod', target: { kind: 'Pod', namespace: 'shop', name: pod.name } }),
    T
  );
  const yaml = preview.objects[0].before!;
  for (const line of [
    'apiVersion: v1',
    'kind: Pod',
    `  nodeName: ${pod.node.name}`,
    '          memory: 1Gi',
    '          cpu: 500m',
    `      name: ${pod.replicaSet}`,
  ]) {
    assert.ok(yaml.includes(`${line}\n`), `${line} in\n${yaml}`);
  }
});

test('replay after a sidecar restart gives a fresh simulated cluster the same history', async () => {
  const first = setup();
  const restart = ask({ action: 'rollout-restart' });
  const [step] = await first.backend.plan(restart, T);
  await first.backend.run(step);

  // The sidecar restarts at T + 30m: a new cluster from the same seed, and the done step replayed at its time.
  const second = setup();
  second.clock.now = T + 30 * MIN;
  assert.match(second.backend.replay(step, T), /its 2 pods start over/);
  assert.deepEqual(second.cluster.interventions.list(), first.cluster.interventions.list());
  for (const pod of checkout(second.cluster)) {
    const same = checkout(first.cluster).find((p) => p.name === pod.name)!;
    for (const t of [T - MIN, T, T + 30 * MIN, T + 5 * HOUR]) {
      assert.equal(pod.memory(t), same.memory(t));
    }
  }
  assert.equal(await second.backend.tookEffect(step), true);
});
