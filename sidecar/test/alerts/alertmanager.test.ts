// A real Alertmanager (Debian package) delivers to the sidecar's webhook: the shipped compose configuration
// (deploy/alertmanager/alertmanager.yml) with the sidecar's address, a token file and second-long group timers.
// Alerts are posted to Alertmanager's API the way Prometheus posts them; only critical ones may reach the sidecar;
// a re-sent group folds into the stored alert; a resolve closes it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Registry } from 'prom-client';
import YAML from 'yaml';
import type { FastifyInstance } from 'fastify';
import { createAlerting, type AlertChange, type Alerting } from '../../src/alerts/index.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import { testApp } from '../api/fakes.ts';
import { waitFor } from '../slo/helpers.ts';
import { startAlertmanager, type RunningAlertmanager } from './alertmanager-process.ts';

const SHIPPED = resolve(import.meta.dirname, '../../../deploy/alertmanager/alertmanager.yml');

interface AlertmanagerConfig {
  route: { group_wait?: string; group_interval?: string; routes: Array<Record<string, unknown>> };
  receivers: Array<{ name: string; webhook_configs?: Array<Record<string, any>> }>;
}

/** The shipped configuration, pointed at this sidecar and this token file, with one-second group timers. */
function testConfig(sidecarUrl: string, tokenFile: string): string {
  const config = YAML.parse(readFileSync(SHIPPED, 'utf8')) as AlertmanagerConfig;
  for (const route of [config.route, ...config.route.routes]) {
    route.group_wait = '1s';
    route.group_interval = '1s';
  }
  const webhooks = config.receivers.flatMap((r) => r.webhook_configs ?? []);
  assert.equal(webhooks.length, 1, 'the shipped configuration has one webhook');
  const shippedUrl = new URL(webhooks[0].url);
  webhooks[0].url = new URL(shippedUrl.pathname, sidecarUrl).toString();
  webhooks[0].http_config.authorization.credentials_file = tokenFile;
  return YAML.stringify(config);
}

describe('a real Alertmanager delivering to the sidecar', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'prophet-alertmanager-'));
  let store: SqliteStore;
  let alerting: Alerting;
  let app: FastifyInstance;
  let alertmanager: RunningAlertmanager | undefined;
  const changes: AlertChange[] = [];
  const startsAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000).toISOString();
  const critical = {
    labels: { alertname: 'KubePodCrashLooping', severity: 'critical', namespace: 'shop', pod: 'cart-1' },
    annotations: { summary: 'cart-1 is crash looping' },
    startsAt,
    generatorURL: 'http://prometheus:9090/graph?g0.expr=kube_pod_container_status_waiting_reason',
  };
  const sameGroup = { ...critical, labels: { ...critical.labels, pod: 'cart-2' } };
  const warning = { ...critical, labels: { ...critical.labels, severity: 'warning', pod: 'cart-3' } };

  before(async () => {
    const tokenFile = join(dir, 'webhook-token');
    writeFileSync(tokenFile, `${randomBytes(16).toString('hex')}\n`);
    store = new SqliteStore(join(dir, 'prophet.db'));
    const registry = new Registry();
    alerting = createAlerting({ store: store.alerts, registry });
    alerting.events.subscribe({ name: 'recorder', onAlertChange: (change) => void changes.push(change) });
    app = testApp({ env: { PROPHET_ALERTMANAGER_TOKEN_FILE: tokenFile }, alerts: alerting, registry });
    const sidecarUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    alertmanager = await startAlertmanager(dir, testConfig(sidecarUrl, tokenFile));
  });

  after(async () => {
    await alertmanager?.stop();
    await app?.close();
    await alerting?.events.idle();
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const stored = () => store.alerts.list().alerts;
  const log = () => alertmanager!.log();

  it("routes only the critical alert to the sidecar, which stores it under Alertmanager's fingerprint", async () => {
    await alertmanager!.postAlerts([critical, warning]);
    await waitFor(async () => stored().length === 1, 30_000, log);

    const inAlertmanager = await alertmanager!.alerts();
    const routed = (pod: string) => inAlertmanager.find((a) => a.labels.pod === pod)!;
    assert.deepEqual(
      routed('cart-1').receivers.map((r) => r.name),
      ['prophet-sidecar']
    );
    assert.deepEqual(
      routed('cart-3').receivers.map((r) => r.name),
      ['null']
    );

    const [alert] = stored();
    assert.equal(alert.fingerprint, routed('cart-1').fingerprint);
    assert.equal(alert.id, `${alert.fingerprint}-${Date.parse(startsAt)}`);
    assert.deepEqual(
      [alert.status, alert.startsAt, alert.endsAt, alert.severity, alert.namespace, alert.receiver],
      ['firing', Date.parse(startsAt), null, 'critical', 'shop', 'prophet-sidecar']
    );
    assert.deepEqual(alert.labels, critical.labels);
    assert.deepEqual(alert.annotations, critical.annotations);
    assert.equal(alert.generatorURL, critical.generatorURL);
    assert.equal(alert.externalURL, alertmanager!.url);
    assert.ok(!stored().some((a) => a.severity === 'warning'));
  });

  it('a re-sent group (a second alert joining it) folds into the stored alert instead of duplicating it', async () => {
    await alertmanager!.postAlerts([critical, sameGroup]);
    await waitFor(async () => stored().length === 2, 30_000, log);
    const first = stored().find((a) => a.labels.pod === 'cart-1')!;
    assert.ok(first.receivedCount >= 2, `cart-1 received ${first.receivedCount} times`);
    assert.equal(store.alerts.byFingerprint(first.fingerprint).length, 1);
  });

  it('a resolve sent through Alertmanager closes the stored alert', async () => {
    const endsAt = new Date(Date.now() - 1_000).toISOString();
    await alertmanager!.postAlerts([{ ...critical, endsAt }]);
    await waitFor(async () => stored().find((a) => a.labels.pod === 'cart-1')?.status === 'resolved', 30_000, log);
    const closed = stored().find((a) => a.labels.pod === 'cart-1')!;
    assert.deepEqual([closed.resolvedBy, closed.endsAt], ['alertmanager', Date.parse(endsAt)]);
    assert.equal(stored().find((a) => a.labels.pod === 'cart-2')!.status, 'firing');

    await alerting.events.idle();
    const cart1 = changes.filter((c) => c.alert.labels.pod === 'cart-1').map((c) => c.kind);
    assert.equal(cart1[0], 'opened');
    assert.equal(cart1.at(-1), 'resolved');
    assert.ok(
      cart1.slice(1, -1).every((kind) => kind === 'updated'),
      cart1.join(', ')
    );
  });
});
