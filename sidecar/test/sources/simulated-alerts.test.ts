// The demo's alerts follow the simulated cluster's own timeline: the memory forecast alert fires within the hour
// before each OOM kill and clears at the restart, the OOM kill follows, and the SLO page alert spans the error burn.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSimulatedCluster } from '../../src/sources/simulator/cluster.ts';
import { simulatedAlerts } from '../../src/sources/simulator/simulated-alerts.ts';

const ANCHOR = Date.UTC(2026, 10, 26, 12);
const MIN = 60_000;

test('simulated alerts track the scripted incidents', () => {
  const cluster = createSimulatedCluster({ seed: 42, anchorMs: ANCHOR });
  const alerts = simulatedAlerts(cluster);
  const kills = cluster.pods.flatMap((pod) => pod.oomKillsMs.map((at) => ({ pod: pod.name, at })));
  assert.ok(kills.length >= 2, 'the leaking checkout pods are OOM-killed');
  for (const kill of kills) {
    const predicted = alerts.find(
      (a) => a.labels.alertname === 'ContainerMemoryLimitPredicted' && a.labels.pod === kill.pod && a.endsAt === kill.at
    );
    assert.ok(predicted, `a prediction before ${kill.pod}'s OOM kill`);
    assert.equal(predicted.labels.severity, 'critical');
    assert.ok(kill.at - predicted.startsAt <= 60 * MIN && kill.at - predicted.startsAt >= 40 * MIN);
    const killed = alerts.find((a) => a.labels.alertname === 'ContainerOOMKilled' && a.labels.pod === kill.pod);
    assert.ok(killed && killed.startsAt > kill.at);
  }
  const burn = alerts.find((a) => a.labels.alertname === 'SLOErrorBudgetBurn');
  const scripted = cluster.incidents.find((incident) => incident.kind === 'error-burn')!;
  assert.ok(burn && burn.startsAt > scripted.startMs && burn.endsAt! <= scripted.endMs);
  assert.deepEqual(
    alerts.map((a) => a.startsAt),
    [...alerts.map((a) => a.startsAt)].sort((a, b) => a - b),
    'ordered by start'
  );
});

test("fingerprints depend on the label set only, like Alertmanager's", () => {
  const alerts = simulatedAlerts(createSimulatedCluster({ seed: 42, anchorMs: ANCHOR }));
  const again = simulatedAlerts(createSimulatedCluster({ seed: 42, anchorMs: ANCHOR + 7 * MIN }));
  assert.deepEqual(
    again.map((a) => a.fingerprint),
    alerts.map((a) => a.fingerprint)
  );
  assert.equal(
    new Set(alerts.map((a) => a.fingerprint)).size,
    alerts.length,
    'distinct label sets, distinct fingerprints'
  );
  assert.match(alerts[0].generatorURL, /^http:\/\/prometheus\.simulated:9090\/graph\?g0\.expr=/);
});
