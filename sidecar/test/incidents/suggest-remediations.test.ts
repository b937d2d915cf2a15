// The remediation rule table: each rule fires on its evidence and not without it, targets name exactly what an
// action would change, and the ranking puts the first thing to try first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allEvidence, suggestRemediations } from '../../src/incidents/suggest-remediations.ts';
import type { IncidentContext, RemediationSuggestion } from '../../src/incidents/types.ts';
import {
  alert,
  anomaly,
  context,
  event,
  finding,
  forecast,
  HOUR,
  memoryDrift,
  MIN,
  oomFinding,
  rolloutEvents,
  T0,
} from './incident-fixtures.ts';

const kinds = (s: RemediationSuggestion[]) => s.map((x) => `${x.kind} ${x.target ?? '-'}`);

/** Every suggestion must be well formed whatever the rule: ranks 1..n, confidence falling, evidence that exists. */
function suggest(ctx: IncidentContext): RemediationSuggestion[] {
  const suggestions = suggestRemediations(ctx);
  const known = new Set(allEvidence(ctx).map((r) => `${r.type}:${r.id}`));
  assert.ok(suggestions.length > 0, 'there is always at least one suggestion');
  suggestions.forEach((s, i) => {
    assert.equal(s.rank, i + 1);
    if (i > 0) {
      assert.ok(s.confidence <= suggestions[i - 1].confidence, 'ranked by confidence');
    }
    assert.ok(s.confidence > 0 && s.confidence <= 1);
    assert.ok(s.title.length > 0 && s.rationale.length > 0);
    for (const ref of s.evidence) {
      assert.ok(known.has(`${ref.type}:${ref.id}`), `${ref.type}:${ref.id} is evidence of the incident`);
    }
    assert.equal(s.target === null, s.kind === 'investigate', 'only investigations have no target');
  });
  return suggestions;
}

test('memory growth with OOM kills: restart the owning Deployment first, no rollback without a rollout', () => {
  const s = suggest(context({ anomalies: [memoryDrift()], findings: [oomFinding()] }));
  assert.deepEqual(kinds(s), ['rollout-restart Deployment/shop/checkout']);
  assert.equal(s[0].confidence, 0.85);
  assert.match(s[0].title, /^Restart Deployment shop\/checkout: .*OOMKilled/);
  assert.deepEqual(s[0].evidence.map((r) => r.type).sort(), ['anomaly', 'finding']);
});

test('a forecast crossing counts as memory growth, a CrashLoopBackOff event as the failure', () => {
  const s = suggest(
    context({
      forecasts: [forecast('Container memory vs limit')],
      events: [event('BackOff', 'Back-off restarting failed container checkout in pod x')],
    })
  );
  assert.deepEqual(kinds(s), ['rollout-restart Deployment/shop/checkout']);
  assert.match(s[0].title, /crash-looping/);
});

test('memory leak after a rollout: restart first, then roll back, citing the rollout events', () => {
  const s = suggest(
    context({ anomalies: [memoryDrift()], findings: [oomFinding()], events: rolloutEvents(T0 - 5 * HOUR) })
  );
  assert.deepEqual(kinds(s), ['rollout-restart Deployment/shop/checkout', 'rollback Deployment/shop/checkout']);
  assert.ok(s[1].evidence.some((r) => r.type === 'event' && r.id === 'Deployment/checkout/ScalingReplicaSet'));
  assert.match(s[1].title, /after the rollout at 2026-11-26 07:00 UTC/);
});

test('a rollout is no trigger when it came after the first symptom, more than a day before it, or was an HPA resize', () => {
  const leak = { anomalies: [memoryDrift({ start: T0 - 3 * HOUR })], findings: [oomFinding()] };
  const after = suggest(context({ ...leak, events: rolloutEvents(T0 - 2 * HOUR) }));
  const dayBefore = suggest(context({ ...leak, events: rolloutEvents(T0 - 28 * HOUR) }));
  const hpaResize = suggest(
    context({
      ...leak,
      events: [
        event('ScalingReplicaSet', 'Scaled up replica set checkout-7d9f8b6c5 to 5', {
          type: 'Normal',
          object: 'Deployment/checkout',
          lastSeen: T0 - 5 * HOUR,
        }),
        event('ScalingReplicaSet', 'Scaled down replica set checkout-7d9f8b6c5 to 3', {
          type: 'Normal',
          object: 'Deployment/checkout',
          lastSeen: T0 - 4 * HOUR,
        }),
      ],
    })
  );
  const other = suggest(context({ ...leak, events: rolloutEvents(T0 - 5 * HOUR, 'frontend') }));
  for (const s of [after, dayBefore, hpaResize, other]) {
    assert.deepEqual(kinds(s), ['rollout-restart Deployment/shop/checkout']);
  }
});

test('memory growth alone: an earlier, less confident restart before the limit; a spike is not growth', () => {
  const growing = suggest(context({ forecasts: [forecast('Container memory vs limit')] }));
  assert.deepEqual(kinds(growing), ['rollout-restart Deployment/shop/checkout']);
  assert.equal(growing[0].confidence, 0.6);
  assert.match(
    growing[0].title,
    /before its memory reaches the limit \(forecast to reach it at 2026-11-26 12:40 UTC\)/
  );

  const spike = suggest(context({ anomalies: [memoryDrift({ kind: 'spike' })], findings: [oomFinding()] }));
  assert.ok(!kinds(spike).some((k) => k.startsWith('rollout-restart')), 'a spike with OOM kills is not a leak');
  assert.deepEqual(kinds(spike), ['investigate -']);
  assert.match(spike[0].title, /memory limit of Deployment shop\/checkout/);
});

test('OOM kills after a rollout without growth: roll back before looking at the limit', () => {
  const s = suggest(context({ findings: [oomFinding()], events: rolloutEvents(T0 - HOUR) }));
  assert.deepEqual(kinds(s), ['rollback Deployment/shop/checkout', 'investigate -']);
});

test('ImagePullBackOff: roll back, never restart; more confident after a rollout', () => {
  const pull = finding(['Back-off pulling image "registry.example.com/shop/checkout:1.4.3"']);
  const alone = suggest(context({ findings: [pull] }));
  assert.deepEqual(kinds(alone), ['rollback Deployment/shop/checkout', 'investigate -']);
  assert.equal(alone[0].confidence, 0.65);
  const afterRollout = suggest(
    context({ findings: [pull], events: [...rolloutEvents(T0 - 10 * MIN), event('Failed', 'Error: ErrImagePull')] })
  );
  assert.deepEqual(kinds(afterRollout), ['rollback Deployment/shop/checkout']);
  assert.equal(afterRollout[0].confidence, 0.85);
  assert.ok(!kinds(afterRollout).some((k) => k.startsWith('rollout-restart')));
});

test('NodeNotReady: cordon, then drain the node; StatefulSet pods on it are deleted to be rescheduled', () => {
  const node = 'ip-10-0-1-5.eu-west-1.compute.internal';
  const notReady = event('NodeNotReady', `Node ${node} status is now: NodeNotReady`, {
    type: 'Normal',
    object: `Node/${node}`,
  });
  const s = suggest(
    context({ scope: { namespace: null, workload: null, pods: [], nodes: [node] }, events: [notReady] })
  );
  assert.deepEqual(kinds(s), [`cordon-node Node/${node}`, `drain-node Node/${node}`]);

  const stateful = suggest(
    context({
      scope: { namespace: 'data', workload: { kind: 'StatefulSet', name: 'kafka' }, pods: ['kafka-2'], nodes: [node] },
      events: [notReady],
    })
  );
  assert.deepEqual(kinds(stateful), [
    `cordon-node Node/${node}`,
    `drain-node Node/${node}`,
    'delete-pod Pod/data/kafka-2',
  ]);
});

test('node pressure from a K8sGPT node finding: cordon and drain, less confidently; recovery events do not fire', () => {
  const pressure = finding(
    ['node-3 has condition of type DiskPressure, reason KubeletHasDiskPressure: kubelet has disk pressure'],
    {
      kind: 'Node',
      name: 'node-3',
      parentObject: null,
    }
  );
  const s = suggest(
    context({ scope: { namespace: null, workload: null, pods: [], nodes: ['node-3'] }, findings: [pressure] })
  );
  assert.deepEqual(kinds(s), ['cordon-node Node/node-3', 'drain-node Node/node-3']);
  assert.equal(s[0].confidence, 0.7);
  assert.match(s[0].title, /DiskPressure/);

  const recovered = event('NodeHasNoDiskPressure', 'Node node-3 status is now: NodeHasNoDiskPressure', {
    type: 'Normal',
    object: 'Node/node-3',
  });
  const none = suggest(
    context({ scope: { namespace: null, workload: null, pods: [], nodes: ['node-3'] }, events: [recovered] })
  );
  assert.deepEqual(kinds(none), ['k8sgpt-analysis Node/node-3', 'investigate -']);
});

test('Pending pods: investigate with the scheduler reason; adding nodes is not ours to suggest', () => {
  const reason =
    '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found.';
  const s = suggest(context({ events: [event('FailedScheduling', reason)] }));
  assert.deepEqual(kinds(s), ['investigate -']);
  assert.ok(s[0].title.includes('3 Insufficient cpu'), s[0].title);
});

test('CPU saturation with traffic growth: scale, through the HPA when one is in charge', () => {
  const cpu = alert('CPUThrottlingHigh', { severity: 'warning' });
  const traffic = anomaly('HTTP requests per second', { kind: 'level_shift' });
  assert.deepEqual(kinds(suggest(context({ alerts: [cpu], anomalies: [traffic] }))), [
    'scale Deployment/shop/checkout',
  ]);

  const rescale = event(
    'SuccessfulRescale',
    'New size: 10; reason: cpu resource utilization (percentage of request) above target',
    {
      type: 'Normal',
      object: 'HorizontalPodAutoscaler/checkout',
    }
  );
  const viaHpa = suggest(context({ alerts: [cpu], events: [rescale] }));
  assert.deepEqual(kinds(viaHpa), ['scale HorizontalPodAutoscaler/shop/checkout']);
  assert.match(viaHpa[0].title, /maximum replicas/);
});

test('saturation without traffic growth: roll back after a rollout, otherwise investigate; never scale', () => {
  const latency = anomaly('HTTP p99 latency', { kind: 'level_shift', start: T0 - 20 * MIN });
  assert.deepEqual(kinds(suggest(context({ anomalies: [latency], events: rolloutEvents(T0 - HOUR) }))), [
    'rollback Deployment/shop/checkout',
  ]);
  const alone = suggest(context({ anomalies: [latency] }));
  assert.deepEqual(kinds(alone), ['investigate -']);
  assert.match(alone[0].title, /latency rises/);
  const down = suggest(context({ anomalies: [anomaly('HTTP p99 latency', { kind: 'dip', direction: 'down' })] }));
  assert.deepEqual(
    kinds(down),
    ['k8sgpt-analysis Deployment/shop/checkout', 'investigate -'],
    'a falling latency is no strain'
  );
});

test('nothing specific: a K8sGPT analysis of the most specific object, then investigate', () => {
  const unknown = alert('AnomalyScoreHigh');
  assert.deepEqual(kinds(suggest(context({ alerts: [unknown] }))), [
    'k8sgpt-analysis Deployment/shop/checkout',
    'investigate -',
  ]);
  const podOnly = context({
    alerts: [unknown],
    scope: { namespace: 'shop', workload: null, pods: ['standalone'], nodes: [] },
  });
  assert.deepEqual(kinds(suggest(podOnly)), ['k8sgpt-analysis Pod/shop/standalone', 'investigate -']);
  const nowhere = context({ alerts: [unknown], scope: { namespace: null, workload: null, pods: [], nodes: [] } });
  assert.deepEqual(kinds(suggest(nowhere)), ['investigate -']);
});

test('several problems: ranked by confidence across rules, the same action on the same object only once', () => {
  const node = 'node-7';
  const s = suggest(
    context({
      scope: {
        namespace: 'shop',
        workload: { kind: 'Deployment', name: 'checkout' },
        pods: ['checkout-7d9f8b6c5-x2k4q'],
        nodes: [node],
      },
      findings: [finding(['back-off 5m0s restarting failed container=checkout pod=checkout-7d9f8b6c5-x2k4q'])],
      anomalies: [anomaly('HTTP 5xx error ratio', { kind: 'level_shift', start: T0 - 10 * MIN })],
      events: [
        event('NodeNotReady', `Node ${node} status is now: NodeNotReady`, { type: 'Normal', object: `Node/${node}` }),
        ...rolloutEvents(T0 - HOUR),
      ],
    })
  );
  // crash-loop and regression-after-rollout both propose the rollback: kept once, with both rules' evidence.
  assert.deepEqual(kinds(s), [
    `cordon-node Node/${node}`,
    'rollback Deployment/shop/checkout',
    `drain-node Node/${node}`,
    'investigate -',
  ]);
  assert.deepEqual(s[1].evidence.map((r) => r.type).sort(), ['anomaly', 'event', 'finding']);
});

test('the workload comes from K8sGPT parentObject when the scope has none; same input, same output', () => {
  const ctx = context({
    scope: { namespace: 'shop', workload: null, pods: [], nodes: [] },
    findings: [oomFinding()],
    anomalies: [memoryDrift()],
  });
  assert.deepEqual(kinds(suggest(ctx)), ['rollout-restart Deployment/shop/checkout']);
  assert.deepEqual(suggestRemediations(structuredClone(ctx)), suggestRemediations(ctx));
});
