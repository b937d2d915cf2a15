// The lifecycle as the manager drives it over the real store: proposals from subjects (previewed, not repeated,
// blocked once per reason), approvals by role, expiry, exactly-once execution under concurrent approvals, dry-run,
// automatic approval and execution guards.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DecisionError } from '../../src/remediation/decision-error.ts';
import { testPolicy } from '../doubles/scripted-policy-engine.ts';
import { ADMIN, EDITOR, events, harness, MIN, VIEWER } from './harness.ts';

test('a subject matching a policy becomes one previewed proposal, audited as proposed, and is not proposed again', async (t) => {
  const h = harness();
  t.after(h.close);
  const proposal = await h.propose();
  assert.equal(proposal.state, 'proposed');
  assert.match(proposal.id, /^rem-[0-9a-z]+$/);
  assert.deepEqual(proposal.target, { kind: 'Deployment', namespace: 'shop', name: 'checkout' });
  assert.equal(proposal.preview?.summary, 'rollout-restart Deployment/shop/checkout');
  assert.equal(proposal.expiresAt, h.now + 30 * MIN);
  assert.deepEqual(events(h, proposal.id), ['proposed']);
  assert.equal(h.store.remediation.listAudit()[0].actor.login, 'policy:restart-on-leak');

  await h.tickAt(h.now + MIN);
  await h.tickAt(h.now + MIN);
  assert.equal(h.store.remediation.listProposals().length, 1);
});

test('the same incident matched through another of its alerts is the same problem: no proposal, nothing audited', async (t) => {
  const h = harness();
  t.after(h.close);
  const proposal = await h.propose();
  const [first] = h.subjects[0].alerts;
  // A second pod's alert joined the incident and now comes first.
  h.subjects = [{ ...h.subjects[0], alerts: [{ ...first, fingerprint: 'fp-second-pod' }, first] }];
  await h.tickAt(h.now + MIN);
  assert.equal(h.store.remediation.listProposals().length, 1);
  assert.deepEqual(
    h.store.remediation.listAudit().map((e) => e.event),
    ['proposed']
  );
  // Even after a rejection, the incident is not asked about again.
  h.manager.reject(proposal.id, EDITOR, 'no');
  await h.tickAt(h.now + 60 * MIN);
  assert.equal(h.store.remediation.listProposals().length, 1);
});

test('an Editor approves: the proposal executes once, step by step, and succeeds', async (t) => {
  const h = harness();
  t.after(h.close);
  const proposal = await h.propose();
  h.now += 2 * MIN;
  const result = h.manager.approve(proposal.id, EDITOR, 'go');
  assert.equal(result.changed, true);
  assert.equal(result.proposal.state, 'approved');
  assert.deepEqual(result.proposal.decision, {
    by: { type: 'user', login: 'edna', name: 'Edna', role: 'Editor' },
    at: h.now,
    comment: 'go',
  });
  await h.manager.idle();
  const done = h.manager.get(proposal.id)!;
  assert.equal(done.state, 'succeeded');
  assert.deepEqual(h.backend.runs, ['patch-deployment', 'delete-pod']);
  assert.deepEqual(
    done.execution!.steps.map((s) => [s.op, s.status, s.detail]),
    [
      ['patch-deployment', 'done', 'patch-deployment done'],
      ['delete-pod', 'done', 'delete-pod done'],
    ]
  );
  assert.equal(done.verification?.until, h.now + 3 * MIN);
  assert.deepEqual(events(h, proposal.id), [
    'proposed',
    'approved',
    'execution-started',
    'step',
    'step',
    'step',
    'step',
    'succeeded',
  ]);
  const metrics = await h.registry.metrics();
  assert.match(metrics, /prophet_remediation_executions_total\{action="rollout-restart",outcome="succeeded"\} 1/);
  assert.match(metrics, /prophet_remediation_approval_latency_seconds_sum\{decision="approved"\} 120/);
  assert.match(metrics, /prophet_remediation_proposals\{state="succeeded",action="rollout-restart"\} 1/);
  assert.ok(h.store.remediation.verifyAuditChain().ok);
});

test('a Viewer or a user without a role gets a 403 naming the role, and nothing changes', async (t) => {
  const h = harness();
  t.after(h.close);
  const proposal = await h.propose();
  for (const user of [VIEWER, { ...VIEWER, login: 'nora', role: 'None' as const }]) {
    assert.throws(
      () => h.manager.approve(proposal.id, user, 'please'),
      (error: DecisionError) =>
        error.statusCode === 403 &&
        error.message ===
          `approving a remediation needs the Editor or Admin role in Grafana; ${user.login} is ${user.role}`
    );
    assert.throws(() => h.manager.reject(proposal.id, user, 'no'), { statusCode: 403 });
  }
  const after = h.manager.get(proposal.id)!;
  assert.equal(after.state, 'proposed');
  assert.equal(after.version, proposal.version);
  assert.deepEqual(events(h, proposal.id), ['proposed']);
  assert.deepEqual(h.backend.runs, []);
});

test('without a verified identity approving is a 401 naming X-Grafana-Id', async (t) => {
  const h = harness();
  t.after(h.close);
  const proposal = await h.propose();
  assert.throws(() => h.manager.approve(proposal.id, null, ''), {
    statusCode: 401,
    message:
      "approving needs a verified Grafana identity: call through Grafana's plugin proxy with ID forwarding (X-Grafana-Id)",
  });
  assert.equal(h.manager.get(proposal.id)!.state, 'proposed');
});

test('an expired proposal cannot be approved: it is recorded expired by the sidecar and the answer is a 409', async (t) => {
  const h = harness();
  t.after(h.close);
  const proposal = await h.propose();
  h.now = proposal.expiresAt;
  assert.throws(() => h.manager.approve(proposal.id, EDITOR, 'too late'), {
    statusCode: 409,
    message: `proposal ${proposal.id} expired at ${new Date(proposal.expiresAt).toISOString()}; it can no longer be approved`,
  });
  const after = h.manager.get(proposal.id)!;
  assert.equal(after.state, 'expired');
  assert.equal(after.decision, null);
  const expired = h.store.remediation.listAudit({ proposalId: proposal.id, events: ['expired'] });
  assert.equal(expired.length, 1);
  assert.equal(expired[0].actor.login, 'sidecar');
  // Asking again gives the same answer and no second entry.
  assert.throws(() => h.manager.approve(proposal.id, ADMIN, ''), { statusCode: 409 });
  assert.equal(h.store.remediation.listAudit({ events: ['expired'] }).length, 1);
  assert.deepEqual(h.backend.runs, []);
});

test('the sweeper expires undecided proposals on the tick after expiresAt', async (t) => {
  const h = harness();
  t.after(h.close);
  const proposal = await h.propose();
  await h.tickAt(proposal.expiresAt - 1);
  assert.equal(h.manager.get(proposal.id)!.state, 'proposed');
  await h.tickAt(proposal.expiresAt);
  assert.equal(h.manager.get(proposal.id)!.state, 'expired');
  // The same occurrence of the problem is not proposed again.
  assert.equal(h.store.remediation.listProposals().length, 1);
});

test('100 concurrent approvals of one proposal: one approval recorded, each step run once, the rest unchanged', async (t) => {
  const h = harness();
  t.after(h.close);
  const proposal = await h.propose();
  const results = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      Promise.resolve().then(() => h.manager.approve(proposal.id, i % 2 ? EDITOR : ADMIN, `click ${i}`))
    )
  );
  await h.manager.idle();
  assert.equal(results.filter((r) => r.changed).length, 1);
  assert.equal(h.store.remediation.listAudit({ events: ['approved'] }).length, 1);
  assert.equal(h.store.remediation.listAudit({ events: ['execution-started'] }).length, 1);
  assert.deepEqual(h.backend.runs, ['patch-deployment', 'delete-pod']);
  assert.equal(h.manager.get(proposal.id)!.state, 'succeeded');
});

test('a replayed approval (same user) changes nothing; a rejection after it is a 409 naming who approved', async (t) => {
  const h = harness();
  t.after(h.close);
  const proposal = await h.propose();
  h.manager.approve(proposal.id, EDITOR, 'go');
  await h.manager.idle();
  const replay = h.manager.approve(proposal.id, EDITOR, 'go');
  assert.equal(replay.changed, false);
  assert.equal(replay.proposal.state, 'succeeded');
  assert.throws(() => h.manager.reject(proposal.id, ADMIN, 'wait'), {
    statusCode: 409,
    message: new RegExp(`proposal ${proposal.id} was already approved by edna at .* and is succeeded`),
  });
  await h.manager.idle();
  assert.deepEqual(h.backend.runs, ['patch-deployment', 'delete-pod']);
  assert.equal(h.store.remediation.listAudit({ events: ['approved', 'rejected'] }).length, 1);
});

test('rejecting needs a comment; a rejected proposal cannot be approved and never executes', async (t) => {
  const h = harness();
  t.after(h.close);
  const proposal = await h.propose();
  assert.throws(() => h.manager.reject(proposal.id, EDITOR, '  '), { statusCode: 400 });
  const rejected = h.manager.reject(proposal.id, EDITOR, 'checkout is being redeployed anyway');
  assert.equal(rejected.proposal.state, 'rejected');
  assert.equal(h.manager.reject(proposal.id, ADMIN, 'agreed').changed, false);
  assert.throws(() => h.manager.approve(proposal.id, ADMIN, ''), {
    statusCode: 409,
    message: `proposal ${proposal.id} was rejected by edna at ${new Date(h.now).toISOString()} ("checkout is being redeployed anyway"); it can no longer be approved`,
  });
  await h.tickAt(h.now + MIN);
  assert.deepEqual(h.backend.runs, []);
  assert.equal(h.store.remediation.listProposals().length, 1, 'a rejection is not asked again within the cooldown');
});

test('unknown proposal ids are 404s', async (t) => {
  const h = harness();
  t.after(h.close);
  assert.throws(() => h.manager.approve('rem-nope', EDITOR, ''), { statusCode: 404 });
});

test('dry-run: the execution records what it would do, changes nothing and is not verified', async (t) => {
  const h = harness();
  t.after(h.close);
  h.engine.dryRun = true;
  const proposal = await h.propose();
  assert.equal(proposal.dryRun, true);
  h.manager.approve(proposal.id, EDITOR, 'try it');
  await h.manager.idle();
  const done = h.manager.get(proposal.id)!;
  assert.equal(done.state, 'succeeded');
  assert.equal(done.execution!.dryRun, true);
  assert.equal(done.verification, null);
  assert.deepEqual(
    done.execution!.steps.map((s) => [s.status, s.detail]),
    [
      ['skipped', 'dry-run: would patch Deployment shop/checkout restartedAt=2026-11-26T12:00:00Z'],
      ['skipped', 'dry-run: would delete Pod shop/checkout-7d9-x2k'],
    ]
  );
  assert.deepEqual(h.backend.runs, []);
  assert.match(await h.registry.metrics(), /outcome="dry_run"\} 1/);
  assert.match(await h.registry.metrics(), /prophet_remediation_dry_run 1/);
  await h.tickAt(h.now + 10 * MIN);
  assert.equal(h.manager.get(proposal.id)!.state, 'succeeded');
});

test('the global dry-run switch turned on after approval still keeps the execution from changing anything', async (t) => {
  const h = harness();
  t.after(h.close);
  const proposal = await h.propose();
  h.engine.dryRun = true;
  h.manager.approve(proposal.id, EDITOR, '');
  await h.manager.idle();
  assert.equal(h.manager.get(proposal.id)!.execution!.dryRun, true);
  assert.deepEqual(h.backend.runs, []);
});

test('automatic approval: approved by the policy and executed without anyone', async (t) => {
  const h = harness();
  h.engine.policies = [testPolicy('analyse-on-leak', { type: 'k8sgpt-analysis', approval: 'automatic' })];
  t.after(h.close);
  const proposal = await h.propose();
  await h.manager.idle();
  const done = h.manager.get(proposal.id)!;
  assert.equal(done.state, 'succeeded');
  assert.equal(done.decision?.by.login, 'policy:analyse-on-leak');
  assert.equal(done.decision?.by.type, 'system');
  assert.deepEqual(events(h, proposal.id).slice(0, 3), ['proposed', 'approved', 'execution-started']);
  // An analysis changes nothing, so it cannot clear its trigger: it is not verified (not left to fail verification).
  assert.equal(done.verification, null);
  h.probe = { clear: false, detail: 'still firing' };
  await h.tickAt(h.now + 30 * MIN);
  assert.equal(h.manager.get(proposal.id)!.state, 'succeeded');
});

test('a blocked proposal is audited once per reason, not every tick', async (t) => {
  const h = harness();
  t.after(h.close);
  h.engine.proposalBlock = 'namespace shop is not allowed';
  for (let i = 0; i < 3; i++) {
    await h.tickAt(h.now + MIN);
  }
  h.engine.proposalBlock = 'cooldown: restarted 10m ago';
  await h.tickAt(h.now + MIN);
  await h.tickAt(h.now + MIN);
  const blocked = h.store.remediation.listAudit({ events: ['blocked'] });
  assert.deepEqual(
    blocked.map((e) => [e.comment, e.target, e.actor.login, e.proposalId]),
    [
      ['namespace shop is not allowed', 'Deployment/shop/checkout', 'policy:restart-on-leak', ''],
      ['cooldown: restarted 10m ago', 'Deployment/shop/checkout', 'policy:restart-on-leak', ''],
    ]
  );
  assert.equal(h.store.remediation.listProposals().length, 0);
});

test('a target that does not exist is blocked with the backend message instead of proposed', async (t) => {
  const h = harness();
  t.after(h.close);
  h.backend.missing.add('Deployment/shop/checkout');
  await h.tickAt(h.now);
  await h.tickAt(h.now + MIN);
  assert.equal(h.store.remediation.listProposals().length, 0);
  assert.deepEqual(
    h.store.remediation.listAudit({ events: ['blocked'] }).map((e) => e.comment),
    ['preview failed: Deployment/shop/checkout not found']
  );
  h.backend.missing.clear();
  await h.tickAt(h.now + MIN);
  assert.equal(h.store.remediation.listProposals().length, 1);
});

test('a concurrency limit keeps the proposal approved, audited once, until it passes; blast radius fails it', async (t) => {
  const h = harness();
  t.after(h.close);
  const proposal = await h.propose();
  h.engine.executionBlock = { reason: '1 execution of restart-on-leak already running (max 1)', retryable: true };
  h.manager.approve(proposal.id, EDITOR, '');
  await h.manager.idle();
  await h.tickAt(h.now + MIN);
  await h.tickAt(h.now + MIN);
  assert.equal(h.manager.get(proposal.id)!.state, 'approved');
  assert.equal(h.store.remediation.listAudit({ proposalId: proposal.id, events: ['blocked'] }).length, 1);
  assert.deepEqual(h.backend.runs, []);
  h.engine.executionBlock = null;
  await h.tickAt(h.now + MIN);
  assert.equal(h.manager.get(proposal.id)!.state, 'succeeded');

  h.subjects = [
    {
      ...h.subjects[0],
      id: 'inc-other',
      openedAt: h.now,
      scope: { ...h.subjects[0].scope, workload: { kind: 'Deployment', name: 'cart' } },
    },
  ];
  const second = await h.propose();
  h.engine.executionBlock = { reason: 'would restart 30 pods (max 10)', retryable: false };
  h.manager.approve(second.id, EDITOR, '');
  await h.manager.idle();
  const failed = h.manager.get(second.id)!;
  assert.equal(failed.state, 'failed');
  assert.equal(failed.execution!.error, 'would restart 30 pods (max 10)');
  assert.deepEqual(h.backend.runs, ['patch-deployment', 'delete-pod']);
  assert.match(await h.registry.metrics(), /outcome="failed"\} 1/);
});

test('a disabled backend proposes nothing and lists as disabled', async (t) => {
  const h = harness();
  t.after(h.close);
  const { RemediationManager } = await import('../../src/remediation/remediation-manager.ts');
  const disabled = new RemediationManager({
    store: h.store.remediation,
    backend: null,
    backendKind: 'disabled',
    policies: h.engine,
    subjects: () => h.subjects,
    probe: () => h.probe,
    logger: { info() {}, warn() {}, error() {} },
  });
  await disabled.tick(h.now);
  await disabled.idle();
  assert.equal(disabled.list().backend, 'disabled');
  assert.deepEqual(disabled.list().proposals, []);
});
