// The k8sgpt-analysis action in demo mode reads the simulated K8sGPT Results at the clock's time: it reports the
// OOM-killed checkout pod, and nothing about it once a restart has started the pod fresh.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimulatedK8sGptBackend } from '../../../src/remediation/backends/simulated/simulated-k8sgpt-backend.ts';
import { createSimulatedCluster } from '../../../src/sources/simulator/cluster.ts';
import { proposal } from '../../store/remediation-fixtures.ts';

const ANCHOR = Date.UTC(2026, 10, 26, 12);
const MIN = 60_000;
const T = ANCHOR + 150 * MIN; // after the first checkout OOM kill (2h15)

test('analysis of shop/checkout: preview changes nothing, the step reports the OOM kill, and not after a restart', async () => {
  const cluster = createSimulatedCluster({ seed: 42, anchorMs: ANCHOR });
  const clock = { now: T };
  let polled = 0;
  const backend = new SimulatedK8sGptBackend({ cluster, clock: () => clock.now });
  const analyse = proposal('p-3', { action: 'k8sgpt-analysis' });

  const preview = await backend.preview(analyse, T);
  assert.equal(preview.source, 'simulator');
  assert.equal(preview.diff, '');
  assert.match(
    preview.summary,
    /Deployment and Pod analyzers on namespace shop .* about Deployment\/shop\/checkout; changes nothing/
  );
  const [step] = await backend.plan(analyse);
  assert.deepEqual(step, {
    name: 'analyze Deployment/shop/checkout with K8sGPT (Deployment, Pod)',
    op: 'k8sgpt-analyze',
    args: { namespace: 'shop', filters: ['Deployment', 'Pod'], object: 'Deployment/shop/checkout' },
    idempotent: true,
  });
  assert.match(
    await backend.run(step),
    /found 1 problem about Deployment\/shop\/checkout: Pod shop\/checkout-\w+-\w+: the last termination reason is OOMKilled/
  );

  cluster.interventions.record({
    type: 'restart',
    deployment: 'shop/checkout',
    atMs: T,
    restartedAt: new Date(T).toISOString(),
  });
  clock.now = T + MIN;
  assert.match(await backend.run(step), /found \d+ problems? in namespace shop, none about Deployment\/shop\/checkout/);

  const watched = new SimulatedK8sGptBackend({
    cluster,
    source: { listResults: async () => [], poll: () => void polled++ },
  });
  await watched.run(step);
  assert.equal(polled, 1, "the incidents' watches look at once");
});

test('unknown objects and kinds are refused naming them', async () => {
  const backend = new SimulatedK8sGptBackend({ cluster: createSimulatedCluster({ seed: 42, anchorMs: ANCHOR }) });
  await assert.rejects(
    backend.plan(
      proposal('p', { action: 'k8sgpt-analysis', target: { kind: 'Deployment', namespace: 'shop', name: 'nope' } })
    ),
    /the simulated cluster has no Deployment\/shop\/nope/
  );
  await assert.rejects(
    backend.plan(proposal('p', { action: 'k8sgpt-analysis', target: { kind: 'Alert', namespace: null, name: 'x' } })),
    /works on a Deployment, Pod or Node/
  );
});
