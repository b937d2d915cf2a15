// Verification: the probes read each kind of trigger from live data; the watch ends verified only when the trigger
// is clear at the deadline (clearedAt = start of the final clear streak, the recovery MTTR is measured to), and a
// failed one proposes the policy's next step once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnomalyDetail, ForecastDetail } from '../../src/api/contract.ts';
import type { Incident } from '../../src/incidents/types.ts';
import type { StoredAlert } from '../../src/store/alert-store.ts';
import { advanceVerification, createTriggerProbe } from '../../src/remediation/verification.ts';
import type { ProposalTrigger, RemediationProposal } from '../../src/remediation/types.ts';
import { forecastDetail } from '../api/fakes.ts';
import { alert } from '../incidents/incident-fixtures.ts';
import { EDITOR, events, harness, MIN } from './harness.ts';

const NOW = Date.UTC(2026, 10, 26, 12);

function proposalWith(trigger: Partial<ProposalTrigger>, incidentId: string | null = null): RemediationProposal {
  return {
    trigger: { type: 'alert', id: 'fp-1', description: 'test', ...trigger },
    incidentId,
  } as RemediationProposal;
}

test('probes: alert resolved (store, else the incident), incident resolved or without firing critical alerts', () => {
  const stored = (status: 'firing' | 'resolved') => [{ status } as StoredAlert];
  let alerts: StoredAlert[] = stored('firing');
  const incident = {
    status: 'open',
    alerts: [
      alert('ContainerMemoryLimitPredicted', { fingerprint: 'fp-2' }),
      alert('KubePodNotReady', { severity: 'warning' }),
    ],
  } as Incident;
  const probe = createTriggerProbe({
    alerts: { byFingerprint: (fp) => (fp === 'fp-1' ? alerts : []) },
    incidents: { get: (id) => (id === 'inc-1' ? incident : undefined) },
  });
  assert.deepEqual(probe(proposalWith({}), NOW), { clear: false, detail: 'alert still firing' });
  alerts = stored('resolved');
  assert.deepEqual(probe(proposalWith({}), NOW), { clear: true, detail: 'alert resolved' });
  assert.equal(probe(proposalWith({ id: 'fp-2' }, 'inc-1'), NOW).clear, false, 'read from the incident');
  assert.equal(probe(proposalWith({ id: 'fp-9' }), NOW).detail, 'alert fp-9 not found');

  const byIncident = proposalWith({ type: 'incident', id: 'inc-1' });
  assert.match(probe(byIncident, NOW).detail, /1 critical alert\(s\) still firing \(ContainerMemoryLimitPredicted\)/);
  incident.alerts[0] = { ...incident.alerts[0], status: 'resolved' };
  assert.deepEqual(probe(byIncident, NOW), { clear: true, detail: 'no critical alert of the incident is firing' });
  incident.status = 'resolved';
  assert.deepEqual(probe(byIncident, NOW), { clear: true, detail: 'incident resolved' });
});

test('probes: finding gone, anomaly no longer ongoing, forecast crossing beyond the limit', () => {
  const findings = new Set(['k8sgpt/shopcheckout']);
  let ongoing = true;
  let forecast: ForecastDetail = forecastDetail('container-memory', 'mem-1', {
    crossing: { at: NOW + 30 * MIN, earliest: null, latest: null },
  });
  const probe = createTriggerProbe({
    findings: { get: (id) => (findings.has(id) ? {} : undefined) },
    detection: { anomaly: () => ({ latestEvent: { kind: 'drift', ongoing, peakScore: 0.9 } }) as AnomalyDetail },
    forecasts: { get: () => forecast },
  });
  const finding = proposalWith({ type: 'finding', id: 'k8sgpt/shopcheckout' });
  assert.equal(probe(finding, NOW).clear, false);
  findings.clear();
  assert.deepEqual(probe(finding, NOW), { clear: true, detail: 'finding k8sgpt/shopcheckout gone' });

  const anomaly = proposalWith({ type: 'anomaly', id: 'mem-1' });
  assert.deepEqual(probe(anomaly, NOW), { clear: false, detail: 'anomaly still ongoing (drift, score 0.90)' });
  ongoing = false;
  assert.equal(probe(anomaly, NOW).clear, true);

  const byForecast = proposalWith({ type: 'forecast', id: 'mem-1', timeToThresholdUnderMs: 60 * MIN });
  assert.deepEqual(probe(byForecast, NOW), { clear: false, detail: 'forecast: 30m to the threshold, under 1h' });
  forecast = { ...forecast, crossing: { at: NOW + 9 * 60 * MIN, earliest: null, latest: null } };
  assert.deepEqual(probe(byForecast, NOW), { clear: true, detail: 'forecast: 9h to the threshold (limit 1h)' });
  forecast = { ...forecast, crossing: null };
  assert.equal(probe(byForecast, NOW).clear, true);
  assert.equal(createTriggerProbe({})(finding, NOW).detail, 'no K8sGPT findings source to check');
});

test('advanceVerification: a clear streak broken by a relapse starts over; the deadline decides', () => {
  const start = { until: NOW + 3 * MIN, clearedAt: null, lastCheckedAt: null, detail: '' };
  const clear = { clear: true, detail: 'alert resolved' };
  const firing = { clear: false, detail: 'alert still firing' };
  let step = advanceVerification(start, clear, NOW + MIN);
  assert.equal(step.outcome, 'watching');
  assert.equal(step.verification.clearedAt, NOW + MIN);
  step = advanceVerification(step.verification, firing, NOW + 2 * MIN);
  assert.equal(step.verification.clearedAt, null);
  step = advanceVerification(step.verification, clear, NOW + 2.5 * MIN);
  step = advanceVerification(step.verification, clear, NOW + 3 * MIN);
  assert.deepEqual(step, {
    outcome: 'verified',
    verification: {
      until: NOW + 3 * MIN,
      clearedAt: NOW + 2.5 * MIN,
      lastCheckedAt: NOW + 3 * MIN,
      detail: 'alert resolved',
    },
  });
  assert.equal(advanceVerification(start, firing, NOW + 3 * MIN).outcome, 'not-verified');
});

test('through the manager: recovery within the window is verified, with MTTR from the problem start', async (t) => {
  const h = harness();
  t.after(h.close);
  const proposal = await h.propose();
  h.manager.approve(proposal.id, EDITOR, '');
  await h.manager.idle();
  const executedAt = h.now;
  await h.tickAt(executedAt + MIN);
  assert.equal(h.manager.get(proposal.id)!.verification!.lastCheckedAt, executedAt + MIN);
  h.probe = { clear: true, detail: 'alert resolved' };
  await h.tickAt(executedAt + 2 * MIN);
  await h.tickAt(executedAt + 3 * MIN);
  const verified = h.manager.get(proposal.id)!;
  assert.equal(verified.state, 'verified');
  assert.equal(verified.verification!.clearedAt, executedAt + 2 * MIN);
  assert.deepEqual(events(h, proposal.id).slice(-2), ['succeeded', 'verified']);
  // The problem started at the incident's opening (T0); the harness clock started 5 minutes later.
  const mttr = (executedAt + 2 * MIN - proposal.problemStartedAt) / 1000;
  assert.match(await h.registry.metrics(), new RegExp(`prophet_remediation_mttr_seconds_sum ${mttr}\\n`));
  assert.match(await h.registry.metrics(), /prophet_remediation_mttr_seconds_bucket\{le="600"\} 1/);
});

test('through the manager: never cleared → not-verified and one follow-up proposal (rollback), not a chain', async (t) => {
  const h = harness();
  t.after(h.close);
  const proposal = await h.propose();
  h.manager.approve(proposal.id, EDITOR, '');
  await h.manager.idle();
  for (let i = 1; i <= 4; i++) {
    await h.tickAt(h.now + MIN);
  }
  assert.equal(h.manager.get(proposal.id)!.state, 'not-verified');
  const followUp = h.store.remediation.listProposals({ action: 'rollback' });
  assert.equal(followUp.length, 1);
  assert.equal(followUp[0].followUpOf, proposal.id);
  assert.equal(followUp[0].state, 'proposed');
  assert.equal(followUp[0].problemStartedAt, proposal.problemStartedAt);
  assert.notEqual(followUp[0].preview, null);

  // The rollback does not help either: it ends not-verified, with nothing proposed after it.
  h.manager.approve(followUp[0].id, EDITOR, 'roll back');
  await h.manager.idle();
  for (let i = 1; i <= 4; i++) {
    await h.tickAt(h.now + MIN);
  }
  assert.equal(h.manager.get(followUp[0].id)!.state, 'not-verified');
  assert.equal(h.store.remediation.listProposals().length, 2);
  assert.ok(h.store.remediation.verifyAuditChain().ok);
});
