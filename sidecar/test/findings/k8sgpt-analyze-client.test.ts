// The on-demand analysis client against a STUB of `k8sgpt serve --http` (POST /v1/analyze).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { K8sGptAnalyzeClient, K8sGptAnalyzeError } from '../../src/findings/index.ts';
import { startStubK8sGptServer } from '../doubles/stub-k8sgpt-server.ts';

// What the gRPC gateway sends back: protobuf JSON (camelCase), zero values left out.
const problemDetected = {
  status: 'ProblemDetected',
  problems: 2,
  results: [
    {
      kind: 'Pod',
      name: 'shop/checkout-5d9c7b8f-x7k2p',
      error: [
        {
          text: 'the last termination reason is OOMKilled container=checkout pod=checkout-5d9c7b8f-x7k2p',
          sensitive: [],
        },
      ],
      parentObject: 'Deployment/checkout',
    },
    {
      // Keys as k8sgpt's CLI writes them, in case a proxy passes its JSON through.
      Kind: 'Service',
      Name: 'shop/checkout',
      Error: [
        { Text: 'Service has not ready endpoints, pods: [Pod/checkout-5d9c7b8f-x7k2p], expected 2', KubernetesDoc: '' },
      ],
      ParentObject: 'Service/checkout',
    },
    { kind: 'Pod', name: 'shop/broken' },
  ],
};

test('POSTs the namespace and filters with explain false, and returns findings', async () => {
  const stub = await startStubK8sGptServer({ status: 200, body: problemDetected });
  try {
    const client = new K8sGptAnalyzeClient({ url: `${stub.url}/`, headers: { 'X-Test': 'yes' } });
    const outcome = await client.analyze({ namespace: 'shop', filters: ['Pod', 'Service'] });
    assert.equal(stub.requests.length, 1);
    const request = stub.requests[0];
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/v1/analyze');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['x-test'], 'yes');
    assert.deepEqual(request.body, {
      namespace: 'shop',
      explain: false,
      filters: ['Pod', 'Service'],
      anonymize: false,
      nocache: false,
      output: 'json',
    });
    assert.equal(outcome.status, 'ProblemDetected');
    assert.equal(outcome.problems, 2);
    assert.deepEqual(
      outcome.findings.map((f) => [f.id, f.kind, f.namespace, f.severity, f.parentObject]),
      [
        ['analysis:Pod/shop/checkout-5d9c7b8f-x7k2p', 'Pod', 'shop', 'critical', 'Deployment/checkout'],
        ['analysis:Service/shop/checkout', 'Service', 'shop', 'warning', 'Service/checkout'],
      ]
    );
    assert.deepEqual(outcome.skipped, [{ object: 'result for shop/broken', reason: 'spec.error is not a list' }]);
  } finally {
    await stub.close();
  }
});

test('label selector and backend are passed when given; a clean namespace is an empty outcome', async () => {
  const stub = await startStubK8sGptServer({ status: 200, body: { status: 'OK' } });
  try {
    const client = new K8sGptAnalyzeClient({ url: stub.url });
    const outcome = await client.analyze({
      namespace: 'payments',
      labelSelector: 'app=api',
      backend: 'openai',
      explain: true,
    });
    assert.deepEqual(stub.requests[0].body, {
      namespace: 'payments',
      explain: true,
      filters: [],
      anonymize: false,
      nocache: false,
      output: 'json',
      labelSelector: 'app=api',
      backend: 'openai',
    });
    assert.equal(outcome.status, 'OK');
    assert.equal(outcome.problems, 0);
    assert.deepEqual(outcome.findings, []);
  } finally {
    await stub.close();
  }
});

test('a gateway error answer becomes an error naming the status and K8sGPT message', async () => {
  const stub = await startStubK8sGptServer({
    status: 500,
    body: { code: 2, message: 'failed to create analysis: backend not found', details: [] },
  });
  try {
    const client = new K8sGptAnalyzeClient({ url: stub.url });
    await assert.rejects(client.analyze({ namespace: 'shop' }), (error: unknown) => {
      assert.ok(error instanceof K8sGptAnalyzeError);
      assert.equal(error.status, 500);
      assert.match(error.message, /answered HTTP 500: failed to create analysis: backend not found/);
      return true;
    });
    stub.answer = { status: 502, body: '<html>bad gateway</html>' };
    await assert.rejects(client.analyze({ namespace: 'shop' }), /HTTP 502 with a body that is not JSON/);
  } finally {
    await stub.close();
  }
});

test('an analysis that takes longer than the timeout is abandoned', async () => {
  const stub = await startStubK8sGptServer('hang');
  try {
    const client = new K8sGptAnalyzeClient({ url: stub.url, timeoutMs: 150 });
    const started = Date.now();
    await assert.rejects(client.analyze({ namespace: 'shop' }), /timed out after 150 ms/);
    assert.ok(Date.now() - started < 2_000);
    // The caller's own signal cancels it too, with its own reason.
    const controller = new AbortController();
    const pending = new K8sGptAnalyzeClient({ url: stub.url, timeoutMs: 10_000 }).analyze(
      { namespace: 'shop' },
      controller.signal
    );
    controller.abort();
    await assert.rejects(
      pending,
      (error: unknown) => error instanceof K8sGptAnalyzeError && !/timed out/.test(error.message)
    );
  } finally {
    await stub.close();
  }
});

test('a namespace is required; an unreachable server is an error', async () => {
  const client = new K8sGptAnalyzeClient({ url: 'http://127.0.0.1:9', timeoutMs: 2_000 });
  await assert.rejects(client.analyze({ namespace: '' }), /needs a namespace/);
  await assert.rejects(
    client.analyze({ namespace: 'shop' }),
    /k8sgpt analyze at http:\/\/127\.0\.0\.1:9\/v1\/analyze failed/
  );
});
