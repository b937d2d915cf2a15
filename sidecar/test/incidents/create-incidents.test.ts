// The wiring's own promises: incidents opened before the first forecasts and anomalies exist pick them up as soon
// as the jobs have run once (not a refresh interval later), and alert changes published by the receiver reach the
// incident manager.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { AlertEvents } from '../../src/alerts/alert-events.ts';
import type { AnomalySummary } from '../../src/api/contract.ts';
import { noDetection } from '../../src/anomalies/detection-reader.ts';
import { loadConfig } from '../../src/config/index.ts';
import { silentLogger } from '../../src/forecasts/logger.ts';
import { createIncidents } from '../../src/incidents/create-incidents.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';

const NOW = Date.UTC(2026, 10, 26, 12);

function memoryDrift(): AnomalySummary {
  return {
    id: 'workload-memory/abc',
    job: 'workload-memory',
    title: 'Workload memory',
    unit: 'bytes',
    labels: { namespace: 'shop', container: 'checkout' },
    current: 9e8,
    score: 0.95,
    anomalous: 1,
    bandLower: 1e8,
    bandUpper: 5e8,
    latestEvent: {
      kind: 'drift',
      direction: 'up',
      size: 4,
      start: NOW - 3_600_000,
      end: NOW,
      ongoing: true,
      peakScore: 0.95,
      limitAt: null,
    },
    eventCount: 1,
    forecastId: null,
    threshold: 0.7,
    updatedAt: NOW,
  };
}

test('incidents gather the first anomalies once the jobs have run, and alert changes reach the manager', async (t) => {
  const store = new SqliteStore(':memory:');
  const anomalies: AnomalySummary[] = [];
  let jobsRan = false;
  const alertEvents = new AlertEvents();
  const incidents = createIncidents({
    config: loadConfig({ env: { PROPHET_TOKEN: 'wiring-test-token' } }),
    cluster: null,
    store: store.incidents,
    alertEvents,
    detection: { ...noDetection, anomalies: () => ({ generatedAt: NOW, anomalies }), ready: () => jobsRan },
    forecasts: {
      list: () => ({ generatedAt: NOW, forecasts: [] }),
      get: () => undefined,
      jobs: () => [],
      capacity: () => [],
      ready: () => jobsRan,
    },
    registry: new Registry(),
    logger: silentLogger,
    clock: () => NOW,
  });
  incidents.start();
  t.after(async () => {
    await incidents.stop();
    store.close();
  });
  const alert = {
    id: 'fp-1',
    fingerprint: 'fp-1',
    status: 'firing' as const,
    resolvedBy: null,
    alertname: 'ContainerMemoryLimitPredicted',
    severity: 'critical',
    namespace: 'shop',
    labels: {
      alertname: 'ContainerMemoryLimitPredicted',
      severity: 'critical',
      namespace: 'shop',
      pod: 'checkout-7d9f8b6c5-x2k4q',
    },
    annotations: {},
    startsAt: NOW - 60_000,
    endsAt: null,
    generatorURL: null,
    receiver: 'prophet-aiops',
    firstReceivedAt: NOW,
    lastReceivedAt: NOW,
    receivedCount: 1,
    groupKey: '{}',
    externalURL: 'http://alertmanager',
  };
  await alertEvents.publish([{ kind: 'opened', alert, previous: null }]);
  const [incident] = incidents.manager.list();
  assert.equal(incident.title, 'ContainerMemoryLimitPredicted on Deployment shop/checkout');
  assert.equal(incident.anomalies.length, 0, 'no anomaly results yet');

  anomalies.push(memoryDrift());
  jobsRan = true;
  for (let waited = 0; waited < 3_000 && incidents.manager.get(incident.id)!.anomalies.length === 0; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(incidents.manager.get(incident.id)!.anomalies.length, 1, 'gathered after the first job round');
});
