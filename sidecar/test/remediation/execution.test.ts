// Execution safety: retries repeat only what is safe to repeat, and a restarted manager finishes, re-runs or fails
// an interrupted execution according to what was stored — never running a non-idempotent step twice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BackendError } from '../../src/remediation/backend.ts';
import { needsTookEffect, resumeDecision } from '../../src/remediation/resume-decision.ts';
import type { ExecutionStep } from '../../src/remediation/types.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import { DELETE_STEP, PATCH_STEP, recordingBackend } from '../doubles/recording-remediation-backend.ts';
import { testPolicy } from '../doubles/scripted-policy-engine.ts';
import { EDITOR, events, harness, type Harness } from './harness.ts';

const step = (status: ExecutionStep['status'], idempotent: boolean): ExecutionStep => ({
  ...(idempotent ? PATCH_STEP : DELETE_STEP),
  status,
  startedAt: status === 'pending' ? null : 1,
  finishedAt: null,
  detail: '',
});

test('resume decision: done skipped, pending run, started idempotent re-run, started non-idempotent by tookEffect', () => {
  assert.deepEqual(resumeDecision(step('done', false)), { kind: 'skip' });
  assert.deepEqual(resumeDecision(step('skipped', true)), { kind: 'skip' });
  assert.equal(resumeDecision(step('pending', false)).kind, 'run');
  assert.equal(resumeDecision(step('started', true)).kind, 'run');
  assert.equal(needsTookEffect(step('started', true)), false);
  assert.equal(needsTookEffect(step('started', false)), true);
  assert.equal(needsTookEffect(step('pending', false)), false);
  assert.equal(resumeDecision(step('started', false), true).kind, 'done');
  assert.equal(resumeDecision(step('started', false), false).kind, 'run');
  assert.deepEqual(resumeDecision(step('started', false), 'unknown'), {
    kind: 'fail',
    error: 'interrupted during "delete Pod shop/checkout-7d9-x2k"; its effect is unknown — check by hand',
  });
  // Not asked (undefined) is treated like unknown: never run blind.
  assert.equal(resumeDecision(step('started', false)).kind, 'fail');
});

test('a retryable failure of an idempotent step is retried with the same arguments; a permanent one fails the execution', async (t) => {
  const h = harness();
  h.engine.policies = [testPolicy('restart-on-leak', { onVerificationFailure: null })];
  t.after(h.close);
  h.backend.failures.set('patch-deployment', [
    new BackendError('etcdserver: request timed out', { retryable: true, statusCode: 504 }),
  ]);
  const first = await h.propose();
  h.manager.approve(first.id, EDITOR, '');
  await h.manager.idle();
  assert.equal(h.manager.get(first.id)!.state, 'succeeded');
  assert.deepEqual(h.backend.runs, ['patch-deployment', 'patch-deployment', 'delete-pod']);

  h.backend.runs.length = 0;
  h.backend.failures.set('patch-deployment', [
    new BackendError('deployments.apps "checkout" is forbidden: cannot patch', { statusCode: 403 }),
  ]);
  h.subjects = [{ ...h.subjects[0], id: 'inc-later', openedAt: h.now }];
  h.now += 60 * 60_000;
  const second = await h.propose();
  assert.equal(second.incidentId, 'inc-later');
  h.manager.approve(second.id, EDITOR, '');
  await h.manager.idle();
  const failed = h.manager.get(second.id)!;
  assert.equal(failed.state, 'failed');
  assert.match(failed.execution!.error!, /step "patch Deployment .*" failed: .*forbidden/);
  assert.deepEqual(
    failed.execution!.steps.map((s) => s.status),
    ['failed', 'pending']
  );
  assert.deepEqual(h.backend.runs, ['patch-deployment'], 'the step after a failed one never runs');
});

test('a non-idempotent step that failed retryably is run again only when the backend says it did not take effect', async (t) => {
  const timeout = () => new BackendError('connection reset', { retryable: true });
  for (const [answer, expectedRuns, state] of [
    [false, 2, 'succeeded'],
    [true, 1, 'succeeded'],
    ['unknown', 1, 'failed'],
  ] as const) {
    const h = harness();
    t.after(h.close);
    h.backend.failures.set('delete-pod', [timeout()]);
    h.backend.tookEffectAnswers.set('delete-pod', answer);
    const proposal = await h.propose();
    h.manager.approve(proposal.id, EDITOR, '');
    await h.manager.idle();
    const done = h.manager.get(proposal.id)!;
    assert.equal(done.state, state, `tookEffect ${answer}`);
    assert.equal(h.backend.runs.filter((op) => op === 'delete-pod').length, expectedRuns, `tookEffect ${answer}`);
    if (answer === 'unknown') {
      assert.match(done.execution!.error!, /whether it took effect is unknown, so it is not run again — check by hand/);
    }
  }
});

/** Yields to the event loop until `done` holds (the execution under test reached a point); fails after 1,000 turns. */
async function until(done: () => boolean): Promise<void> {
  for (let turn = 0; !done(); turn++) {
    assert.ok(turn < 1_000, 'the execution never reached the expected step');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A proposal whose execution stopped after `patch` (done) with `delete` recorded started: what a kill leaves. */
async function interrupted(): Promise<{ h: Harness; id: string; store: SqliteStore }> {
  const store = new SqliteStore(':memory:');
  const h = harness({ store });
  const proposal = await h.propose();
  const release = h.backend.hold('delete-pod');
  h.manager.approve(proposal.id, EDITOR, '');
  // Let the execution reach the held step, then abandon this manager as a killed process would.
  await until(() => h.manager.get(proposal.id)!.execution?.steps[1]?.status === 'started');
  void release;
  return { h, id: proposal.id, store };
}

/** A new manager (a restarted sidecar) over the same store, with a fresh backend double. */
async function restart(store: SqliteStore, tookEffect: boolean | 'unknown') {
  const backend = recordingBackend();
  backend.tookEffectAnswers.set('delete-pod', tookEffect);
  const h = harness({ store, backend });
  h.manager.start();
  await h.manager.idle();
  return h;
}

test('restart with a started non-idempotent step: took effect → done without running it, execution succeeds', async (t) => {
  const { id, store } = await interrupted();
  t.after(() => store.close());
  const after = await restart(store, true);
  const done = after.manager.get(id)!;
  assert.equal(done.state, 'succeeded');
  assert.deepEqual(after.backend.runs, []);
  assert.deepEqual(after.backend.tookEffectAsked, ['delete-pod']);
  assert.equal(done.execution!.resumed, 1);
  assert.equal(done.execution!.steps[1].detail, 'interrupted by a restart; the backend reports it took effect');
  assert.deepEqual(events(after, id).slice(-2), ['execution-resumed', 'succeeded']);
});

test('restart with a started non-idempotent step: unknown → failed cleanly, naming the step, nothing run', async (t) => {
  const { id, store } = await interrupted();
  t.after(() => store.close());
  const after = await restart(store, 'unknown');
  const failed = after.manager.get(id)!;
  assert.equal(failed.state, 'failed');
  assert.equal(
    failed.execution!.error,
    'interrupted during "delete Pod shop/checkout-7d9-x2k"; its effect is unknown — check by hand'
  );
  assert.equal(failed.execution!.steps[1].status, 'failed');
  assert.deepEqual(after.backend.runs, []);
});

test('restart with a started non-idempotent step: did not take effect → run once now', async (t) => {
  const { id, store } = await interrupted();
  t.after(() => store.close());
  const after = await restart(store, false);
  assert.equal(after.manager.get(id)!.state, 'succeeded');
  assert.deepEqual(after.backend.runs, ['delete-pod']);
});

test('restart: an approved proposal executes; a started idempotent step runs again; done steps never do', async (t) => {
  const store = new SqliteStore(':memory:');
  t.after(() => store.close());
  const before = harness({ store });
  const approvedOnly = await before.propose();
  // Approved in the store but never executed (the process died right after the approval was stored).
  store.remediation.transition(approvedOnly.id, ['proposed'], (p) => ({ ...p, state: 'approved' }), []);
  const after = await restart(store, 'unknown');
  assert.equal(after.manager.get(approvedOnly.id)!.state, 'succeeded');
  assert.deepEqual(after.backend.runs, ['patch-deployment', 'delete-pod']);

  // An execution interrupted inside its first (idempotent) step.
  const h = harness({ store });
  h.now += 60_000;
  h.subjects = [
    {
      ...h.subjects[0],
      id: 'inc-2',
      scope: { ...h.subjects[0].scope, workload: { kind: 'Deployment', name: 'cart' } },
    },
  ];
  const second = await h.propose();
  h.backend.hold('patch-deployment');
  h.manager.approve(second.id, EDITOR, '');
  await until(() => h.manager.get(second.id)!.execution?.steps[0]?.status === 'started');
  const resumed = await restart(store, 'unknown');
  assert.equal(resumed.manager.get(second.id)!.state, 'succeeded');
  assert.deepEqual(resumed.backend.runs, ['patch-deployment', 'delete-pod']);
  assert.deepEqual(resumed.backend.tookEffectAsked, [], 'idempotent steps are re-run without asking');
});
