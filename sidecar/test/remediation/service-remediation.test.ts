// Remediation as startService wires it: in demo mode the leak incident becomes a restart proposal an Editor approves
// over HTTP, the simulated cluster is really restarted, metrics count it, and a restarted sidecar replays the restart
// into its fresh simulated cluster; in live mode with no cluster configured, remediation is disabled.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { RemediationList, RemediationProposal } from '../../src/api/contract.ts';
import { startService, type RunningService } from '../../src/cli/serve-command.ts';
import { loadConfig, type Config } from '../../src/config/index.ts';
import {
  fakeGrafanaSigningKeys,
  type FakeGrafanaSigningKeys,
  type FakeGrafanaUser,
} from '../doubles/fake-grafana-signing-keys.ts';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 26, 12);
const editor = { uid: 'u1', login: 'edna', email: 'edna@example.com', name: 'Edna', role: 'Editor' as const };
const viewer = { ...editor, uid: 'u3', login: 'vic', role: 'Viewer' as const };

let grafana: FakeGrafanaSigningKeys;
before(async () => {
  grafana = await fakeGrafanaSigningKeys();
});
after(() => grafana.close());

function config(env: Record<string, string>, mode: 'demo' | 'live'): Config {
  const loaded = loadConfig({
    env: { PROPHET_PORT: '0', PROPHET_LOG_LEVEL: 'silent', PROPHET_GRAFANA_URL: grafana.url, ...env },
    mode,
  });
  loaded.forecasts.jobs = [];
  loaded.anomalies.jobs = [];
  loaded.outliers.jobs = [];
  loaded.slos.specs = [];
  return loaded;
}

async function call<T>(service: RunningService, path: string, user: FakeGrafanaUser = editor, init: RequestInit = {}) {
  const res = await fetch(`${service.url}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${service.token}`,
      'x-grafana-id': await grafana.sign(user),
      'content-type': 'application/json',
    },
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = await read();
    if (done(value)) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('timed out');
}

const demo = (sqlitePath: string) =>
  startService(config({ PROPHET_SQLITE_PATH: sqlitePath }, 'demo'), {
    mode: 'demo',
    handleSignals: false,
    announce: false,
    clock: () => NOW,
    anchorMs: NOW - 2 * HOUR,
  });

test('demo: the leak incident is proposed, an Editor approves over HTTP, the simulated checkout restarts once', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'prophet-service-remediation-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const sqlitePath = join(dir, 'prophet.db');
  const service = await demo(sqlitePath);
  let closed = false;
  t.after(async () => {
    if (!closed) {
      await service.close();
    }
  });

  const listed = await until(
    async () => (await call<RemediationList>(service, '/api/remediations?action=rollout-restart')).body,
    (list) => list.proposals.length > 0
  );
  assert.equal(listed.backend, 'simulator');
  const [proposal] = listed.proposals;
  assert.equal(proposal.policy, 'restart-on-memory-leak');
  assert.deepEqual(proposal.target, { kind: 'Deployment', namespace: 'shop', name: 'checkout' });
  assert.equal(proposal.preview?.source, 'simulator');
  assert.notEqual(proposal.incidentId, null);

  const path = `/api/remediations/${proposal.id}/approve`;
  const body = JSON.stringify({ comment: 'restart checkout' });
  assert.equal((await call(service, path, viewer, { method: 'POST', body })).status, 403);
  const approved = await call<{ changed: boolean }>(service, path, editor, { method: 'POST', body });
  assert.equal(approved.status, 200);
  assert.equal(approved.body.changed, true);
  await service.remediation.manager.idle();

  const done = (await call<RemediationProposal>(service, `/api/remediations/${proposal.id}`)).body;
  assert.equal(done.state, 'succeeded');
  assert.equal(done.decision?.by.login, 'edna');
  const restarts = () =>
    service
      .simulator!.cluster.interventions.list()
      .filter((i) => i.type === 'restart' && i.deployment === 'shop/checkout');
  assert.equal(restarts().length, 1);
  const metrics = await (await fetch(`${service.url}/metrics`)).text();
  assert.match(metrics, /prophet_remediation_proposals\{state="succeeded",action="rollout-restart"\} 1/);
  assert.match(metrics, /prophet_remediation_executions_total\{action="rollout-restart",outcome="succeeded"\} 1/);
  assert.equal((await fetch(`${service.url}/readyz`)).status, 200);

  await service.close();
  closed = true;
  // A restarted sidecar starts a fresh simulated cluster: the stored restart is replayed into it at its time.
  const restarted = await demo(sqlitePath);
  t.after(() => restarted.close());
  const replayed = restarted
    .simulator!.cluster.interventions.list()
    .filter((i) => i.type === 'restart' && i.deployment === 'shop/checkout');
  assert.equal(replayed.length, 1);
  assert.equal(replayed[0].atMs, done.execution!.steps[0].startedAt);
  assert.equal(restarted.remediation.manager.get(proposal.id)?.state, 'succeeded');
});

test('live mode on Prometheus without Kubernetes: remediation is disabled and proposes nothing', async (t) => {
  const env = {
    PROPHET_TOKEN: 'live-api-token-0123456789',
    PROPHET_SQLITE_PATH: ':memory:',
    // Never queried: the test runs no jobs.
    PROPHET_PROMETHEUS_URL: 'http://127.0.0.1:9',
  };
  const service = await startService(config(env, 'live'), { mode: 'live', handleSignals: false, announce: false });
  t.after(() => service.close());
  const list = (await call<RemediationList>(service, '/api/remediations')).body;
  assert.equal(list.backend, 'disabled');
  assert.deepEqual(list.proposals, []);
  assert.equal(service.remediation.manager.enabled, false);
});
