// Anonymisation end to end, for both providers: nothing the stub server receives contains a real name, IP or host
// of the incident, and the explanation a person reads has the real names back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createExplainer } from '../../src/incidents/explainer.ts';
import type { IncidentContext } from '../../src/incidents/types.ts';
import { alert, context, event, finding, memoryDrift, rolloutEvents, T0, HOUR } from './incident-fixtures.ts';
import { PROVIDERS } from './llm-test-support.ts';

const NODE = 'ip-10-42-7-19.eu-west-1.compute.internal';
const POD = 'ledger-writer-5c9d7b8f6-qx2lp';

function ledgerIncident(): IncidentContext {
  return context({
    title: 'ContainerOOMKilled on Deployment acme-payments/ledger-writer',
    scope: {
      namespace: 'acme-payments',
      workload: { kind: 'Deployment', name: 'ledger-writer' },
      pods: [POD],
      nodes: [NODE],
    },
    alerts: [
      alert('ContainerOOMKilled', {
        fingerprint: '3f2a9c',
        labels: {
          alertname: 'ContainerOOMKilled',
          namespace: 'acme-payments',
          pod: POD,
          container: 'ledger',
          node: NODE,
          instance: '10.42.7.19:9100',
          team: 'acme-ledger-team',
          severity: 'critical',
        },
        annotations: {
          summary: `acme-payments/${POD} (ledger) was OOMKilled on ${NODE}`,
          description: 'Writes to db.acme-corp.example (10.42.9.3, fd00:10:42::7) slowed down before the kill.',
          runbook_url: 'https://runbooks.acme-corp.example/oom',
        },
      }),
    ],
    findings: [
      finding([`the last termination reason is OOMKilled container=ledger pod=${POD}`], {
        id: 'k8sgpt/acmepaymentsledgerwriter5c9d7b8f6qx2lp',
        name: `acme-payments/${POD}`,
        parentObject: 'Deployment/ledger-writer',
        details: `The pod ${POD} in acme-payments ran out of memory while calling ledger-api.acme-payments.svc.cluster.local.`,
      }),
    ],
    anomalies: [
      memoryDrift({ title: 'Workload memory (largest pod) {container="ledger", namespace="acme-payments"}' }),
    ],
    events: [
      event('BackOff', `Back-off restarting failed container ledger in pod ${POD}_acme-payments(0f1e2d3c-4b5a)`, {
        object: `Pod/${POD}`,
      }),
      ...rolloutEvents(T0 - 5 * HOUR, 'ledger-writer'),
    ],
  });
}

// Everything that names this incident's things, in any spelling that could leave.
const REAL = [
  'acme',
  'ledger',
  'qx2lp',
  '5c9d7b8f6',
  'ip-10-42-7-19',
  '10.42.7.19',
  '10-42-7-19',
  'eu-west-1',
  '10.42.9.3',
  'fd00:10:42::7',
  'runbooks',
];

for (const provider of PROVIDERS) {
  test(`${provider.name}: no real name leaves the process, and the reader sees real names`, async () => {
    const stub = await provider.start();
    try {
      // Like a model would: refer to things by the names it was given.
      stub.behave(({ user }) => {
        const pod = /pod-\d+/.exec(user)![0];
        const node = /node-\d+/.exec(user)![0];
        const host = /host-\d+/.exec(user)![0];
        return {
          text: JSON.stringify({
            summary: `${pod} on ${node} was OOMKilled; writes to ${host} had slowed down.`,
            cause: `memory leak in ${/deployment-\d+/.exec(user)![0]}`,
            details: [{ text: `${pod} restarts in ${/namespace-\d+/.exec(user)![0]}`, evidence: ['event-1'] }],
          }),
        };
      });
      const explanation = await createExplainer(provider.options(stub.url)).explain(ledgerIncident(), T0);

      assert.equal(stub.requests.length, 1);
      const sent = stub.requests[0].raw.toLowerCase();
      for (const real of REAL) {
        assert.ok(!sent.includes(real), `"${real}" was sent to the provider`);
      }
      assert.match(sent, /namespace-1/);
      assert.ok(
        !sent.includes('acme-ledger-team'),
        'labels that are neither names we know nor descriptive are not sent'
      );

      assert.equal(explanation.explainer, provider.name);
      assert.equal(
        explanation.summary,
        `${POD} on ${NODE} was OOMKilled; writes to db.acme-corp.example had slowed down.`
      );
      assert.equal(explanation.cause, 'memory leak in ledger-writer');
      assert.equal(explanation.details[0].text, `${POD} restarts in acme-payments`);
    } finally {
      await stub.close();
    }
  });
}

test('with anonymisation off the names are sent as they are (so the test above can fail)', async () => {
  const [openai] = PROVIDERS;
  const stub = await openai.start();
  try {
    stub.behave(() => ({ text: '{"summary": "s", "cause": "c", "details": []}' }));
    const explanation = await createExplainer({ ...openai.options(stub.url), anonymize: false }).explain(
      ledgerIncident(),
      T0
    );
    assert.equal(explanation.summary, 's');
    assert.ok(stub.requests[0].raw.includes('acme-payments') && stub.requests[0].raw.includes('acme-ledger-team'));
  } finally {
    await stub.close();
  }
});
