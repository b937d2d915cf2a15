// The Kubernetes backend's Deployment and HPA actions against the FAKE API server: previews are server-side dry-runs
// that change nothing, plans carry absolute values, runs change the objects, and a re-run sets the same state.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BackendError } from '../../../src/remediation/backend.ts';
import { DEPLOYMENTS_RESOURCE, HPAS_RESOURCE, REPLICASETS_RESOURCE } from '../../doubles/fake-kube-api-server.ts';
import { kubeProposal, NOW, snapshot, startKubeRig } from './kube-cluster-fixture.ts';

const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

test('rollout-restart: the preview is a dry-run of the restartedAt patch and changes nothing', async (t) => {
  const { fake, backend } = await startKubeRig(t);
  const before = snapshot(fake);
  const preview = await backend.preview(kubeProposal('rollout-restart'), NOW);
  assert.equal(snapshot(fake), before);
  const writes = fake.writes();
  assert.equal(writes.length, 1);
  assert.equal(writes[0].method, 'PATCH');
  assert.equal(writes[0].path, '/apis/apps/v1/namespaces/shop/deployments/checkout');
  assert.equal(writes[0].query.dryRun, 'All');
  assert.equal(writes[0].contentType, 'application/strategic-merge-patch+json');
  assert.equal(preview.source, 'kubernetes-dry-run');
  assert.deepEqual(preview.impact, { podsAffected: 3, replicasChanged: 0 });
  assert.match(preview.summary, /Restarts the 3 pods of Deployment shop\/checkout.*maxUnavailable 25%/);
  assert.match(preview.diff, /\+\s+kubectl\.kubernetes\.io\/restartedAt: "?2026-11-26T10:00:00Z/);
  assert.equal(preview.objects[0].ref, 'Deployment/shop/checkout');
  assert.equal(preview.objects[0].change, 'patch');
});

test('rollout-restart: plans restartedAt = now, runs it, and a re-run leaves the same state', async (t) => {
  const { fake, backend } = await startKubeRig(t);
  const steps = await backend.plan(kubeProposal('rollout-restart'), NOW);
  assert.deepEqual(steps, [
    {
      name: 'patch Deployment shop/checkout restartedAt=2026-11-26T10:00:00Z',
      op: 'restart-deployment',
      args: { namespace: 'shop', name: 'checkout', restartedAt: '2026-11-26T10:00:00Z' },
      idempotent: true,
    },
  ]);
  assert.match(await backend.run(steps[0]), /restartedAt=2026-11-26T10:00:00Z/);
  const annotations = () =>
    (fake.get(DEPLOYMENTS_RESOURCE, 'shop', 'checkout')!.spec as { template: { metadata: { annotations: object } } })
      .template.metadata.annotations;
  assert.deepEqual(annotations(), { [RESTARTED_AT]: '2026-11-26T10:00:00Z' });
  await backend.run(steps[0]);
  assert.deepEqual(annotations(), { [RESTARTED_AT]: '2026-11-26T10:00:00Z' });
  assert.equal(fake.writes().filter((w) => w.query.dryRun === undefined).length, 2);
});

test('a missing Deployment is a BackendError naming it with 404', async (t) => {
  const { backend } = await startKubeRig(t);
  const missing = kubeProposal('rollout-restart', { target: { kind: 'Deployment', namespace: 'shop', name: 'nope' } });
  await assert.rejects(backend.preview(missing, NOW), (error: unknown) => {
    assert.ok(error instanceof BackendError);
    assert.equal(error.message, 'Deployment shop/nope not found (404)');
    assert.equal(error.retryable, false);
    return true;
  });
  await assert.rejects(backend.plan(missing, NOW), /Deployment shop\/nope not found \(404\)/);
});

test('a target of the wrong kind is refused before any request', async (t) => {
  const { fake, backend } = await startKubeRig(t);
  const wrong = kubeProposal('scale', { target: { kind: 'Pod', namespace: 'shop', name: 'checkout-7d9-a' } });
  await assert.rejects(backend.plan(wrong, NOW), /scale works on a Deployment/);
  assert.equal(fake.requests.length, 0);
});

test('scale: +5 is capped at maxReplicas, previewed by dry-run, planned absolute, run sets the count', async (t) => {
  const { fake, backend } = await startKubeRig(t);
  const proposal = kubeProposal('scale', { params: { replicasDelta: 5, maxReplicas: 6 } });
  const before = snapshot(fake);
  const preview = await backend.preview(proposal, NOW);
  assert.equal(snapshot(fake), before);
  assert.equal(fake.writes()[0].query.dryRun, 'All');
  assert.equal(fake.writes()[0].contentType, 'application/merge-patch+json');
  assert.deepEqual(fake.writes()[0].body, { spec: { replicas: 6 } });
  assert.deepEqual(preview.impact, { podsAffected: 0, replicasChanged: 3 });
  assert.match(preview.diff, /-\s+replicas: 3\n\+\s+replicas: 6/);
  const steps = await backend.plan(proposal, NOW);
  assert.deepEqual(steps[0].args, { namespace: 'shop', name: 'checkout', replicas: 6 });
  assert.equal(steps[0].idempotent, true);
  assert.equal(await backend.run(steps[0]), 'Deployment shop/checkout replicas set to 6');
  assert.equal((fake.get(DEPLOYMENTS_RESOURCE, 'shop', 'checkout')!.spec as { replicas: number }).replicas, 6);
  await assert.rejects(backend.plan(proposal, NOW), /already at the maximum: 6, the limit is 6/);
});

test('scale needs a delta and a maximum', async (t) => {
  const { backend } = await startKubeRig(t);
  await assert.rejects(backend.plan(kubeProposal('scale', { params: { maxReplicas: 6 } }), NOW), /replicasDelta/);
  await assert.rejects(backend.plan(kubeProposal('scale', { params: { replicasDelta: 1 } }), NOW), /maxReplicas/);
});

test('scale-hpa: raises maxReplicas within the limit through autoscaling/v2', async (t) => {
  const { fake, backend } = await startKubeRig(t);
  const proposal = kubeProposal('scale-hpa', { params: { replicasDelta: 2, maxReplicas: 10 } });
  const before = snapshot(fake);
  const preview = await backend.preview(proposal, NOW);
  assert.equal(snapshot(fake), before);
  assert.equal(fake.writes()[0].path, '/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/checkout');
  assert.equal(fake.writes()[0].query.dryRun, 'All');
  assert.deepEqual(preview.impact, { podsAffected: 0, replicasChanged: 2 });
  assert.match(preview.summary, /from 5 to 7 replicas/);
  const [step] = await backend.plan(proposal, NOW);
  assert.deepEqual(step.args, { namespace: 'shop', name: 'checkout', maxReplicas: 7 });
  await backend.run(step);
  assert.equal((fake.get(HPAS_RESOURCE, 'shop', 'checkout')!.spec as { maxReplicas: number }).maxReplicas, 7);
});

test('rollback: picks the previous revision of this Deployment and replaces the template without the hash label', async (t) => {
  const { fake, backend } = await startKubeRig(t);
  const proposal = kubeProposal('rollback');
  const before = snapshot(fake);
  const preview = await backend.preview(proposal, NOW);
  assert.equal(snapshot(fake), before);
  assert.equal(fake.writes()[0].query.dryRun, 'All');
  assert.equal(fake.writes()[0].contentType, 'application/json-patch+json');
  assert.match(
    preview.summary,
    /from revision 2 to revision 1 \(checkout: shop\/checkout:1\.4\.1 → shop\/checkout:1\.4\.0\)/
  );
  assert.match(preview.diff, /-\s+- image: shop\/checkout:1\.4\.1\n\+\s+- image: shop\/checkout:1\.4\.0/);
  assert.deepEqual(preview.impact, { podsAffected: 3, replicasChanged: 0 });
  const [step] = await backend.plan(proposal, NOW);
  assert.equal(step.op, 'rollback-deployment');
  assert.equal(step.args.toRevision, 1);
  assert.equal(step.idempotent, true);
  const template = JSON.parse(step.args.template as string);
  assert.deepEqual(template.metadata.labels, { app: 'checkout' });
  await backend.run(step);
  const stored = fake.get(DEPLOYMENTS_RESOURCE, 'shop', 'checkout')!.spec as {
    template: { metadata: { labels: object }; spec: { containers: Array<{ image: string }> } };
  };
  assert.equal(stored.template.spec.containers[0].image, 'shop/checkout:1.4.0');
  assert.deepEqual(stored.template.metadata.labels, { app: 'checkout' });
  // Now the template is revision 1's: planning the same rollback again has nothing to do.
  await assert.rejects(backend.plan(proposal, NOW), /already runs the pod template of revision 1/);
});

test('rollback without a previous revision is a BackendError', async (t) => {
  const { fake, backend } = await startKubeRig(t);
  fake.remove(REPLICASETS_RESOURCE, 'shop', 'checkout-6c8');
  await assert.rejects(backend.preview(kubeProposal('rollback'), NOW), (error: unknown) => {
    assert.ok(error instanceof BackendError);
    assert.match(error.message, /Deployment shop\/checkout has no previous revision to roll back to \(1 revision/);
    return true;
  });
});

test('a 403 names the RBAC verb, resource and group, and the opt-in role', async (t) => {
  const { fake, backend } = await startKubeRig(t);
  const [step] = await backend.plan(kubeProposal('rollout-restart'), NOW);
  fake.failNext('write', 403);
  await assert.rejects(backend.run(step), (error: unknown) => {
    assert.ok(error instanceof BackendError);
    assert.equal(error.statusCode, 403);
    assert.equal(error.retryable, false);
    assert.match(error.message, /lacks RBAC verb "patch" on "deployments" in API group "apps"/);
    assert.match(error.message, /deploy\/sidecar\/remediation-rbac\.yaml/);
    return true;
  });
});

test('5xx answers and an unreachable API server are retryable', async (t) => {
  const { fake, backend } = await startKubeRig(t);
  const [step] = await backend.plan(kubeProposal('rollout-restart'), NOW);
  fake.failNext('write', 503);
  await assert.rejects(backend.run(step), (error: unknown) => {
    assert.ok(error instanceof BackendError);
    assert.equal(error.retryable, true);
    assert.match(error.message, /failed on the API server \(503\)/);
    return true;
  });
  await fake.close();
  await assert.rejects(backend.run(step), (error: unknown) => {
    assert.ok(error instanceof BackendError);
    assert.equal(error.retryable, true);
    assert.match(error.message, /the API server did not answer/);
    return true;
  });
});
