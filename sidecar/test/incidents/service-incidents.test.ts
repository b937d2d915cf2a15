// Incidents as startService wires them: in demo mode the simulated cluster's alerts open explained incidents with
// its K8sGPT findings attached; with a real webhook a posted critical alert opens one and its resolve closes it,
// and incidents survive a restart.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FindingList, Incident, IncidentList } from '../../src/api/contract.ts';
import { startService, type RunningService } from '../../src/cli/serve-command.ts';
import { loadConfig, type Config } from '../../src/config/index.ts';
import { WEBHOOK, webhookAlert, webhookPayload } from '../alerts/helpers.ts';

const HOUR = 3_600_000;

function config(env: Record<string, string>, simulatedAlerts: boolean): Config {
  const loaded = loadConfig({ env: { PROPHET_PORT: '0', PROPHET_LOG_LEVEL: 'silent', ...env }, mode: 'demo' });
  loaded.forecasts.jobs = [];
  loaded.anomalies.jobs = [];
  loaded.outliers.jobs = [];
  loaded.slos.specs = [];
  loaded.simulator.alerts = simulatedAlerts;
  return loaded;
}

async function get<T>(service: RunningService, path: string): Promise<T> {
  const res = await fetch(`${service.url}${path}`, { headers: { authorization: `Bearer ${service.token}` } });
  assert.equal(res.status, 200, `${path}: ${await res.clone().text()}`);
  return (await res.json()) as T;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const value = await read();
    if (done(value)) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return read();
}

test('demo: the simulated alerts open the leak and error-burn incidents, explained, with findings and suggestions', async (t) => {
  const now = Date.UTC(2026, 10, 26, 12);
  const service = await startService(config({ PROPHET_SQLITE_PATH: ':memory:' }, true), {
    mode: 'demo',
    handleSignals: false,
    announce: false,
    clock: () => now,
    anchorMs: now - 2 * HOUR,
  });
  t.after(() => service.close());
  await service.incidents.findings?.synced();
  const list = await until(
    () => get<IncidentList>(service, '/api/incidents?status=open'),
    (l) => l.incidents.length >= 2
  );
  const titles = list.incidents.map((i) => i.title).sort();
  assert.deepEqual(titles, [
    'ContainerMemoryLimitPredicted on Deployment shop/checkout',
    'SLOErrorBudgetBurn on Deployment payments/api',
  ]);
  const leak = list.incidents.find((i) => i.scope.workload?.name === 'checkout')!;
  assert.equal(leak.counts.alerts, 2, 'both leaking pods fold into one incident');
  const detail = await get<Incident>(service, `/api/incidents/${leak.id}`);
  assert.equal(detail.explanation?.explainer, 'built-in');
  assert.match(detail.explanation?.cause ?? '', /memory/);
  assert.equal(detail.suggestions[0].kind, 'rollout-restart');
  assert.equal(detail.suggestions[0].target, 'Deployment/shop/checkout');

  await service.incidents.manager.refresh();
  const burn = await get<Incident>(
    service,
    `/api/incidents/${list.incidents.find((i) => i.scope.namespace === 'payments')!.id}`
  );
  assert.ok(
    burn.findings.some((f) => f.kind === 'Pod' && /Readiness probe failed/.test(f.errors[0])),
    'the K8sGPT finding is attached'
  );
  const findings = await get<FindingList>(service, '/api/findings');
  assert.deepEqual(findings.source, { kind: 'simulator', state: 'ok', synced: true, lastError: null });
  assert.ok(findings.findings.length >= 1);
});

test('a critical alert posted to the webhook opens an incident, its resolve closes it, and it survives a restart', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'prophet-service-incidents-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cfg = config({ PROPHET_SQLITE_PATH: join(dir, 'prophet.db') }, false);
  const service = await startService(cfg, { mode: 'demo', handleSignals: false, announce: false });
  const post = (alert: Record<string, unknown>) =>
    fetch(`${service.url}${WEBHOOK}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${service.webhookToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(webhookPayload([alert])),
    });
  assert.equal((await post(webhookAlert())).status, 200);
  const opened = await until(
    () => get<IncidentList>(service, '/api/incidents'),
    (l) => l.incidents.length === 1
  );
  // cart-1 is named like a StatefulSet's pod (<name>-<ordinal>), so the incident is about that StatefulSet.
  assert.equal(opened.incidents[0].title, 'KubePodCrashLooping on StatefulSet shop/cart');
  assert.equal(opened.incidents[0].status, 'open');
  assert.ok(opened.incidents[0].cause);

  assert.equal((await post(webhookAlert({ status: 'resolved', endsAt: '2026-11-02T10:20:00Z' }))).status, 200);
  const resolved = await until(
    () => get<IncidentList>(service, '/api/incidents'),
    (l) => l.incidents[0]?.status === 'resolved'
  );
  assert.equal(resolved.incidents[0].resolvedAt, Date.parse('2026-11-02T10:20:00Z'));
  await service.close();

  const restarted = await startService(cfg, { mode: 'demo', handleSignals: false, announce: false });
  t.after(() => restarted.close());
  const after = await get<IncidentList>(restarted, '/api/incidents');
  assert.deepEqual(
    after.incidents.map((i) => [i.id, i.status]),
    [[opened.incidents[0].id, 'resolved']]
  );
});
