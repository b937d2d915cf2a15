// K8sGPT Result → Finding: both key casings, the fields a finding carries, and objects that cannot be read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeAnalysisResult, normalizeResult, type Finding } from '../../src/findings/index.ts';

// As the operator writes it (CRD keys: error[].text, parentObject).
const crdResult = {
  apiVersion: 'core.k8sgpt.ai/v1alpha1',
  kind: 'Result',
  metadata: {
    name: 'shopcheckout5d9c7b8fx7k2p',
    namespace: 'k8sgpt-operator-system',
    uid: '6f1c2a9e-0000-4000-8000-000000000001',
    resourceVersion: '4711',
    creationTimestamp: '2025-03-04T16:42:10Z',
    labels: { 'k8sgpts.k8sgpt.ai/name': 'k8sgpt' },
  },
  spec: {
    backend: 'openai',
    kind: 'Pod',
    name: 'shop/checkout-5d9c7b8f-x7k2p',
    error: [
      {
        text: 'the last termination reason is OOMKilled container=checkout pod=checkout-5d9c7b8f-x7k2p',
        sensitive: [],
      },
    ],
    details: 'The container ran out of memory.',
    parentObject: 'Deployment/checkout',
    autoRemediationStatus: {},
  },
  status: { lifecycle: 'created', contentHash: 'abc' },
};

// The same problem with capitalised keys, as `k8sgpt analyze -o json` prints them.
const capitalised = {
  Metadata: {
    Name: 'shopcheckout5d9c7b8fx7k2p',
    Namespace: 'k8sgpt-operator-system',
    UID: '6f1c2a9e-0000-4000-8000-000000000001',
  },
  Spec: {
    Kind: 'Pod',
    Name: 'shop/checkout-5d9c7b8f-x7k2p',
    Error: [
      {
        Text: 'the last termination reason is OOMKilled container=checkout pod=checkout-5d9c7b8f-x7k2p',
        KubernetesDoc: '',
        Sensitive: [{ Unmasked: 'checkout', Masked: 'Y2hlY2tvdXQ=' }],
      },
    ],
    Details: '',
    ParentObject: 'Deployment/checkout',
  },
  Status: { Lifecycle: 'historical' },
};

function ok(result: ReturnType<typeof normalizeResult>): Finding {
  assert.ok(result.ok, result.ok ? '' : `${result.object}: ${result.reason}`);
  return result.finding;
}

test('a CRD Result becomes a finding about the analysed object, identified by the Result namespace/name', () => {
  const finding = ok(normalizeResult(crdResult));
  assert.equal(finding.id, 'k8sgpt-operator-system/shopcheckout5d9c7b8fx7k2p');
  assert.equal(finding.uid, '6f1c2a9e-0000-4000-8000-000000000001');
  assert.equal(finding.kind, 'Pod');
  assert.equal(finding.name, 'shop/checkout-5d9c7b8f-x7k2p');
  assert.equal(finding.namespace, 'shop');
  assert.equal(finding.objectName, 'checkout-5d9c7b8f-x7k2p');
  assert.equal(finding.parentObject, 'Deployment/checkout');
  assert.deepEqual(finding.errors, [
    'the last termination reason is OOMKilled container=checkout pod=checkout-5d9c7b8f-x7k2p',
  ]);
  assert.equal(finding.severity, 'critical');
  assert.equal(finding.severityRule, 'oom-killed');
  assert.equal(finding.details, 'The container ran out of memory.');
  assert.equal(finding.backend, 'openai');
  assert.equal(finding.lifecycle, 'created');
  assert.equal(finding.createdAt, Date.UTC(2025, 2, 4, 16, 42, 10));
  assert.equal(finding.resourceVersion, '4711');
  assert.match(finding.contentHash, /^[0-9a-f]{16}$/);
});

test('capitalised keys (Error/Text, ParentObject, Kind) read the same problem, with the same content hash', () => {
  const crd = ok(normalizeResult(crdResult));
  const cap = ok(normalizeResult(capitalised));
  assert.equal(cap.id, crd.id);
  assert.equal(cap.uid, crd.uid);
  assert.equal(cap.kind, 'Pod');
  assert.deepEqual(cap.errors, crd.errors);
  assert.equal(cap.parentObject, 'Deployment/checkout');
  assert.equal(cap.lifecycle, 'historical');
  assert.equal(cap.details, null, 'an empty explanation is no explanation');
  assert.equal(cap.contentHash, crd.contentHash, 'details and lifecycle do not count as the problem');
});

test('protobuf field names (parent_object) are read too', () => {
  const finding = ok(
    normalizeResult({
      metadata: { name: 'r1', namespace: 'k8sgpt' },
      spec: {
        kind: 'Service',
        name: 'shop/cart',
        error: [{ text: 'Service has no endpoints, expected label app=cart' }],
        parent_object: 'Service/cart',
      },
    })
  );
  assert.equal(finding.parentObject, 'Service/cart');
});

test('a cluster-scoped object (a Node) has no namespace', () => {
  const finding = ok(
    normalizeResult({
      metadata: { name: 'ip10012ec2internal', namespace: 'k8sgpt' },
      spec: {
        kind: 'Node',
        name: 'ip-10-0-1-2.ec2.internal',
        error: [
          {
            text: 'ip-10-0-1-2.ec2.internal has condition of type Ready, reason KubeletNotReady: container runtime is down',
          },
        ],
      },
    })
  );
  assert.equal(finding.namespace, null);
  assert.equal(finding.objectName, 'ip-10-0-1-2.ec2.internal');
  assert.equal(finding.severity, 'critical');
  assert.equal(finding.parentObject, null);
});

test('the content hash changes with the error texts, not with their order, details or version', () => {
  const two = (errors: string[], extra: Record<string, unknown> = {}) =>
    ok(
      normalizeResult({
        metadata: { name: 'x', namespace: 'k' },
        spec: { kind: 'Pod', name: 'a/b', error: errors.map((text) => ({ text })), ...extra },
      })
    );
  const base = two(['one', 'two']);
  assert.equal(two(['two', 'one']).contentHash, base.contentHash);
  assert.equal(two(['one', 'two'], { details: 'an explanation' }).contentHash, base.contentHash);
  assert.notEqual(two(['one', 'three']).contentHash, base.contentHash);
  assert.notEqual(two(['one', 'two'], { parentObject: 'Deployment/b' }).contentHash, base.contentHash);
});

test('unreadable objects are refused with a reason that names them, never thrown', () => {
  const cases: Array<[unknown, string, RegExp]> = [
    [null, '(an unnamed object)', /not a JSON object/],
    ['text', '(an unnamed object)', /not a JSON object/],
    [{ spec: { kind: 'Pod', name: 'a/b', error: [{ text: 'x' }] } }, 'result for a/b', /no metadata\.name/],
    [{ metadata: { name: 'r', namespace: 'k' } }, 'k/r', /no spec$/],
    [{ metadata: { name: 'r', namespace: 'k' }, spec: 'Pod' }, 'k/r', /no spec$/],
    [
      { metadata: { name: 'r', namespace: 'k' }, spec: { name: 'a/b', error: [{ text: 'x' }] } },
      'k/r',
      /no spec\.kind/,
    ],
    [
      { metadata: { name: 'r', namespace: 'k' }, spec: { kind: 'Pod', error: [{ text: 'x' }] } },
      'k/r',
      /no spec\.name/,
    ],
    [
      { metadata: { name: 'r', namespace: 'k' }, spec: { kind: 'Pod', name: 'a/b', error: 'boom' } },
      'k/r',
      /not a list/,
    ],
    [{ metadata: { name: 'r', namespace: 'k' }, spec: { kind: 'Pod', name: 'a/b', error: [] } }, 'k/r', /no text/],
    [
      {
        metadata: { name: 'r', namespace: 'k' },
        spec: { kind: 'Pod', name: 'a/b', error: [{ sensitive: [] }, { text: '' }] },
      },
      'k/r',
      /no text/,
    ],
    [
      { metadata: { name: 'r', namespace: 'k' }, spec: { kind: 7, name: 'a/b', error: [{ text: 'x' }] } },
      'k/r',
      /no spec\.kind/,
    ],
  ];
  for (const [raw, object, reason] of cases) {
    const result = normalizeResult(raw);
    assert.equal(result.ok, false, JSON.stringify(raw));
    if (!result.ok) {
      assert.equal(result.object, object);
      assert.match(result.reason, reason);
    }
  }
});

test('plain-string errors and a single error object are accepted', () => {
  const strings = ok(
    normalizeResult({ metadata: { name: 'r' }, spec: { kind: 'Pod', name: 'a/b', error: ['CrashLoopBackOff'] } })
  );
  assert.deepEqual(strings.errors, ['CrashLoopBackOff']);
  assert.equal(strings.id, 'r');
  const single = ok(
    normalizeResult({ metadata: { name: 'r' }, spec: { kind: 'Pod', name: 'a/b', Error: { Text: 'Evicted' } } })
  );
  assert.deepEqual(single.errors, ['Evicted']);
});

test('an analysis result (no metadata) is identified by kind and name', () => {
  const result = normalizeAnalysisResult({
    kind: 'Deployment',
    name: 'shop/frontend',
    error: [{ text: 'Deployment shop/frontend has 10 replicas but 6 are available with status running' }],
    parentObject: 'Deployment/frontend',
  });
  assert.ok(result.ok);
  assert.equal(result.finding.id, 'analysis:Deployment/shop/frontend');
  assert.equal(result.finding.uid, null);
  assert.equal(result.finding.severity, 'warning');
  const broken = normalizeAnalysisResult({ kind: 'Pod', name: 'shop/x' });
  assert.equal(broken.ok, false);
});
