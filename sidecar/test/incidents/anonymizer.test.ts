// The anonymiser: every name the incident knows, every IP and host name becomes a stable placeholder, and the
// placeholders turn back into the real names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAnonymizer } from '../../src/incidents/anonymizer.ts';
import { alert, context, event, finding } from './incident-fixtures.ts';

const incident = () =>
  context({
    scope: {
      namespace: 'shop',
      workload: { kind: 'Deployment', name: 'checkout' },
      pods: ['checkout-7d9f8b6c5-x2k4q'],
      nodes: ['ip-10-0-1-5.ec2.internal'],
    },
    alerts: [
      alert('ContainerOOMKilled', {
        labels: {
          namespace: 'shop',
          pod: 'checkout-7d9f8b6c5-x2k4q',
          container: 'cart',
          service: 'checkout-api',
          job: 'kube-state-metrics',
        },
      }),
    ],
    findings: [finding(['Service has no endpoints, expected label app=checkout-web'])],
    events: [
      event('ScalingReplicaSet', 'Scaled up replica set checkout-5b6c7d8e9 to 1', { object: 'Deployment/checkout' }),
    ],
  });

test('known names become placeholders by kind, numbered in the order they are met; unmask restores them', () => {
  const a = createAnonymizer(incident());
  const text = 'Pod shop/checkout-7d9f8b6c5-x2k4q of Deployment checkout (container cart) on ip-10-0-1-5.ec2.internal';
  const masked = a.mask(text);
  assert.equal(masked, 'Pod namespace-1/pod-1 of Deployment deployment-1 (container container-1) on node-1');
  assert.equal(a.unmask(masked), text);
  assert.equal(a.mask('checkout in shop'), 'deployment-1 in namespace-1', 'the same name keeps its placeholder');
});

test('names inside free text are learnt: label pairs, replica sets, services', () => {
  const a = createAnonymizer(incident());
  assert.equal(a.mask('expected label app=checkout-web'), 'expected label app=app-1');
  assert.equal(a.mask('Scaled up replica set checkout-5b6c7d8e9'), 'Scaled up replica set replicaset-1');
  assert.equal(a.mask('checkout-api answers 503'), 'service-1 answers 503');
});

test("IPs, EC2 node names and host names are masked; Kubernetes' own domains and clock times are not", () => {
  const a = createAnonymizer(context());
  assert.equal(
    a.mask('dial tcp 10.42.9.3:5432 and [fd00:10:42::7]:80 from ip-10-42-7-19 to db.acme-corp.example: timeout'),
    'dial tcp ip-1:5432 and [ip-2]:80 from node-1 to host-1: timeout'
  );
  assert.equal(a.mask('api.shop.svc.cluster.local'), 'host-2', 'a service FQDN is one host, not a name plus a suffix');
  assert.equal(
    a.mask('taint {node.kubernetes.io/not-ready: } at 13:05:20, score 0.93'),
    'taint {node.kubernetes.io/not-ready: } at 13:05:20, score 0.93'
  );
  assert.equal(a.unmask('host-1 and ip-2'), 'db.acme-corp.example and fd00:10:42::7');
});

test('matching is whole-name and case-insensitive; placeholders the anonymiser did not hand out stay as written', () => {
  const a = createAnonymizer(incident());
  assert.equal(a.mask('Checkout is not checkoutx'), 'deployment-1 is not checkoutx');
  assert.equal(a.unmask('Deployment-1 and deployment-12 and pod-9'), 'Checkout and deployment-12 and pod-9');
});
