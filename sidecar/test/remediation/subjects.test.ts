// What policies are matched against, and the real policy engine over the manager: open incidents as they are, the
// signals no open incident holds as one-item standalone subjects (a forecast dated from when it was first seen), and
// a cooldown whose wording counts down audited once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnomalySummary, ForecastSummary } from '../../src/api/contract.ts';
import type { TrackedFinding } from '../../src/findings/finding-types.ts';
import type { Incident } from '../../src/incidents/types.ts';
import { blockKey, policyEngine } from '../../src/remediation/policy-engine.ts';
import { subjectBuilder } from '../../src/remediation/subjects.ts';
import type { StoredAlert } from '../../src/store/alert-store.ts';
import { forecastDetail } from '../api/fakes.ts';
import { testPolicy } from '../doubles/scripted-policy-engine.ts';
import { alert, anomaly, context, T0 } from '../incidents/incident-fixtures.ts';
import { EDITOR, harness, MIN } from './harness.ts';

const NOW = T0 + 10 * MIN;

function openIncident(): Incident {
  return {
    ...context({
      id: 'inc-1',
      alerts: [alert('ContainerMemoryLimitPredicted')],
      anomalies: [anomaly('Workload memory')],
    }),
    status: 'open',
    updatedAt: NOW,
    resolvedAt: null,
    timeline: [],
    explanation: null,
    suggestions: [],
  };
}

const storedAlert = (fingerprint: string, labels: Record<string, string>) =>
  ({
    fingerprint,
    alertname: labels.alertname,
    status: 'firing',
    severity: labels.severity,
    labels,
    annotations: {},
    startsAt: T0 - 20 * MIN,
    endsAt: null,
    generatorURL: null,
  }) as unknown as StoredAlert;

const finding = {
  id: 'k8sgpt/node-1',
  kind: 'Node',
  name: 'node-1',
  namespace: null,
  objectName: 'node-1',
  parentObject: null,
  errors: ['node-1 has condition of type Ready, reason KubeletNotReady'],
  severity: 'critical',
  details: null,
  firstSeen: T0 - 5 * MIN,
} as unknown as TrackedFinding;

function anomalySummary(id: string, ongoing: boolean): AnomalySummary {
  return {
    id,
    labels: { namespace: 'shop', deployment: 'cart' },
    title: 'Request latency',
    latestEvent: {
      kind: 'spike',
      direction: 'up',
      size: 3,
      start: T0,
      end: NOW,
      ongoing,
      peakScore: 0.9,
      limitAt: null,
    },
  } as unknown as AnomalySummary;
}

test('subjects: open incidents, plus alerts (that open none), findings, ongoing anomalies and forecast crossings no open incident holds', () => {
  const incident = openIncident();
  let forecasts: ForecastSummary[] = [
    forecastDetail('node-disk', 'disk-1', {
      labels: { node: 'node-2' },
      crossing: { at: NOW + 40 * MIN, earliest: null, latest: null },
    }),
  ];
  const build = subjectBuilder({
    incidents: { list: ({ status } = {}) => (status === 'open' ? [incident] : []) },
    alerts: {
      list: () => ({
        total: 2,
        alerts: [
          storedAlert(incident.alerts[0].fingerprint, incident.alerts[0].labels),
          // Critical: it opens an incident (a moment from now), so it is never matched alone.
          storedAlert('fp-new-critical', { alertname: 'KubeNodeNotReady', node: 'node-3', severity: 'critical' }),
          storedAlert('fp-hpa', {
            alertname: 'KubeHpaMaxedOut',
            namespace: 'shop',
            horizontalpodautoscaler: 'frontend',
            severity: 'warning',
          }),
        ],
      }),
    },
    findings: { list: () => [finding] },
    detection: {
      anomalies: () => ({
        generatedAt: NOW,
        anomalies: [
          anomalySummary(incident.anomalies[0].id, true),
          anomalySummary('latency-1', true),
          anomalySummary('latency-2', false),
        ],
      }),
    },
    forecasts: { list: () => ({ generatedAt: NOW, forecasts }) },
    opensIncident: (a) => a.severity === 'critical',
  });
  const subjects = build(NOW);
  assert.deepEqual(
    subjects.map((s) => [s.type, s.id]),
    [
      ['incident', 'inc-1'],
      ['standalone', 'alert:fp-hpa'],
      ['standalone', 'finding:k8sgpt/node-1'],
      ['standalone', 'anomaly:latency-1'],
      ['standalone', 'forecast:disk-1'],
    ]
  );
  const [, hpa, node, latency, disk] = subjects;
  assert.equal(hpa.severity, 'warning');
  assert.equal(hpa.alerts[0].alertname, 'KubeHpaMaxedOut');
  assert.equal(hpa.openedAt, T0 - 20 * MIN);
  assert.deepEqual(node.scope.nodes, ['node-1']);
  assert.equal(node.openedAt, T0 - 5 * MIN);
  assert.equal(latency.scope.namespace, 'shop');
  assert.equal(latency.openedAt, T0);
  assert.equal(disk.forecasts[0].crossesAt, NOW + 40 * MIN);
  assert.equal(disk.openedAt, NOW);

  // The same forecast keeps the start it was first seen at; once its crossing is gone it starts over.
  assert.equal(build(NOW + 5 * MIN).find((s) => s.id === 'forecast:disk-1')?.openedAt, NOW);
  forecasts = [{ ...forecasts[0], crossing: null }];
  assert.equal(
    build(NOW + 10 * MIN).find((s) => s.id === 'forecast:disk-1'),
    undefined
  );
  forecasts = [
    forecastDetail('node-disk', 'disk-1', { crossing: { at: NOW + 60 * MIN, earliest: null, latest: null } }),
  ];
  assert.equal(build(NOW + 15 * MIN).find((s) => s.id === 'forecast:disk-1')?.openedAt, NOW + 15 * MIN);
});

test('the real policy engine: a cooldown that counts down in its wording is audited once, then proposes when over', async (t) => {
  const h = harness();
  t.after(h.close);
  const policy = testPolicy('restart-on-leak', { cooldownMs: 30 * MIN, onVerificationFailure: null });
  const engine = policyEngine({ dryRun: false, policies: [policy] }, h.store.remediation);
  const matches = engine.match(h.subjects, h.now);
  assert.equal(matches.length, 1);
  assert.deepEqual(matches[0].draft.target, { kind: 'Deployment', namespace: 'shop', name: 'checkout' });

  // Drive the harness's manager with the real engine.
  Object.assign(h.engine, {
    policies: engine.policies,
    match: engine.match,
    proposalGuard: engine.proposalGuard,
    executionGuard: engine.executionGuard,
    followUp: engine.followUp,
  });
  const first = await h.propose();
  h.manager.approve(first.id, EDITOR, '');
  await h.manager.idle();
  assert.equal(h.manager.get(first.id)!.state, 'succeeded');

  // A new incident on the same Deployment within the cooldown: refused, audited once although the wording changes.
  h.subjects = [
    {
      ...h.subjects[0],
      id: 'inc-again',
      openedAt: h.now,
      alerts: [{ ...h.subjects[0].alerts[0], fingerprint: 'fp-again' }],
    },
  ];
  for (let i = 0; i < 5; i++) {
    await h.tickAt(h.now + 2 * MIN);
  }
  const blocked = h.store.remediation.listAudit({ events: ['blocked'] });
  assert.equal(blocked.length, 1);
  assert.match(blocked[0].comment, /^cooldown: Deployment\/shop\/checkout was restarted/);
  const draft = engine.match(h.subjects, h.now)[0].draft;
  const [early, later] = [h.now, h.now + 5 * MIN].map((at) => engine.proposalGuard(policy, draft, at));
  assert.ok(!early.ok && !later.ok && early.reason !== later.reason, 'the wording counts down');
  assert.equal(blockKey(early), blockKey(later));

  const executedAt = h.manager.get(first.id)!.execution!.startedAt;
  await h.tickAt(executedAt + 31 * MIN);
  assert.equal(h.store.remediation.listProposals({ action: 'rollout-restart' }).length, 2);
});
