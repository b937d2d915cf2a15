// The Kubernetes backend's pod and node actions against the FAKE API server: delete-pod names the planned pod's uid
// and never removes a successor; tookEffect tells a started removal from one that never happened; cordon and drain
// (Eviction API, DaemonSet and mirror pods left alone, maxPodsEvicted, PodDisruptionBudget 429 retryable).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BackendError, type StepSpec } from '../../../src/remediation/backend.ts';
import { NODES_RESOURCE, PODS_RESOURCE } from '../../doubles/fake-kube-api-server.ts';
import { kubeProposal, NOW, pod, snapshot, startKubeRig } from './kube-cluster-fixture.ts';

const podA = '/api/v1/namespaces/shop/pods/checkout-7d9-a';

test('delete-pod: the preview is a dry-run DELETE with the uid precondition and changes nothing', async (t) => {
  const { fake, backend } = await startKubeRig(t);
  const before = snapshot(fake);
  const preview = await backend.preview(kubeProposal('delete-pod'), NOW);
  assert.equal(snapshot(fake), before);
  assert.deepEqual(
    fake.writes().map((w) => [w.method, w.path, w.query.dryRun, w.body]),
    [['DELETE', podA, 'All', { preconditions: { uid: 'uid-pod-checkout-7d9-a' } }]]
  );
  assert.equal(preview.source, 'kubernetes-dry-run');
  assert.deepEqual(preview.impact, { podsAffected: 1, replicasChanged: 0 });
  assert.match(preview.summary, /Deletes Pod shop\/checkout-7d9-a; its ReplicaSet checkout-7d9 creates a replacement/);
  assert.equal(preview.objects[0].change, 'delete');
  assert.equal(preview.objects[0].after, null);
});

test('delete-pod: plans the uid, not idempotent; runs one DELETE; a second run finds it gone', async (t) => {
  const { fake, backend } = await startKubeRig(t);
  const steps = await backend.plan(kubeProposal('delete-pod'), NOW);
  assert.deepEqual(steps, [
    {
      name: 'delete Pod shop/checkout-7d9-a uid=uid-pod-checkout-7d9-a',
      op: 'delete-pod',
      args: { namespace: 'shop', name: 'checkout-7d9-a', uid: 'uid-pod-checkout-7d9-a' },
      idempotent: false,
    },
  ]);
  assert.equal(await backend.run(steps[0]), 'Pod shop/checkout-7d9-a deleted');
  assert.equal(fake.get(PODS_RESOURCE, 'shop', 'checkout-7d9-a'), undefined);
  assert.equal(fake.writes().filter((w) => w.method === 'DELETE').length, 1);
  assert.equal(await backend.run(steps[0]), 'Pod shop/checkout-7d9-a already gone');
});

test('delete-pod never removes a successor with the same name (uid precondition → 409 → already gone)', async (t) => {
  const { fake, backend } = await startKubeRig(t);
  const [step] = await backend.plan(kubeProposal('delete-pod'), NOW);
  fake.remove(PODS_RESOURCE, 'shop', 'checkout-7d9-a');
  const successor = {
    ...pod('shop', 'checkout-7d9-a', 'node-1', null),
    metadata: { name: 'checkout-7d9-a', namespace: 'shop', uid: 'uid-new' },
  };
  fake.create(PODS_RESOURCE, successor);
  assert.match(await backend.run(step), /already gone: another pod has the name now/);
  assert.equal(fake.get(PODS_RESOURCE, 'shop', 'checkout-7d9-a')?.metadata.uid, 'uid-new');
});

test('tookEffect of a delete-pod step: gone, replaced or terminating → true; still there → false', async (t) => {
  const { fake, backend } = await startKubeRig(t);
  const [step] = await backend.plan(kubeProposal('delete-pod'), NOW);
  assert.equal(await backend.tookEffect(step), false);
  fake.update(PODS_RESOURCE, 'shop', 'checkout-7d9-a', (object) => {
    object.metadata.deletionTimestamp = '2026-11-26T10:00:05Z';
  });
  assert.equal(await backend.tookEffect(step), true);
  fake.remove(PODS_RESOURCE, 'shop', 'checkout-7d9-a');
  assert.equal(await backend.tookEffect(step), true);
  fake.create(PODS_RESOURCE, {
    ...pod('shop', 'checkout-7d9-a', 'node-1', null),
    metadata: { name: 'checkout-7d9-a', namespace: 'shop', uid: 'uid-new' },
  });
  assert.equal(await backend.tookEffect(step), true);
  fake.failNext('get', 503);
  assert.equal(await backend.tookEffect(step), 'unknown');
  assert.equal(fake.writes().length, 0, 'tookEffect only reads');
});

test('cordon-node: dry-run preview, idempotent step, run sets spec.unschedulable', async (t) => {
  const { fake, backend } = await startKubeRig(t);
  const before = snapshot(fake);
  const preview = await backend.preview(kubeProposal('cordon-node'), NOW);
  assert.equal(snapshot(fake), before);
  assert.deepEqual(
    fake.writes().map((w) => [w.method, w.path, w.query.dryRun, w.body]),
    [['PATCH', '/api/v1/nodes/node-1', 'All', { spec: { unschedulable: true } }]]
  );
  assert.deepEqual(preview.impact, { podsAffected: 0, replicasChanged: 0 });
  assert.match(preview.diff, /\+\s+unschedulable: true/);
  const steps = await backend.plan(kubeProposal('cordon-node'), NOW);
  assert.deepEqual(steps, [
    { name: 'cordon Node node-1', op: 'cordon-node', args: { node: 'node-1' }, idempotent: true },
  ]);
  await backend.run(steps[0]);
  assert.deepEqual(fake.get(NODES_RESOURCE, null, 'node-1')?.spec, { unschedulable: true });
});

test('drain-node: previews a cordon and one eviction per pod that is not a DaemonSet or mirror pod', async (t) => {
  const { fake, backend } = await startKubeRig(t);
  const before = snapshot(fake);
  const preview = await backend.preview(kubeProposal('drain-node'), NOW);
  assert.equal(snapshot(fake), before);
  const writes = fake.writes();
  assert.ok(writes.every((w) => w.query.dryRun === 'All'));
  assert.deepEqual(
    writes.map((w) => `${w.method} ${w.path}`),
    ['PATCH /api/v1/nodes/node-1', `POST ${podA}/eviction`, 'POST /api/v1/namespaces/shop/pods/checkout-7d9-b/eviction']
  );
  assert.deepEqual(preview.impact, { podsAffected: 2, replicasChanged: 0 });
  assert.deepEqual(
    preview.objects.map((o) => `${o.change} ${o.ref}`),
    ['patch Node/node-1', 'evict Pod/shop/checkout-7d9-a', 'evict Pod/shop/checkout-7d9-b']
  );
  assert.match(preview.summary, /evicts its 2 pods.*2 DaemonSet and mirror pods stay/);
});

test('drain-node: plans a cordon then an eviction per pod with its uid, and runs them', async (t) => {
  const { fake, backend } = await startKubeRig(t);
  const steps = await backend.plan(kubeProposal('drain-node', { params: { maxPodsEvicted: 2 } }), NOW);
  assert.deepEqual(
    steps.map((s) => [s.op, s.args, s.idempotent]),
    [
      ['cordon-node', { node: 'node-1' }, true],
      [
        'evict-pod',
        { namespace: 'shop', name: 'checkout-7d9-a', uid: 'uid-pod-checkout-7d9-a', node: 'node-1' },
        false,
      ],
      [
        'evict-pod',
        { namespace: 'shop', name: 'checkout-7d9-b', uid: 'uid-pod-checkout-7d9-b', node: 'node-1' },
        false,
      ],
    ]
  );
  for (const step of steps) {
    await backend.run(step);
  }
  const eviction = fake.writes().find((w) => w.path === `${podA}/eviction`);
  assert.deepEqual((eviction?.body as { deleteOptions: unknown }).deleteOptions, {
    preconditions: { uid: 'uid-pod-checkout-7d9-a' },
  });
  assert.equal(fake.get(PODS_RESOURCE, 'shop', 'checkout-7d9-a'), undefined);
  assert.equal(fake.get(PODS_RESOURCE, 'shop', 'checkout-7d9-b'), undefined);
  assert.ok(fake.get(PODS_RESOURCE, 'shop', 'checkout-7d9-c'), 'the pod on node-2 stays');
  assert.ok(fake.get(PODS_RESOURCE, 'monitoring', 'node-exporter-x1'), 'the DaemonSet pod stays');
  assert.ok(fake.get(PODS_RESOURCE, 'kube-system', 'etcd-node-1'), 'the mirror pod stays');
  assert.equal(await backend.tookEffect(steps[1]), true);
  assert.equal(await backend.run(steps[1]), 'Pod shop/checkout-7d9-a already gone');
});

test('drain-node: more pods than maxPodsEvicted is a BackendError at preview and plan', async (t) => {
  const { fake, backend } = await startKubeRig(t);
  const proposal = kubeProposal('drain-node', { params: { maxPodsEvicted: 1 } });
  await assert.rejects(backend.plan(proposal, NOW), /would evict 2 pods, more than this proposal's limit of 1/);
  await assert.rejects(backend.preview(proposal, NOW), BackendError);
  assert.equal(fake.writes().length, 0);
});

test('drain-node refuses pods no controller recreates, as kubectl drain does without --force', async (t) => {
  const { fake, backend } = await startKubeRig(t);
  fake.create(PODS_RESOURCE, pod('shop', 'debug-shell', 'node-1', null));
  await assert.rejects(
    backend.plan(kubeProposal('drain-node'), NOW),
    /pods no controller recreates: shop\/debug-shell/
  );
});

test('an eviction a PodDisruptionBudget blocks is a retryable BackendError with the budget message', async (t) => {
  const { fake, backend } = await startKubeRig(t);
  fake.blockEviction('shop', 'checkout-7d9-b', 'checkout-pdb');
  const preview = await backend.preview(kubeProposal('drain-node'), NOW);
  assert.ok(preview.warnings.some((w) => /checkout-7d9-b.*disruption budget/.test(w)));
  const steps: StepSpec[] = await backend.plan(kubeProposal('drain-node'), NOW);
  await backend.run(steps[0]);
  await backend.run(steps[1]);
  await assert.rejects(backend.run(steps[2]), (error: unknown) => {
    assert.ok(error instanceof BackendError);
    assert.equal(error.retryable, true);
    assert.equal(error.statusCode, 429);
    assert.match(error.message, /violate the pod's disruption budget.*checkout-pdb/);
    return true;
  });
  assert.ok(fake.get(PODS_RESOURCE, 'shop', 'checkout-7d9-b'), 'the blocked pod is still there');
});
