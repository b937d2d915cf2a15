// The documented severity table, row by row, on K8sGPT's own analyzer wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareSeverity, deriveSeverity, SEVERITY_RULES } from '../../src/findings/index.ts';

const cases: Array<[kind: string, text: string, severity: string, rule: string]> = [
  ['Pod', 'the last termination reason is OOMKilled container=api pod=api-7d9-abcde', 'critical', 'oom-killed'],
  ['Pod', 'the last termination reason is Error container=api pod=api-7d9-abcde', 'critical', 'crash-loop'],
  // The kubelet's BackOff event wording for a crash loop.
  ['Pod', 'Back-off restarting failed container api in pod api-7d9-abcde_shop(1234)', 'critical', 'crash-loop'],
  [
    'Node',
    'ip-10-0-1-2.ec2.internal has condition of type Ready, reason KubeletNotReady: PLEG is not healthy',
    'critical',
    'node-not-ready',
  ],
  [
    'Node',
    'ip-10-0-1-2.ec2.internal has condition of type Ready, reason NodeStatusUnknown: Kubelet stopped posting node status.',
    'critical',
    'node-not-ready',
  ],
  ['Pod', 'Node ip-10-0-1-2.ec2.internal event NodeNotReady', 'critical', 'node-not-ready'],
  [
    'Deployment',
    'Deployment shop/api has 2 replicas but 0 are available with status running',
    'critical',
    'no-replica-available',
  ],
  [
    'Node',
    'ip-10-0-1-2.ec2.internal has condition of type DiskPressure, reason KubeletHasDiskPressure: kubelet has disk pressure',
    'warning',
    'node-pressure',
  ],
  ['Pod', 'Back-off pulling image "registry.example/api:v2"', 'warning', 'image-pull'],
  ['Pod', 'ErrImagePull', 'warning', 'image-pull'],
  ['Pod', 'MountVolume.SetUp failed for volume "certs": FailedMount', 'warning', 'container-start'],
  [
    'Pod',
    '0/4 nodes are available: 4 Insufficient cpu. preemption: 0/4 nodes are available: 4 No preemption victims found for incoming pod.',
    'warning',
    'unschedulable',
  ],
  ['Pod', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 'warning', 'probe-failing'],
  ['Pod', 'Pod api-7d9-abcde has been evicted', 'warning', 'terminated'],
  ['Pod', 'the termination reason is Error exitCode=1 container=migrate pod=migrate-x', 'warning', 'terminated'],
  [
    'Deployment',
    'Deployment shop/frontend has 10 replicas but 6 are available with status running',
    'warning',
    'replicas-missing',
  ],
  ['Service', 'Service has not ready endpoints, pods: [Pod/api-1], expected 2', 'warning', 'replicas-missing'],
  ['Service', 'Service has no endpoints, expected label app=cart', 'warning', 'replicas-missing'],
  ['Job', 'Job nightly-report has failed', 'warning', 'failed'],
  ['Ingress', 'Ingress uses the service shop/cart which does not exist.', 'warning', 'failed'],
  ['PersistentVolumeClaim', 'ProvisioningFailed: storageclass.storage.k8s.io "fast" not found', 'warning', 'failed'],
  ['CronJob', 'CronJob cleanup is suspended', 'info', 'suspended'],
  ['Job', 'Job backfill is suspended', 'info', 'suspended'],
  ['Ingress', 'Ingress shop/web does not specify an Ingress class.', 'info', 'by-kind'],
  ['ConfigMap', 'ConfigMap legacy-settings is not used by any pods in the namespace', 'info', 'by-kind'],
  ['HorizontalPodAutoscaler', 'Deployment shop/cart does not have resource configured.', 'info', 'by-kind'],
  ['StatefulSet', 'StatefulSet uses the service data/db which does not exist.', 'warning', 'failed'],
  ['Pod', 'configmap "settings" not found', 'warning', 'by-kind'],
];

test('each table row gives its severity on K8sGPT wording', () => {
  for (const [kind, text, severity, rule] of cases) {
    assert.deepEqual(deriveSeverity(kind, [text]), { severity, rule }, `${kind}: ${text}`);
  }
});

test('every rule of the table is exercised by the cases above', () => {
  const exercised = new Set(cases.map(([, , , rule]) => rule));
  for (const rule of SEVERITY_RULES) {
    assert.ok(exercised.has(rule.id), `no case for rule ${rule.id}`);
  }
});

test('a node-only rule does not apply to other kinds', () => {
  assert.equal(deriveSeverity('Pod', ['has condition of type DiskPressure']).rule, 'by-kind');
  assert.equal(
    deriveSeverity('node', ['has condition of type Ready, reason KubeletNotReady']).severity,
    'critical',
    'kinds ignore case'
  );
});

test('a finding takes the most severe of its error texts', () => {
  const texts = [
    'Readiness probe failed: HTTP probe failed with statuscode: 503',
    'the last termination reason is OOMKilled container=api pod=api-1',
  ];
  assert.deepEqual(deriveSeverity('Pod', texts), { severity: 'critical', rule: 'oom-killed' });
  assert.deepEqual(deriveSeverity('Pod', [...texts].reverse()), { severity: 'critical', rule: 'oom-killed' });
});

test('unmatched texts fall back on the kind; no text at all is info', () => {
  assert.deepEqual(deriveSeverity('Pod', ['something odd']), { severity: 'warning', rule: 'by-kind' });
  assert.deepEqual(deriveSeverity('ValidatingWebhookConfiguration', ['something odd']), {
    severity: 'info',
    rule: 'by-kind',
  });
  assert.deepEqual(deriveSeverity('Pod', []), { severity: 'info', rule: 'no-error-text' });
});

test('severities sort critical first', () => {
  const sorted = (['info', 'critical', 'warning'] as const).slice().sort(compareSeverity);
  assert.deepEqual(sorted, ['critical', 'warning', 'info']);
});
