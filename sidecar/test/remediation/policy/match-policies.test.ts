// Matching policies against subjects: each trigger kind, each target selector, one draft per policy and target,
// the built-in policies on the demo's checkout incident, and follow-ups after a failed verification.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_REMEDIATION_POLICIES } from '../../../src/config/default-remediation-policies.ts';
import { targetRef } from '../../../src/remediation/backend.ts';
import { followUpDraft, matchPolicies } from '../../../src/remediation/policy/match-policies.ts';
import type { RemediationPolicy } from '../../../src/remediation/policy/policy-types.ts';
import { FORECAST_PAST_SLACK_MS } from '../../../src/remediation/policy/trigger-matches.ts';
import { MIN, NOW, alert, checkoutIncident, policy, proposalFrom, standalone } from './policy-test-data.ts';

const DEFAULTS = DEFAULT_REMEDIATION_POLICIES.map(policy);
const named = (name: string) => DEFAULTS.find((p) => p.name === name) as RemediationPolicy;
const match = (policies: RemediationPolicy[], subject = checkoutIncident(), globalDryRun = false) =>
  matchPolicies(policies, subject, NOW, { globalDryRun });
const summary = (policies: RemediationPolicy[], subject = checkoutIncident()) =>
  match(policies, subject).drafts.map((d) => `${d.policy} ${d.action} ${targetRef(d.target)} ${d.approval}`);

test('the built-in policies propose a restart of the demo checkout Deployment and an automatic K8sGPT analysis', () => {
  assert.deepEqual(summary(DEFAULTS), [
    'restart-on-memory-leak rollout-restart Deployment/shop/checkout required',
    'k8sgpt-analysis-on-anomaly k8sgpt-analysis Deployment/shop/checkout automatic',
  ]);
});

test('an alert trigger makes one draft per target, the earliest alert its trigger, every alert its evidence', () => {
  const subject = checkoutIncident();
  const { drafts, skipped } = match([named('restart-on-memory-leak')], subject);
  assert.deepEqual(skipped, []);
  assert.equal(drafts.length, 1);
  const [first, second] = [subject.alerts[1], subject.alerts[0]];
  assert.deepEqual(drafts[0], {
    policy: 'restart-on-memory-leak',
    action: 'rollout-restart',
    target: { kind: 'Deployment', namespace: 'shop', name: 'checkout' },
    params: {},
    title: 'Restart Deployment shop/checkout',
    rationale: drafts[0].rationale,
    trigger: {
      type: 'alert',
      id: first.fingerprint,
      description: 'ContainerMemoryLimitPredicted firing for shop/checkout-7d9f8c6b5-x2k4p',
    },
    incidentId: 'inc-checkout',
    // The earlier alert started before the incident opened.
    problemStartedAt: NOW - 30 * MIN,
    evidence: [
      { type: 'alert', id: first.fingerprint },
      { type: 'alert', id: second.fingerprint },
    ],
    approval: 'required',
    dryRun: false,
    expiresAt: NOW + 30 * MIN,
    followUpOf: null,
  });
  assert.match(
    drafts[0].rationale,
    /^ContainerMemoryLimitPredicted firing for shop\/checkout-7d9f8c6b5-x2k4p \(and 1 more on the same target\)\. Policy restart-on-memory-leak: A container is forecast/
  );
});

test('resolved alerts do not match; "~" label values are anchored regular expressions', () => {
  const subject = checkoutIncident();
  const resolved = checkoutIncident({ alerts: subject.alerts.map((a) => ({ ...a, status: 'resolved' as const })) });
  assert.deepEqual(match([named('restart-on-memory-leak')], resolved).drafts, []);

  const byPod = (pod: string) =>
    policy({
      name: 'by-pod',
      trigger: { alert: { labels: { alertname: 'ContainerMemoryLimitPredicted', pod } } },
      action: { type: 'delete-pod' },
    });
  assert.deepEqual(summary([byPod('~checkout-.*-x2k4p')]), [
    'by-pod delete-pod Pod/shop/checkout-7d9f8c6b5-x2k4p required',
  ]);
  assert.deepEqual(summary([byPod('~checkout')]), [], 'anchored: "checkout" is not the whole pod name');
  assert.deepEqual(summary([byPod('~cart-.*')]), []);
  // A pod target per alert: one draft each.
  assert.deepEqual(summary([byPod('~checkout-.+')]), [
    'by-pod delete-pod Pod/shop/checkout-7d9f8c6b5-x2k4p required',
    'by-pod delete-pod Pod/shop/checkout-7d9f8c6b5-q8w3e required',
  ]);
});

test('hpa targets come from the horizontalpodautoscaler label, else the workload name', () => {
  const maxed = alert({
    alertname: 'KubeHpaMaxedOut',
    namespace: 'shop',
    horizontalpodautoscaler: 'frontend-hpa',
    deployment: 'frontend',
    severity: 'warning',
  });
  const subject = standalone({ alerts: [maxed] });
  const { drafts } = match([named('raise-hpa-max-on-maxed-out')], subject);
  assert.deepEqual(drafts[0].target, { kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: 'frontend-hpa' });
  assert.deepEqual(drafts[0].params, { replicasDelta: 2, maxReplicas: 20 });
  assert.equal(
    drafts[0].title,
    'Raise the maximum of HorizontalPodAutoscaler shop/frontend-hpa by 2 replicas (at most 20)'
  );
  assert.equal(drafts[0].incidentId, null);

  const { horizontalpodautoscaler: _dropped, ...unnamed } = maxed.labels;
  const byWorkload = match(
    [named('raise-hpa-max-on-maxed-out')],
    standalone({ alerts: [{ ...maxed, labels: unnamed }] })
  );
  assert.deepEqual(byWorkload.drafts[0].target, {
    kind: 'HorizontalPodAutoscaler',
    namespace: 'shop',
    name: 'frontend',
  });
});

test('node targets come from a Node finding or the node label; a finding trigger reads kind and errors', () => {
  const notReady = {
    id: 'k8sgpt-operator-system/ip10029',
    kind: 'Node',
    name: 'ip-10-0-2-9',
    severity: 'critical' as const,
    errors: ['Ready has condition of type Ready, reason KubeletNotReady: container runtime is down'],
    details: null,
    parentObject: null,
    firstSeen: NOW - 8 * MIN,
    goneAt: null,
  };
  const cordon = named('cordon-not-ready-node');
  const { drafts } = match([cordon], standalone({ findings: [notReady] }));
  assert.deepEqual(
    drafts.map((d) => [d.title, d.trigger.type, d.trigger.id, d.problemStartedAt]),
    [['Cordon Node ip-10-0-2-9', 'finding', notReady.id, NOW - 8 * MIN]]
  );
  assert.match(drafts[0].trigger.description, /^K8sGPT: Node ip-10-0-2-9: Ready has condition of type Ready/);
  assert.deepEqual(match([cordon], standalone({ findings: [{ ...notReady, goneAt: NOW - MIN }] })).drafts, []);
  assert.deepEqual(match([cordon], standalone({ findings: [{ ...notReady, kind: 'Pod' }] })).drafts, []);
  assert.deepEqual(
    match([cordon], standalone({ findings: [{ ...notReady, errors: ['MemoryPressure has condition …'] }] })).drafts,
    []
  );

  const pressure = policy({
    name: 'drain-on-disk-pressure',
    trigger: { alert: { labels: { alertname: 'NodeFilesystemAlmostOutOfSpace' } } },
    action: { type: 'drain-node' },
  });
  const disk = alert({ alertname: 'NodeFilesystemAlmostOutOfSpace', node: 'ip-10-0-3-3', severity: 'critical' });
  const drain = match([pressure], standalone({ alerts: [disk] })).drafts[0];
  assert.deepEqual(drain.target, { kind: 'Node', namespace: null, name: 'ip-10-0-3-3' });
  assert.equal(drain.title, 'Drain Node ip-10-0-3-3 (at most 10 pods evicted)');
});

test('a crash-looping pod finding targets that pod; the OOM-killed checkout pod is left to the memory policy', () => {
  const crashing = {
    id: 'k8sgpt-operator-system/shopcart5f6',
    kind: 'Pod',
    name: 'shop/cart-5f6d7c8b9-abcde',
    severity: 'critical' as const,
    errors: ['back-off 5m0s restarting failed container=cart pod=cart-5f6d7c8b9-abcde_shop(1234)'],
    details: null,
    parentObject: 'Deployment/cart',
    firstSeen: NOW - 12 * MIN,
    goneAt: null,
  };
  const subject = checkoutIncident();
  subject.findings.push(crashing);
  assert.deepEqual(summary([named('delete-crashlooping-pod')], subject), [
    'delete-crashlooping-pod delete-pod Pod/shop/cart-5f6d7c8b9-abcde required',
  ]);
  // The finding's owner is its workload (not the incident's), for workload actions.
  const restart = policy({
    name: 'restart-crashing',
    trigger: { finding: { kind: 'Pod', errorMatches: 'BACK-OFF' } },
    action: { type: 'rollout-restart' },
  });
  assert.deepEqual(summary([restart], subject), ['restart-crashing rollout-restart Deployment/shop/cart required']);
});

test('silences target the alert and match exactly its labels unless the policy names matchers', () => {
  const silence = policy({
    name: 'silence-oom',
    trigger: { alert: { labels: { alertname: 'ContainerOOMKilled' } } },
    action: { type: 'silence', params: { silenceDuration: '2h' }, approval: 'automatic' },
  });
  const oom = alert({ alertname: 'ContainerOOMKilled', namespace: 'shop', pod: 'checkout-1', severity: 'warning' });
  const [draft] = match([silence], standalone({ alerts: [oom] })).drafts;
  assert.deepEqual(draft.target, { kind: 'Alert', namespace: null, name: oom.fingerprint });
  assert.deepEqual(draft.params, { silenceMatchers: { ...oom.labels }, silenceDurationMs: 2 * 60 * MIN });
  assert.equal(draft.title, 'Silence ContainerOOMKilled alerts for 2h');
  assert.equal(draft.approval, 'automatic');
});

test('an incident trigger matches open incidents of the severity with an alert carrying the labels', () => {
  const onShop = (severity: Array<'critical' | 'warning'>, labels: Record<string, string>) =>
    policy({
      name: 'analyse-incident',
      trigger: { incident: { severity, labels } },
      action: { type: 'k8sgpt-analysis', approval: 'automatic' },
    });
  const subject = checkoutIncident();
  const { drafts } = match([onShop(['critical'], { namespace: 'shop' })], subject);
  assert.equal(drafts.length, 1);
  assert.deepEqual(drafts[0].trigger, {
    type: 'incident',
    id: 'inc-checkout',
    description: 'critical incident: ContainerMemoryLimitPredicted on Deployment shop/checkout',
  });
  assert.deepEqual(
    drafts[0].evidence.map((e) => e.type),
    ['alert', 'alert', 'finding', 'anomaly', 'forecast']
  );
  assert.equal(drafts[0].problemStartedAt, subject.openedAt);
  assert.deepEqual(match([onShop(['warning'], {})], subject).drafts, []);
  assert.deepEqual(match([onShop(['critical'], { namespace: '~pay.*' })], subject).drafts, []);
  assert.deepEqual(match([onShop(['critical'], {})], standalone({ scope: subject.scope })).drafts, []);
});

test('an anomaly trigger matches ongoing anomalies by job, kind, direction and score', () => {
  const on = (anomaly: object) =>
    policy({ name: 'on-anomaly', trigger: { anomaly }, action: { type: 'k8sgpt-analysis', approval: 'automatic' } });
  const subject = checkoutIncident();
  assert.equal(
    match([on({ job: 'workload-memory', kinds: ['drift'], direction: 'up', minScore: 0.9 })]).drafts.length,
    1
  );
  assert.equal(match([on({ job: '~workload-.*' })]).drafts[0].trigger.id, 'workload-memory-0123456789ab');
  assert.match(match([on({})]).drafts[0].trigger.description, /: drift up, score 0\.93$/);
  for (const miss of [{ job: 'workload' }, { kinds: ['spike'] }, { direction: 'down' }, { minScore: 0.95 }]) {
    assert.deepEqual(match([on(miss)]).drafts, [], JSON.stringify(miss));
  }
  const ended = checkoutIncident({ anomalies: subject.anomalies.map((a) => ({ ...a, ongoing: false })) });
  assert.deepEqual(match([on({})], ended).drafts, []);
  // A standalone anomaly with no known workload: nothing to analyse, and the reason is kept.
  const lone = match([on({})], standalone({ anomalies: subject.anomalies }));
  assert.deepEqual(lone.drafts, []);
  assert.deepEqual(lone.skipped, [
    {
      policy: 'on-anomaly',
      reason:
        'anomaly in Workload memory (largest pod) {container="checkout", namespace="shop"}: drift up, score 0.93 matched, but no workload is known for it',
    },
  ]);
});

test('a forecast trigger matches a crossing within the time to threshold, not one long past', () => {
  const soon = policy({
    name: 'restart-before-oom',
    trigger: { forecast: { job: 'container-memory', timeToThresholdUnder: '1h' } },
    action: { type: 'rollout-restart' },
  });
  const at = (crossesAt: number) =>
    checkoutIncident({ forecasts: checkoutIncident().forecasts.map((f) => ({ ...f, crossesAt })) });
  const { drafts } = match([soon], at(NOW + 40 * MIN));
  assert.deepEqual(drafts[0].trigger, {
    type: 'forecast',
    id: 'container-memory-abcdef012345',
    description:
      'Container memory vs limit {container="checkout", namespace="shop", pod="checkout-7d9f8c6b5-x2k4p"} is forecast to cross its threshold in 40m',
    timeToThresholdUnderMs: 60 * MIN,
  });
  assert.deepEqual(drafts[0].target, { kind: 'Deployment', namespace: 'shop', name: 'checkout' });
  assert.deepEqual(match([soon], at(NOW + 61 * MIN)).drafts, []);
  assert.match(match([soon], at(NOW - MIN)).drafts[0].trigger.description, /has reached its threshold$/);
  assert.deepEqual(match([soon], at(NOW - FORECAST_PAST_SLACK_MS - 1)).drafts, []);
  const otherJob = policy({
    ...DEFAULT_REMEDIATION_POLICIES[0],
    name: 'x',
    trigger: { forecast: { job: 'node-cpu', timeToThresholdUnder: '1h' } },
  });
  assert.deepEqual(match([otherJob], at(NOW + 40 * MIN)).drafts, []);
});

test('a workload that is not a Deployment is skipped with the reason', () => {
  const subject = checkoutIncident({
    scope: { namespace: 'db', workload: { kind: 'StatefulSet', name: 'postgres' }, pods: ['postgres-0'], nodes: [] },
    alerts: [alert({ alertname: 'ContainerMemoryLimitPredicted', namespace: 'db', pod: 'postgres-0' })],
  });
  const { drafts, skipped } = match([named('restart-on-memory-leak')], subject);
  assert.deepEqual(drafts, []);
  assert.deepEqual(skipped, [
    {
      policy: 'restart-on-memory-leak',
      reason:
        'ContainerMemoryLimitPredicted firing for db/postgres-0 matched, but its workload is a StatefulSet db/postgres, and workload actions change Deployments only',
    },
  ]);
});

test('the global dry-run switch and a policy dryRun both make dry-run drafts', () => {
  assert.equal(match([named('restart-on-memory-leak')], checkoutIncident(), true).drafts[0].dryRun, true);
  const dry = policy({
    ...DEFAULT_REMEDIATION_POLICIES[0],
    action: { ...DEFAULT_REMEDIATION_POLICIES[0].action, dryRun: true },
  });
  assert.equal(match([dry]).drafts[0].dryRun, true);
});

test('a failed verification proposes the follow-up on the same target, once per chain', () => {
  const restart = named('restart-on-memory-leak');
  const [draft] = match([restart]).drafts;
  const failed = proposalFrom(draft, 'not-verified', { executedAt: NOW - 10 * MIN, id: 'rem-restart' });
  const next = followUpDraft(failed, restart, NOW);
  assert.deepEqual(next, {
    policy: 'restart-on-memory-leak',
    action: 'rollback',
    target: draft.target,
    params: {},
    title: 'Roll back Deployment shop/checkout to its previous revision',
    rationale:
      'Restart Deployment shop/checkout did not clear "ContainerMemoryLimitPredicted firing for ' +
      'shop/checkout-7d9f8c6b5-x2k4p" within 3m. Policy restart-on-memory-leak proposes this next.',
    trigger: draft.trigger,
    incidentId: 'inc-checkout',
    problemStartedAt: draft.problemStartedAt,
    evidence: draft.evidence,
    approval: 'required',
    dryRun: false,
    expiresAt: NOW + 30 * MIN,
    followUpOf: 'rem-restart',
  });
  assert.equal(followUpDraft(proposalFrom(next as NonNullable<typeof next>, 'not-verified'), restart, NOW), null);
  assert.equal(followUpDraft(failed, named('delete-crashlooping-pod'), NOW), null);
  assert.equal(followUpDraft(failed, restart, NOW, { globalDryRun: true })?.dryRun, true);
});
