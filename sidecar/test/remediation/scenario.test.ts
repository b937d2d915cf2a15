// The demo's memory leak remediated end to end on the real service (leak-scenario.ts), on a simulated clock: the
// stages happen in order, MTTR stays under 5 minutes with a 60 s approval, the restart runs once although 100
// approvals arrive at once (half of them one Editor's replayed token), a Viewer cannot approve, and a proposal left
// to expire cannot be approved afterwards.
import assert from 'node:assert/strict';
import { before, describe, it, test } from 'node:test';
import type { RemediationProposal } from '../../src/api/contract.ts';
import { EDITOR, LeakService, MIN, OTHER_EDITORS, VIEWER } from './leak-scenario.ts';
import { runLeakScenario, type LeakScenarioResult } from './run-leak-scenario.ts';

const MiB = 1024 * 1024;
const EDITORS = [EDITOR, ...OTHER_EDITORS].map((u) => u.login);

describe('the leak story with a 60 s approval, sent as 100 approvals at once', () => {
  let run: LeakScenarioResult;
  let viewer: {
    status: number;
    message: string;
    before: RemediationProposal;
    after: RemediationProposal;
    auditBefore: number;
    auditAfter: number;
    restarts: number;
  };

  before(async () => {
    run = await runLeakScenario({
      approvalDelayMs: 60_000,
      approvals: 100,
      beforeApproval: async (leak, proposal) => {
        const auditBefore = (await leak.audit(proposal.id)).entries.length;
        const answer = await leak.decide(proposal.id, VIEWER, 'approve', 'a viewer tries');
        await leak.service.remediation.manager.idle();
        viewer = {
          status: answer.status,
          message: answer.body.message ?? '',
          before: proposal,
          after: leak.restartProposal()!,
          auditBefore,
          auditAfter: (await leak.audit(proposal.id)).entries.length,
          restarts: leak.restarts(),
        };
      },
    });
  });

  it('goes through every stage in order', () => {
    const s = run.stages;
    const order: Array<[string, number | null]> = [
      ['forecast sees the crossing', s.forecastSeenAt],
      ['alert starts', s.problemStartedAt],
      ['alert received', s.alertReceivedAt],
      ['incident opened', s.incidentOpenedAt],
      ['proposed', s.proposedAt],
      ['approved', s.approvedAt],
      ['execution started', s.executionStartedAt],
      ['execution finished', s.executionFinishedAt],
      ['resolved alert received', s.alertResolvedReceivedAt],
      ['trigger cleared', s.clearedAt],
      ['verified', s.verifiedAt],
    ];
    for (const [name, at] of order) {
      assert.notEqual(at, null, `${name} was not seen`);
    }
    for (let i = 1; i < order.length; i++) {
      assert.ok(order[i - 1][1]! <= order[i][1]!, `${order[i - 1][0]} comes before ${order[i][0]}`);
    }
    assert.equal(s.approvedAt! - s.proposedAt, 60_000, 'approved after the scripted delay');
    assert.ok(s.forecastCrossingAt! > s.problemStartedAt, 'the forecast put the crossing ahead');
    assert.equal(run.proposal.state, 'verified');
    assert.ok(run.proposal.preview?.diff.includes('restartedAt'), 'the preview shows the restart annotation');
  });

  it('saw the anomaly on checkout memory before the alert', () => {
    assert.ok(run.stages.anomalySeenAt !== null, JSON.stringify(run.anomalyRuns));
    assert.ok(run.stages.anomalyStart! < run.stages.problemStartedAt);
  });

  it('recovers within 5 minutes of the alert starting', () => {
    assert.ok(run.mttrMs !== null && run.mttrMs < 5 * MIN, `MTTR ${run.mttrMs} ms`);
    assert.equal(run.metrics.mttrCount, 1, 'prophet_remediation_mttr_seconds observed once');
    assert.equal(run.metrics.mttrSum, run.mttrMs! / 1000);
  });

  it('approves and restarts once for 100 approvals at once', () => {
    assert.deepEqual(
      run.approvals.map((a) => a.status),
      run.approvals.map(() => 200),
      JSON.stringify(run.approvals.find((a) => a.status !== 200))
    );
    assert.equal(run.approvals.filter((a) => a.body.changed).length, 1);
    assert.equal(run.restarts, 1, 'one restart of shop/checkout on the simulated cluster');
    const count = (event: string) => run.audit.filter((e) => e.event === event).length;
    assert.equal(count('approved'), 1);
    assert.equal(count('execution-started'), 1);
  });

  it('leaves the audit trail proposed → approved by an Editor → executed → verified, chain intact', () => {
    const events = run.audit.map((e) => e.event);
    assert.deepEqual(
      events.filter((e) => e !== 'step'),
      ['proposed', 'approved', 'execution-started', 'succeeded', 'verified']
    );
    assert.deepEqual(
      run.audit.filter((e) => e.event === 'step').map((e) => `${e.detail.op} ${e.detail.status}`),
      ['restart-deployment started', 'restart-deployment done']
    );
    const approved = run.audit.find((e) => e.event === 'approved')!;
    assert.equal(approved.actor.type, 'user');
    assert.equal(approved.actor.role, 'Editor');
    assert.ok(EDITORS.includes(approved.actor.login), approved.actor.login);
    assert.equal(run.proposal.decision?.by.login, approved.actor.login);
    assert.equal(run.auditChainOk, true);
  });

  it('brings checkout memory back to its baseline and moves the forecast crossing hours away', () => {
    const { before: was, after: now } = run;
    assert.ok(was && now && was.at <= run.stages.executionStartedAt! && now.at > run.stages.executionStartedAt!);
    assert.ok(was.currentBytes > 900 * MiB, `before: ${was.currentBytes / MiB} MiB`);
    assert.ok(now.currentBytes < 400 * MiB, `after: ${now.currentBytes / MiB} MiB`);
    assert.ok(
      now.crossingAt === null || now.crossingAt - now.at > 3 * 60 * MIN,
      `crossing ${now.crossingAt === null ? 'none' : `${(now.crossingAt - now.at) / MIN} min away`}`
    );
    assert.ok(run.oom.aheadAtStart! - run.stages.problemStartedAt < 60 * MIN, 'an OOM kill was under an hour away');
    assert.ok(run.oom.afterRestart === null || run.oom.afterRestart - run.stages.executionStartedAt! > 6 * 60 * MIN);
  });

  it('refuses a Viewer with 403 and changes nothing', () => {
    assert.equal(viewer.status, 403);
    assert.match(viewer.message, /Viewer/);
    assert.match(viewer.message, /Editor/);
    assert.equal(viewer.after.state, 'proposed');
    assert.equal(viewer.after.version, viewer.before.version);
    assert.equal(viewer.auditAfter, viewer.auditBefore);
    assert.equal(viewer.restarts, 0);
  });
});

test('a proposal left past its expiry is expired and cannot be approved (409)', async (t) => {
  const leak = await LeakService.start({ leadMs: 30_000 });
  t.after(() => leak.close());
  await leak.until(() => leak.restartProposal() !== undefined, 5 * MIN, 'a rollout-restart proposal');
  const proposal = leak.restartProposal()!;
  await leak.stepTo(proposal.expiresAt + leak.stepMs);
  const answer = await leak.decide(proposal.id, EDITOR, 'approve', 'too late');
  await leak.service.remediation.manager.idle();
  assert.equal(answer.status, 409, JSON.stringify(answer.body));
  assert.match(answer.body.message ?? '', /expired/);
  assert.equal(leak.restartProposal()!.state, 'expired');
  const events = (await leak.audit(proposal.id)).entries.map((e) => e.event);
  assert.deepEqual(events, ['proposed', 'expired']);
  assert.equal(leak.restarts(), 0);
});
