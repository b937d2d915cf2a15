// Demo mode: the simulated cluster's incidents produce K8sGPT Results (and Events) that appear while the problem
// lasts and disappear when it ends, deterministically from the seed, anchor and clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FindingsWatcher, type FindingChange } from '../../src/findings/index.ts';
import { createSimulatedCluster } from '../../src/sources/simulator/cluster.ts';
import { TIMELINE } from '../../src/sources/simulator/incidents.ts';
import {
  EVENT_TTL_MS,
  RecentEvents,
  SIMULATED_INCIDENT_LABEL,
  SIMULATED_K8SGPT_NAMESPACE,
  SimulatedKubernetesSource,
  type KubeEvent,
} from '../../src/sources/kubernetes/index.ts';
import { recordingLogger } from '../doubles/recording-logger.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const anchorMs = Date.UTC(2025, 2, 4, 16, 42, 10);
const cluster = createSimulatedCluster({ seed: 42, anchorMs });
const incident = (name: string) => cluster.incidents.find((i) => i.name === name)!;

/** A simulated source on a clock the test moves; poll() makes the watches look at once. */
function simulated(startMs: number) {
  let now = startMs;
  const source = new SimulatedKubernetesSource({ cluster, clock: () => now, pollIntervalMs: 3_600_000 });
  return {
    source,
    at(ms: number) {
      now = ms;
      source.poll();
    },
  };
}

async function watching(startMs: number) {
  const sim = simulated(startMs);
  const logger = recordingLogger();
  let now = startMs;
  const watcher = new FindingsWatcher({ source: sim.source, logger, clock: () => now });
  const changes: FindingChange[] = [];
  watcher.subscribe((change) => changes.push(change));
  watcher.start();
  await watcher.synced();
  return {
    watcher,
    changes,
    logger,
    at(ms: number) {
      now = ms;
      sim.at(ms);
    },
  };
}

test('before any incident shows, there are no Results and no Events', async () => {
  const { source } = simulated(anchorMs - HOUR);
  assert.deepEqual(await source.listResults(), []);
  assert.deepEqual(await source.listEvents(), []);
});

test('the memory leak: each OOM-killed checkout pod becomes a critical finding, gone once the fix replaces it', async () => {
  const leak = incident('checkout-memory-leak');
  const leaking = cluster.pods.filter((p) => p.deployment.name === 'checkout' && p.oomKillsMs.length > 0);
  assert.equal(leaking.length, 2);
  const firstKill = Math.min(...leaking.map((p) => p.oomKillsMs[0]));
  const run = await watching(firstKill - MIN);
  const checkout = () => run.watcher.list().filter((f) => f.parentObject === 'Deployment/checkout');
  assert.deepEqual(checkout(), []);

  run.at(firstKill + MIN);
  assert.equal(checkout().length, 1);
  const finding = checkout()[0];
  assert.equal(finding.kind, 'Pod');
  assert.equal(finding.namespace, 'shop');
  assert.equal(finding.severity, 'critical');
  assert.equal(finding.severityRule, 'oom-killed');
  assert.match(finding.errors[0], /^the last termination reason is OOMKilled container=checkout pod=checkout-/);
  assert.ok(finding.id.startsWith(`${SIMULATED_K8SGPT_NAMESPACE}/shopcheckout`));

  run.at(anchorMs + 4 * HOUR);
  assert.equal(checkout().length, 2, 'both leaking pods have been OOM-killed by now');
  run.at(leak.endMs - MIN);
  assert.equal(checkout().length, 2);
  run.at(leak.endMs + 5 * MIN);
  assert.deepEqual(checkout(), [], 'the fix deploy replaced the leaking pods');
  // Relooking changes nothing and notifies nobody.
  run.at(leak.endMs + 6 * MIN);
  const summary = run.changes.filter((c) => c.finding.parentObject === 'Deployment/checkout').map((c) => c.type);
  assert.deepEqual(summary, ['new', 'new', 'gone', 'gone']);
});

test('the traffic spike: Pending pods and the Deployment short of replicas, updated as it catches up, then gone', async () => {
  const spike = incident('frontend-traffic-spike');
  const run = await watching(spike.startMs);
  assert.deepEqual(run.watcher.list(), []);
  const at = (offset: number) => run.at(anchorMs + offset);

  at(TIMELINE.hpaSteps[0].at + MIN);
  const deployment = () => run.watcher.list().find((f) => f.kind === 'Deployment' && f.name === 'shop/frontend');
  assert.equal(
    deployment()?.errors[0],
    'Deployment shop/frontend has 8 replicas but 6 are available with status running'
  );
  assert.equal(deployment()?.severity, 'warning');
  const pending = () => run.watcher.list().filter((f) => f.kind === 'Pod' && f.severityRule === 'unschedulable');
  assert.equal(pending().length, 2);

  at(TIMELINE.hpaSteps[1].at + MIN);
  assert.equal(
    deployment()?.errors[0],
    'Deployment shop/frontend has 10 replicas but 6 are available with status running'
  );
  assert.equal(pending().length, 4);

  at(TIMELINE.karpenterNodes[0].ready + MIN);
  assert.equal(
    deployment()?.errors[0],
    'Deployment shop/frontend has 10 replicas but 8 are available with status running'
  );
  assert.equal(pending().length, 2, 'two pods got the first Karpenter node');

  at(TIMELINE.karpenterNodes[1].ready + 2 * MIN);
  assert.equal(deployment(), undefined, 'all replicas available once the second Karpenter node is ready');
  assert.equal(pending().length, 0);

  const deploymentChanges = run.changes.filter((c) => c.finding.kind === 'Deployment').map((c) => c.type);
  assert.deepEqual(deploymentChanges, ['new', 'updated', 'updated', 'gone']);
  const updated = run.changes.find((c) => c.type === 'updated');
  assert.equal(
    updated?.type === 'updated' && updated.finding.firstSeen,
    run.changes.find((c) => c.type === 'new' && c.finding.kind === 'Deployment')?.finding.firstSeen
  );

  at(spike.endMs + MIN);
  assert.deepEqual(run.watcher.list(), []);
});

test('the error burn: a payments/api pod failing readiness at the peak; the CPU surge has no K8sGPT finding', async () => {
  const { source } = simulated(anchorMs + TIMELINE.burnStart + HOUR + MIN);
  const results = await source.listResults();
  const labels = results.map((r) => r.metadata.labels?.[SIMULATED_INCIDENT_LABEL]);
  assert.ok(labels.includes('payments-error-burn'));
  assert.ok(!labels.includes('worker-cpu-surge'), 'K8sGPT has no analyzer for CPU use');
  const payments = results.filter((r) => (r.spec as { name: string }).name.startsWith('payments/'));
  assert.equal(payments.length, 1);
  assert.deepEqual((payments[0].spec as { error: unknown }).error, [
    { text: 'Readiness probe failed: HTTP probe failed with statuscode: 503', sensitive: [] },
  ]);
  const { source: after } = simulated(anchorMs + TIMELINE.burnEnd + MIN);
  assert.ok((await after.listResults()).every((r) => !(r.spec as { name: string }).name.startsWith('payments/')));
});

test('the same seed, anchor and clock give the same objects; another seed other names', async () => {
  const t = anchorMs + 3 * HOUR;
  const one = new SimulatedKubernetesSource({ cluster, clock: () => t });
  const two = new SimulatedKubernetesSource({
    cluster: createSimulatedCluster({ seed: 42, anchorMs }),
    clock: () => t,
  });
  assert.deepEqual(await one.listResults(), await two.listResults());
  assert.deepEqual(await one.listEvents(), await two.listEvents());
  const other = new SimulatedKubernetesSource({
    cluster: createSimulatedCluster({ seed: 7, anchorMs }),
    clock: () => t,
  });
  const names = (list: Array<{ metadata: { name: string } }>) => list.map((o) => o.metadata.name).sort();
  assert.notDeepEqual(names(await other.listResults()), names(await one.listResults()));
});

test('events: a BackOff at each OOM kill, FailedScheduling counted while Pending, gone after the TTL or the incident', async () => {
  const leaking = cluster.pods.find((p) => p.deployment.name === 'checkout' && p.oomKillsMs.length > 0)!;
  const kill = leaking.oomKillsMs[0];
  const backOff = (events: KubeEvent[]) =>
    events.filter((e) => e.reason === 'BackOff' && e.involvedObject.name === leaking.name);
  assert.equal(backOff(await simulated(kill - MIN).source.listEvents()).length, 0);
  const during = backOff(await simulated(kill + MIN).source.listEvents());
  assert.equal(during.length, 1);
  assert.equal(during[0].type, 'Warning');
  assert.equal(during[0].involvedObject.namespace, 'shop');
  assert.equal(during[0].source, 'kubelet');
  assert.equal(
    backOff(await simulated(kill + 10_000 + EVENT_TTL_MS + MIN).source.listEvents()).length,
    0,
    'expired after its TTL'
  );

  const spike = incident('frontend-traffic-spike');
  const t = anchorMs + TIMELINE.hpaSteps[0].at + 3 * MIN + 30_000;
  const scheduling = await simulated(t).source.listEvents({ fieldSelector: 'reason=FailedScheduling' });
  assert.equal(scheduling.length, 2);
  assert.ok(
    scheduling.every((e) => e.count === 4),
    'four scheduling attempts so far'
  );
  const normal = await simulated(t).source.listEvents({ fieldSelector: 'type=Normal', namespace: 'shop' });
  assert.deepEqual(
    normal.map((e) => [e.reason, e.involvedObject.kind]),
    [['SuccessfulRescale', 'HorizontalPodAutoscaler']]
  );
  assert.deepEqual(
    await simulated(spike.endMs).source.listEvents({ namespace: 'shop', fieldSelector: 'reason=SuccessfulRescale' }),
    [],
    'no event outlives its incident'
  );
});

test('events can be watched from the simulator into RecentEvents', async () => {
  const sim = simulated(anchorMs);
  const logger = recordingLogger();
  let now = anchorMs;
  const recent = new RecentEvents({ source: sim.source, logger, clock: () => now, fieldSelector: 'type=Warning' });
  recent.start();
  await recent.synced();
  assert.equal(recent.size, 0);
  now = anchorMs + TIMELINE.hpaSteps[1].at + 2 * MIN;
  sim.at(now);
  const warnings = recent.list({ namespace: 'shop' });
  assert.equal(warnings.length, 4, 'four Pending frontend pods');
  assert.ok(warnings.every((e) => e.reason === 'FailedScheduling'));
  await recent.stop();
});

test('a watch reports the first look as a list (then synced), and stop() ends it', async () => {
  const sim = simulated(anchorMs + TIMELINE.hpaSteps[0].at + MIN);
  const seen: string[] = [];
  const watch = sim.source.watchResults((event) => seen.push(event.type));
  await watch.synced;
  assert.deepEqual(seen, ['added', 'added', 'added', 'synced']);
  await watch.stop();
  sim.at(anchorMs + 5 * HOUR);
  assert.deepEqual(seen, ['added', 'added', 'added', 'synced']);
  assert.equal(sim.source.health().kind, 'simulator');
});
