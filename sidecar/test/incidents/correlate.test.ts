// Correlation decides what one on-call page shows: an alert about the same workload, pod or node joins the open
// incident; unrelated places, resolved incidents and stale incidents do not; evidence is picked by place and time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evidenceFor, incidentForAlert, joinTarget, type CorrelationTarget } from '../../src/incidents/correlate.ts';
import {
  describeScope,
  mergeScopes,
  scopeFromLabels,
  scopesOverlap,
  workloadOfPod,
} from '../../src/incidents/scope.ts';

const MIN = 60_000;

test('scope from labels: explicit workload labels, kube-prometheus workload, pod names, per-workload series, nodes', () => {
  assert.deepEqual(scopeFromLabels({ namespace: 'shop', deployment: 'checkout' }).workload, {
    kind: 'Deployment',
    name: 'checkout',
  });
  assert.deepEqual(scopeFromLabels({ namespace: 'db', workload: 'pg', workload_type: 'statefulset' }).workload, {
    kind: 'StatefulSet',
    name: 'pg',
  });
  const pod = scopeFromLabels({ namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2k4q', node: 'ip-10-0-1-7.ec2.internal' });
  assert.deepEqual(pod.workload, { kind: 'Deployment', name: 'checkout' });
  assert.deepEqual(pod.pods, ['checkout-7d9f8b6c5-x2k4q']);
  assert.deepEqual(workloadOfPod('postgres-0'), { kind: 'StatefulSet', name: 'postgres' });
  assert.equal(workloadOfPod('standalone'), null);
  assert.deepEqual(scopeFromLabels({ namespace: 'shop', container: 'cart' }).workload, {
    kind: 'Deployment',
    name: 'cart',
  });
  // node-exporter series: the instance address names the node; a namespaced series' instance is a pod address.
  assert.deepEqual(scopeFromLabels({ instance: '10.0.1.7:9100' }).nodes, ['10.0.1.7']);
  assert.deepEqual(scopeFromLabels({ namespace: 'shop', instance: '10.0.3.3:8080' }).nodes, []);
  assert.equal(scopeFromLabels({}).namespace, null);
});

test('places overlap on workload or pod within a namespace, or on a node problem; not on a namespace or a shared node alone', () => {
  const checkout = scopeFromLabels({ namespace: 'shop', deployment: 'checkout' });
  assert.ok(scopesOverlap(checkout, scopeFromLabels({ namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2k4q' })));
  assert.ok(scopesOverlap(checkout, scopeFromLabels({ namespace: 'shop', container: 'checkout' })));
  assert.ok(!scopesOverlap(checkout, scopeFromLabels({ namespace: 'staging', deployment: 'checkout' })));
  assert.ok(!scopesOverlap(checkout, scopeFromLabels({ namespace: 'shop', deployment: 'cart' })));
  assert.ok(!scopesOverlap(checkout, scopeFromLabels({ namespace: 'shop' })));
  const nodeDown = scopeFromLabels({ node: 'ip-10-0-1-7.ec2.internal' });
  const podOnNode = scopeFromLabels({
    namespace: 'shop',
    pod: 'cart-5f6d7c8b9-abcde',
    node: 'ip-10-0-1-7.ec2.internal',
  });
  assert.ok(scopesOverlap(nodeDown, podOnNode));
  assert.ok(scopesOverlap(nodeDown, scopeFromLabels({ instance: '10.0.1.7:9100' })), 'node name and IP are one node');
  const otherPodOnNode = scopeFromLabels({
    namespace: 'data',
    pod: 'worker-5f6d7c8b9-zzzzz',
    node: 'ip-10-0-1-7.ec2.internal',
  });
  assert.ok(!scopesOverlap(podOnNode, otherPodOnNode), 'two pods sharing a node are two problems');
});

test('merged scopes keep both sides; descriptions name the most specific place', () => {
  const merged = mergeScopes(
    scopeFromLabels({ namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2k4q' }),
    scopeFromLabels({ namespace: 'shop', pod: 'checkout-7d9f8b6c5-b7n2m', node: 'n1' })
  );
  assert.deepEqual(merged.pods, ['checkout-7d9f8b6c5-b7n2m', 'checkout-7d9f8b6c5-x2k4q']);
  assert.deepEqual(merged.nodes, ['n1']);
  assert.equal(describeScope(merged), 'Deployment shop/checkout');
  assert.equal(describeScope(scopeFromLabels({ node: 'n1' })), 'node n1');
  assert.equal(describeScope(scopeFromLabels({ namespace: 'shop' })), 'namespace shop');
  assert.equal(describeScope(scopeFromLabels({})), 'the cluster');
});

function incident(
  id: string,
  labels: Record<string, string>,
  overrides: Partial<CorrelationTarget> = {}
): CorrelationTarget {
  return {
    id,
    status: 'open',
    scope: scopeFromLabels(labels),
    openedAt: 100 * MIN,
    updatedAt: 110 * MIN,
    alerts: [{ fingerprint: `fp-${id}`, startsAt: 100 * MIN }],
    ...overrides,
  };
}

test('an alert joins the open incident about its place, most recent first; else it opens one', () => {
  const older = incident('older', { namespace: 'shop', deployment: 'checkout' }, { updatedAt: 105 * MIN });
  const newer = incident('newer', { namespace: 'shop', deployment: 'checkout' }, { updatedAt: 115 * MIN });
  const cart = incident('cart', { namespace: 'shop', deployment: 'cart' });
  const alert = {
    fingerprint: 'new',
    startsAt: 120 * MIN,
    labels: { namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2k4q' },
  };
  assert.equal(incidentForAlert([older, cart, newer], alert)?.id, 'newer');
  assert.equal(incidentForAlert([cart], alert), null);
  assert.equal(
    incidentForAlert([{ ...newer, status: 'resolved' }], alert),
    null,
    'resolved incidents are closed stories'
  );
  const muchLater = { ...alert, startsAt: newer.updatedAt + 31 * MIN };
  assert.equal(incidentForAlert([newer], muchLater), null, 'the same place much later is a new incident');
});

test('a repeat notification or the resolve of a known alert goes to its incident, even a resolved one', () => {
  const resolved = incident('r', { namespace: 'shop', deployment: 'checkout' }, { status: 'resolved' });
  const repeat = { fingerprint: 'fp-r', startsAt: 100 * MIN, labels: { namespace: 'elsewhere' } };
  assert.equal(incidentForAlert([resolved], repeat)?.id, 'r');
  assert.equal(incidentForAlert([resolved], { ...repeat, startsAt: 200 * MIN }), null, 'a new occurrence is new');
});

test('joinTarget is incidentForAlert for alerts in no incident yet: it never looks alerts up', () => {
  const open = incident('open', { namespace: 'shop', deployment: 'checkout' });
  const resolved = incident('r', { namespace: 'shop', deployment: 'checkout' }, { status: 'resolved' });
  const fresh = { fingerprint: 'new', startsAt: 105 * MIN, labels: { namespace: 'shop', deployment: 'checkout' } };
  assert.equal(joinTarget([resolved, open], fresh)?.id, 'open');
  assert.equal(joinTarget([resolved, open], fresh), incidentForAlert([resolved, open], fresh));
  const repeat = { ...fresh, fingerprint: 'fp-r', startsAt: 100 * MIN };
  assert.equal(incidentForAlert([resolved], repeat)?.id, 'r');
  assert.equal(joinTarget([resolved], repeat), null, 'a known alert is the caller’s to look up');
});

test('evidence is picked by place and by time since the lookback before the incident opened', () => {
  const scope = scopeFromLabels({ namespace: 'shop', deployment: 'checkout' });
  const evidence: Array<{ name: string; labels: Record<string, string>; at: number }> = [
    { name: 'memory drift', labels: { namespace: 'shop', container: 'checkout' }, at: 95 * MIN },
    { name: 'old spike', labels: { namespace: 'shop', container: 'checkout' }, at: 20 * MIN },
    { name: 'cart latency', labels: { namespace: 'shop', service: 'cart' }, at: 99 * MIN },
    { name: 'oom event', labels: { namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2k4q' }, at: 101 * MIN },
  ];
  assert.deepEqual(
    evidenceFor(scope, 100 * MIN, evidence).map((e) => e.name),
    ['memory drift', 'oom event']
  );
});
