// The k8sgpt-analysis backend against a STUB of `k8sgpt serve --http`: a 'plan' preview that changes nothing, one
// idempotent step, a run that asks for a fresh analysis of the target's namespace and hands the findings on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { K8sGptAnalyzeClient, type AnalyzeOutcome } from '../../../src/findings/k8sgpt-analyze-client.ts';
import { BackendError } from '../../../src/remediation/backend.ts';
import { K8sGptAnalysisBackend } from '../../../src/remediation/backends/k8sgpt-analysis-backend.ts';
import { startStubK8sGptServer, type StubAnswer } from '../../doubles/stub-k8sgpt-server.ts';
import { proposal } from '../../store/remediation-fixtures.ts';

const analysis = proposal('p-k', { action: 'k8sgpt-analysis' });
const OOM = {
  status: 'ProblemDetected',
  problems: 1,
  results: [
    {
      kind: 'Pod',
      name: 'shop/checkout-7d9-a',
      error: [{ text: 'the last termination reason is OOMKilled container=checkout', sensitive: [] }],
      parentObject: 'Deployment/checkout',
    },
  ],
};

async function rig(t: import('node:test').TestContext, answer: StubAnswer) {
  const stub = await startStubK8sGptServer(answer);
  t.after(() => stub.close());
  const analyses: Array<[string, AnalyzeOutcome]> = [];
  const backend = new K8sGptAnalysisBackend({
    client: new K8sGptAnalyzeClient({ url: stub.url }),
    onAnalysis: (namespace, outcome) => analyses.push([namespace, outcome]),
  });
  return { stub, backend, analyses };
}

test('previews from the plan without asking K8sGPT, and plans one idempotent step', async (t) => {
  const { stub, backend } = await rig(t, { status: 200, body: OOM });
  const preview = await backend.preview(analysis, 5_000);
  assert.equal(preview.source, 'plan');
  assert.deepEqual(preview.objects, []);
  assert.equal(preview.diff, '');
  assert.match(preview.summary, /analyse namespace shop for Deployment\/shop\/checkout.*changes nothing/);
  assert.deepEqual(await backend.plan(analysis), [
    { name: 'K8sGPT analysis of namespace shop', op: 'k8sgpt-analyze', args: { namespace: 'shop' }, idempotent: true },
  ]);
  assert.equal(stub.requests.length, 0);
});

test('runs a fresh analysis of the namespace and hands the findings on', async (t) => {
  const { stub, backend, analyses } = await rig(t, { status: 200, body: OOM });
  const [step] = await backend.plan(analysis);
  const detail = await backend.run(step);
  assert.match(
    detail,
    /ProblemDetected, 1 problems \(Pod shop\/checkout-7d9-a: the last termination reason is OOMKilled/
  );
  assert.equal(stub.requests.length, 1);
  assert.deepEqual(
    [
      (stub.requests[0].body as { namespace: string }).namespace,
      (stub.requests[0].body as { nocache: boolean }).nocache,
    ],
    ['shop', true]
  );
  assert.equal(analyses.length, 1);
  assert.equal(analyses[0][0], 'shop');
  assert.equal(analyses[0][1].findings[0].kind, 'Pod');
});

test('a K8sGPT 5xx is retryable, a 4xx is not; a target without a namespace is refused', async (t) => {
  const { stub, backend } = await rig(t, { status: 503, body: { code: 14, message: 'unavailable' } });
  const [step] = await backend.plan(analysis);
  await assert.rejects(backend.run(step), (error: unknown) => error instanceof BackendError && error.retryable);
  stub.answer = { status: 400, body: { code: 3, message: 'bad namespace' } };
  await assert.rejects(
    backend.run(step),
    (error: unknown) => error instanceof BackendError && !error.retryable && /bad namespace/.test(error.message)
  );
  const node = proposal('p-n', {
    action: 'k8sgpt-analysis',
    target: { kind: 'Node', namespace: null, name: 'node-1' },
  });
  await assert.rejects(backend.plan(node), /analyses a namespace; Node\/node-1/);
});
