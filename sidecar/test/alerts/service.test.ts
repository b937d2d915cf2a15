// The webhook as startService wires it: demo mode generates its own token (not the API token), live mode without one
// answers 503, and alerts posted to the running service are listed by the API and published to subscribers.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AlertChange } from '../../src/alerts/index.ts';
import type { AlertList } from '../../src/api/contract.ts';
import { startService } from '../../src/cli/serve-command.ts';
import { loadConfig, type Config } from '../../src/config/index.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import { WEBHOOK, webhookAlert, webhookPayload } from './helpers.ts';

/** A service with no scheduled jobs to speak of: only the webhook and the API matter here. */
function quietConfig(env: Record<string, string>, mode: 'demo' | 'live'): Config {
  const config = loadConfig({
    env: { PROPHET_PORT: '0', PROPHET_LOG_LEVEL: 'silent', ...env },
    mode,
  });
  config.forecasts.jobs = [];
  config.anomalies.jobs = [];
  config.outliers.jobs = [];
  config.slos.specs = [];
  // Only the alerts the tests post: no simulated Alertmanager.
  config.simulator.alerts = false;
  return config;
}

test('demo mode: a generated webhook token stores alerts in the database, lists them and tells subscribers', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'prophet-service-alerts-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const sqlitePath = join(dir, 'prophet.db');
  const service = await startService(quietConfig({ PROPHET_SQLITE_PATH: sqlitePath }, 'demo'), {
    mode: 'demo',
    handleSignals: false,
    announce: false,
  });
  let closed = false;
  t.after(async () => {
    if (!closed) {
      await service.close();
    }
  });
  assert.ok(service.webhookToken.length >= 20);
  assert.notEqual(service.webhookToken, service.token);
  const changes: AlertChange[] = [];
  service.alertEvents.subscribe({ name: 'test', onAlertChange: (change) => void changes.push(change) });

  const post = (token: string) =>
    fetch(`${service.url}${WEBHOOK}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(webhookPayload([webhookAlert()])),
    });
  assert.equal((await post(service.token)).status, 401);
  const accepted = await post(service.webhookToken);
  assert.equal(accepted.status, 200, await accepted.clone().text());

  const list = await fetch(`${service.url}/api/alerts`, { headers: { authorization: `Bearer ${service.token}` } });
  const body = (await list.json()) as AlertList;
  assert.deepEqual(
    body.alerts.map((a) => [a.fingerprint, a.status]),
    [['a1b2c3d4e5f60718', 'firing']]
  );
  await service.close();
  closed = true;
  assert.deepEqual(
    changes.map((c) => c.kind),
    ['opened']
  );
  // The alert is in the service's database file, next to its forecasts.
  const reopened = new SqliteStore(sqlitePath);
  t.after(() => reopened.close());
  assert.equal(reopened.alerts.list().total, 1);
});

test('live mode without a webhook token: the webhook answers 503 and stores nothing', async (t) => {
  const service = await startService(
    quietConfig({ PROPHET_TOKEN: 'live-api-token', PROPHET_SQLITE_PATH: ':memory:' }, 'live'),
    { mode: 'live', handleSignals: false, announce: false }
  );
  t.after(() => service.close());
  assert.equal(service.webhookToken, '');
  const response = await fetch(`${service.url}${WEBHOOK}`, {
    method: 'POST',
    headers: { authorization: 'Bearer live-api-token', 'content-type': 'application/json' },
    body: JSON.stringify(webhookPayload([webhookAlert()])),
  });
  assert.equal(response.status, 503);
  assert.match(((await response.json()) as { message: string }).message, /webhook is disabled/);
  const list = await fetch(`${service.url}/api/alerts`, { headers: { authorization: 'Bearer live-api-token' } });
  assert.equal(((await list.json()) as AlertList).total, 0);
});
