// The composite backend routes proposals by action and stored steps by op, and refuses what nobody declares.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BackendError, type RemediationBackend, type StepSpec } from '../../../src/remediation/backend.ts';
import { createCompositeBackend } from '../../../src/remediation/backends/composite-backend.ts';
import type { ActionPreview, RemediationAction } from '../../../src/remediation/types.ts';
import { proposal } from '../../store/remediation-fixtures.ts';

/** A recording backend: answers with its own name so the test sees where each call went. */
function recording(name: string, actions: RemediationAction[], ops: string[], source: ActionPreview['source']) {
  const calls: string[] = [];
  const backend: RemediationBackend = {
    actions,
    ops,
    previewSource: source,
    preview: async (p, now) => {
      calls.push(`preview ${p.action}`);
      return {
        summary: name,
        diff: '',
        objects: [],
        source,
        impact: { podsAffected: 0, replicasChanged: 0 },
        warnings: [],
        computedAt: now,
      };
    },
    plan: async (p) => {
      calls.push(`plan ${p.action}`);
      return [{ name, op: ops[0], args: {}, idempotent: true }];
    },
    run: async (step) => {
      calls.push(`run ${step.op}`);
      return name;
    },
    tookEffect: async (step) => {
      calls.push(`tookEffect ${step.op}`);
      return true;
    },
  };
  return { backend, calls };
}

test('routes by action and by op, and each preview keeps its backend source', async () => {
  const kube = recording(
    'kube',
    ['rollout-restart', 'drain-node'],
    ['restart-deployment', 'evict-pod'],
    'kubernetes-dry-run'
  );
  const silences = recording('silences', ['silence'], ['create-silence'], 'plan');
  const composite = createCompositeBackend([kube.backend, silences.backend]);
  assert.deepEqual(composite.actions, ['rollout-restart', 'drain-node', 'silence']);
  assert.equal(composite.backendFor('silence').previewSource, 'plan');
  assert.equal((await composite.preview(proposal('a', { action: 'silence' }), 1)).source, 'plan');
  assert.equal((await composite.preview(proposal('b'), 1)).source, 'kubernetes-dry-run');
  const step: StepSpec = { name: 'evict', op: 'evict-pod', args: {}, idempotent: false };
  assert.equal(await composite.run(step), 'kube');
  assert.equal(await composite.tookEffect(step), true);
  assert.deepEqual(kube.calls, ['preview rollout-restart', 'run evict-pod', 'tookEffect evict-pod']);
  assert.deepEqual(silences.calls, ['preview silence']);
});

test('an action or op nobody declares is a BackendError; one declared twice is a wiring error', async () => {
  const kube = recording('kube', ['rollout-restart'], ['restart-deployment'], 'kubernetes-dry-run');
  const composite = createCompositeBackend([kube.backend]);
  await assert.rejects(composite.plan(proposal('c', { action: 'silence' }), 1), (error: unknown) => {
    assert.ok(error instanceof BackendError);
    assert.match(error.message, /no remediation backend carries out silence/);
    return true;
  });
  await assert.rejects(composite.run({ name: 'x', op: 'create-silence', args: {}, idempotent: false }), BackendError);
  const twice = recording('again', ['rollout-restart'], ['other'], 'simulator');
  assert.throws(
    () => createCompositeBackend([kube.backend, twice.backend]),
    /two remediation backends carry out rollout-restart/
  );
});
