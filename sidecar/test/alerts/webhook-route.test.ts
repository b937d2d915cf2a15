// POST /api/alertmanager/webhook through the whole app (app.inject): its own token, payload validation that names
// the field and stores nothing, folding, resolves, out-of-order deliveries, listeners; GET /api/alerts(/:id).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alertsApp, TOKEN, WEBHOOK, webhookAlert, webhookAuth, webhookPayload } from './helpers.ts';
import { testApp } from '../api/fakes.ts';

const STARTS = '2026-11-02T10:00:00.123456789Z';
const STARTS_MS = Date.parse(STARTS);

test('without a webhook token the webhook answers 503 and says how to enable it', async (t) => {
  const app = testApp();
  t.after(() => app.close());
  const response = await app.inject({ method: 'POST', url: WEBHOOK, payload: webhookPayload([webhookAlert()]) });
  assert.equal(response.statusCode, 503);
  const body = response.json();
  assert.equal(body.statusCode, 503);
  assert.match(body.message, /webhook is disabled: set alertmanager\.webhookToken .*PROPHET_ALERTMANAGER_TOKEN/);
});

test('the webhook needs its own bearer token: none, a wrong one or the API token is 401', async (t) => {
  const { post, store } = alertsApp(t);
  const payload = webhookPayload([webhookAlert()]);
  const attempts: Array<Record<string, string>> = [
    {},
    { authorization: 'Bearer wrong' },
    { authorization: `Bearer ${TOKEN}` },
    { authorization: 'Basic eDp5' },
  ];
  for (const headers of attempts) {
    const response = await post(payload, headers);
    assert.equal(response.statusCode, 401, JSON.stringify(headers));
    assert.deepEqual(response.json(), {
      error: 'Unauthorized',
      message: 'missing or invalid Alertmanager webhook bearer token',
      statusCode: 401,
    });
    assert.match(String(response.headers['www-authenticate']), /^Bearer /);
  }
  assert.equal(store.alerts.list().total, 0);
  assert.equal((await post(payload)).statusCode, 200);
});

test('the webhook token opens nothing else under /api', async (t) => {
  const { app } = alertsApp(t);
  const response = await app.inject({ method: 'GET', url: '/api/alerts', headers: webhookAuth });
  assert.equal(response.statusCode, 401);
});

test('with Grafana identity required, Alertmanager (which has no X-Grafana-Id) is still let in; /api/alerts is not', async (t) => {
  const { post, app } = alertsApp(t, { env: { PROPHET_GRAFANA_URL: 'http://127.0.0.1:9/' } });
  assert.equal((await post(webhookPayload([webhookAlert()]))).statusCode, 200);
  const list = await app.inject({ method: 'GET', url: '/api/alerts', headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(list.statusCode, 401);
  assert.match(list.json().message, /X-Grafana-Id/);
});

test('a payload from an Alertmanager before 0.32 (no notification_reason, no routeLabels) is stored', async (t) => {
  const { post, store } = alertsApp(t);
  const response = await post(webhookPayload([webhookAlert({ startsAt: STARTS })]));
  assert.equal(response.statusCode, 200);
  assert.deepEqual(response.json(), { received: 1, opened: 1, updated: 0, resolved: 0, duplicate: 0, stale: 0 });
  const [alert] = store.alerts.list().alerts;
  assert.equal(alert.id, `a1b2c3d4e5f60718-${STARTS_MS}`);
  assert.deepEqual(
    [alert.status, alert.alertname, alert.severity, alert.namespace, alert.startsAt, alert.endsAt, alert.receiver],
    ['firing', 'KubePodCrashLooping', 'critical', 'shop', STARTS_MS, null, 'prophet-sidecar']
  );
  assert.equal(alert.externalURL, 'http://alertmanager:9093');
});

test('newer fields (notification_reason, routeLabels) and fields nobody knows yet are accepted', async (t) => {
  const { post, store } = alertsApp(t);
  const alert = { ...webhookAlert(), silenceURL: 'http://am/#/silences/new', values: { B: 1 } };
  const response = await post(
    webhookPayload([alert], {
      notification_reason: 'repeat_interval',
      routeLabels: { severity: 'critical' },
      futureField: { nested: true },
    })
  );
  assert.equal(response.statusCode, 200);
  assert.equal(store.alerts.list().total, 1);
});

test('bad payloads are 400 with a message naming the field, and change nothing stored', async (t) => {
  const { post, store } = alertsApp(t);
  assert.equal((await post(webhookPayload([webhookAlert()]))).statusCode, 200);
  const before = JSON.stringify(store.alerts.list());
  const good = webhookAlert({ fingerprint: 'ffff000011112222' });
  const cases: Array<[string, unknown, RegExp]> = [
    ['wrong version', webhookPayload([good], { version: '3' }), /^body\.version: must be "4"/],
    ['no alerts', { ...webhookPayload([good]), alerts: undefined }, /^body\.alerts: is required$/],
    [
      'bad status',
      webhookPayload([good, webhookAlert({ status: 'pending' as 'firing' })]),
      /^body\.alerts\[1\]\.status: must be one of "firing", "resolved"$/,
    ],
    [
      'no fingerprint',
      webhookPayload([good, { ...webhookAlert(), fingerprint: undefined }]),
      /^body\.alerts\[1\]\.fingerprint: is required$/,
    ],
    ['bad fingerprint', webhookPayload([webhookAlert({ fingerprint: '../etc' })]), /^body\.alerts\[0\]\.fingerprint: /],
    [
      'bad time',
      webhookPayload([good, webhookAlert({ startsAt: 'yesterday' })]),
      /^body\.alerts\[1\]\.startsAt: must be an RFC 3339 time$/,
    ],
    [
      'zero start',
      webhookPayload([good, webhookAlert({ startsAt: '0001-01-01T00:00:00Z' })]),
      /^body\.alerts\[1\]\.startsAt: expected the time the alert started/,
    ],
    ['labels not a mapping', webhookPayload([{ ...good, labels: ['a'] }]), /^body\.alerts\[0\]\.labels: /],
    ['group status', webhookPayload([good], { status: 'ok' }), /^body\.status: must be one of "firing", "resolved"$/],
  ];
  for (const [name, payload, message] of cases) {
    const response = await post(payload);
    assert.equal(response.statusCode, 400, name);
    const body = response.json();
    assert.equal(body.error, 'Bad Request', name);
    assert.match(body.message, message, `${name}: ${body.message}`);
  }
  const notJson = await post('{"version": "4", ', { ...webhookAuth, 'content-type': 'application/json' });
  assert.equal(notJson.statusCode, 400);
  assert.equal(JSON.stringify(store.alerts.list()), before);
});

test('re-sent alerts fold, a resolve closes, a stale firing does not reopen, a new start is a new occurrence', async (t) => {
  const { post, get } = alertsApp(t);
  const firing = webhookAlert({ startsAt: STARTS });
  const resolved = webhookAlert({ startsAt: STARTS, status: 'resolved', endsAt: '2026-11-02T10:30:00Z' });
  const result = async (payload: unknown) => (await post(payload)).json();

  assert.deepEqual(await result(webhookPayload([firing])), {
    received: 1,
    opened: 1,
    updated: 0,
    resolved: 0,
    duplicate: 0,
    stale: 0,
  });
  assert.deepEqual(await result(webhookPayload([firing])), {
    received: 1,
    opened: 0,
    updated: 1,
    resolved: 0,
    duplicate: 0,
    stale: 0,
  });
  assert.deepEqual(await result(webhookPayload([resolved])), {
    received: 1,
    opened: 0,
    updated: 0,
    resolved: 1,
    duplicate: 0,
    stale: 0,
  });
  assert.deepEqual(await result(webhookPayload([resolved])), {
    received: 1,
    opened: 0,
    updated: 0,
    resolved: 0,
    duplicate: 1,
    stale: 0,
  });
  assert.deepEqual(await result(webhookPayload([firing])), {
    received: 1,
    opened: 0,
    updated: 0,
    resolved: 0,
    duplicate: 0,
    stale: 1,
  });

  const id = `a1b2c3d4e5f60718-${STARTS_MS}`;
  const detail = (await get(`/api/alerts/${id}`)).json();
  assert.deepEqual(
    [detail.status, detail.endsAt, detail.resolvedBy, detail.receivedCount],
    ['resolved', Date.parse('2026-11-02T10:30:00Z'), 'alertmanager', 5]
  );

  const later = '2026-11-02T12:00:00Z';
  assert.equal((await result(webhookPayload([webhookAlert({ startsAt: later })]))).opened, 1);
  const list = (await get('/api/alerts')).json();
  assert.deepEqual(
    list.alerts.map((a: { id: string; status: string }) => [a.id, a.status]),
    [
      [`a1b2c3d4e5f60718-${Date.parse(later)}`, 'firing'],
      [id, 'resolved'],
    ]
  );
  const again = (await get(`/api/alerts/a1b2c3d4e5f60718-${Date.parse(later)}`)).json();
  assert.deepEqual(
    again.occurrences.map((o: { id: string }) => o.id),
    [`a1b2c3d4e5f60718-${Date.parse(later)}`, id]
  );
});

test('listeners get the changes after the commit; a throwing listener does not break the webhook', async (t) => {
  const { post, alerting, store } = alertsApp(t);
  const seen: string[] = [];
  alerting.events.subscribe({
    name: 'broken',
    onAlertChange() {
      throw new Error('listener bug');
    },
  });
  alerting.events.subscribe({
    name: 'incidents',
    onAlertChange(change) {
      // The change is committed: the store already has it.
      assert.equal(store.alerts.get(change.alert.id)?.status, change.alert.status);
      seen.push(`${change.kind}:${change.alert.fingerprint}:${change.alert.status}`);
    },
  });
  const response = await post(
    webhookPayload([
      webhookAlert({ fingerprint: 'aaaa' }),
      webhookAlert({ fingerprint: 'bbbb', status: 'resolved', endsAt: STARTS }),
    ])
  );
  assert.equal(response.statusCode, 200);
  assert.equal((await post(webhookPayload([webhookAlert({ fingerprint: 'aaaa' })]))).statusCode, 200);
  await alerting.events.idle();
  assert.deepEqual(seen, ['opened:aaaa:firing', 'resolved:bbbb:resolved', 'updated:aaaa:firing']);
});

test('GET /api/alerts filters, validates its query and 404s unknown ids', async (t) => {
  const { post, get } = alertsApp(t);
  await post(
    webhookPayload([
      webhookAlert({ fingerprint: 'crit-shop', labels: { alertname: 'A', severity: 'critical', namespace: 'shop' } }),
      webhookAlert({ fingerprint: 'warn-shop', labels: { alertname: 'B', severity: 'warning', namespace: 'shop' } }),
      webhookAlert({
        fingerprint: 'crit-pay',
        labels: { alertname: 'A', severity: 'critical', namespace: 'pay' },
        status: 'resolved',
        endsAt: '2026-11-02T11:00:00Z',
      }),
    ])
  );
  const fingerprints = async (query: string) => {
    const response = await get(`/api/alerts${query}`);
    assert.equal(response.statusCode, 200, query);
    assert.equal(response.headers['cache-control'], 'no-store');
    return response
      .json()
      .alerts.map((a: { fingerprint: string }) => a.fingerprint)
      .sort();
  };
  assert.deepEqual(await fingerprints(''), ['crit-pay', 'crit-shop', 'warn-shop']);
  assert.deepEqual(await fingerprints('?status=firing'), ['crit-shop', 'warn-shop']);
  assert.deepEqual(await fingerprints('?severity=critical'), ['crit-pay', 'crit-shop']);
  assert.deepEqual(await fingerprints('?namespace=shop&severity=critical'), ['crit-shop']);
  assert.deepEqual(await fingerprints(`?since=${Date.parse('2026-11-02T12:00:00Z')}`), ['crit-shop', 'warn-shop']);
  const limited = (await get('/api/alerts?limit=1')).json();
  assert.deepEqual([limited.total, limited.alerts.length], [3, 1]);
  assert.equal('groupKey' in limited.alerts[0], false);

  for (const query of ['?status=pending', '?since=yesterday', '?limit=0']) {
    const response = await get(`/api/alerts${query}`);
    assert.equal(response.statusCode, 400, query);
    assert.match(response.json().message, /^querystring\/(status|since|limit) /, query);
  }
  const missing = await get('/api/alerts/nope-1');
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().message, 'alert "nope-1" not found');
});

test('webhook and alert metrics are exported', async (t) => {
  const { post, app } = alertsApp(t);
  await post(
    webhookPayload([
      webhookAlert({ fingerprint: 'f1' }),
      webhookAlert({ fingerprint: 'f2', labels: { alertname: 'X' } }),
    ])
  );
  await post(webhookPayload([webhookAlert({ fingerprint: 'f1' })]));
  await post(
    webhookPayload([webhookAlert({ fingerprint: 'f1', status: 'resolved', endsAt: STARTS })], { truncatedAlerts: 3 })
  );
  await post(webhookPayload([webhookAlert()], { version: '5' }));
  await post(webhookPayload([webhookAlert()]), { authorization: 'Bearer nope' });
  const text = (await app.inject({ url: '/metrics' })).body;
  const value = (series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    assert.ok(line, `${series} is exported`);
    return Number(line.split(' ')[1]);
  };
  assert.equal(value('prophet_alertmanager_notifications_total{status="firing"}'), 2);
  assert.equal(value('prophet_alertmanager_notifications_total{status="resolved"}'), 1);
  assert.equal(value('prophet_alertmanager_notifications_rejected_total{reason="invalid"}'), 1);
  assert.equal(value('prophet_alertmanager_notifications_rejected_total{reason="unauthorized"}'), 1);
  assert.equal(value('prophet_alertmanager_truncated_alerts_total'), 3);
  assert.equal(value('prophet_alerts_received_total{outcome="opened"}'), 2);
  assert.equal(value('prophet_alerts_received_total{outcome="updated"}'), 1);
  assert.equal(value('prophet_alerts_received_total{outcome="resolved"}'), 1);
  assert.equal(value('prophet_alerts_firing{severity=""}'), 1);
  assert.equal(text.includes('prophet_alerts_firing{severity="critical"}'), false);
});

test('the OpenAPI document describes the webhook (own token) and the alert routes', async (t) => {
  const { app } = alertsApp(t);
  const doc = (await app.inject({ url: '/openapi.json' })).json();
  const webhook = doc.paths['/api/alertmanager/webhook'].post;
  assert.deepEqual(webhook.security, [{ alertmanagerToken: [] }]);
  assert.deepEqual(webhook.requestBody.content['application/json'].schema.properties.version.enum, ['4']);
  assert.deepEqual(Object.keys(webhook.responses).sort(), ['200', '400', '401', '413', '500', '503']);
  assert.equal(doc.components.securitySchemes.alertmanagerToken.scheme, 'bearer');
  assert.deepEqual(doc.paths['/api/alerts'].get.security, [{ bearerAuth: [] }]);
  assert.ok(doc.paths['/api/alerts/{id}'].get.responses['404']);
});

test("a storm notification of 1,000 alerts (over 1 MB, Fastify's default body limit) is stored whole, re-sends folded", async (t) => {
  const { post, store, alerting, app } = alertsApp(t);
  await app.ready(); // schema compilation is start-up work, not the webhook's
  const opened: string[] = [];
  alerting.events.subscribe({ name: 'count', onAlertChange: (change) => void opened.push(change.kind) });
  const storm = Array.from({ length: 1_000 }, (_, i) =>
    webhookAlert({
      fingerprint: i.toString(16).padStart(16, '0'),
      labels: { alertname: 'KubePodCrashLooping', severity: 'critical', namespace: 'shop', pod: `cart-${i}` },
      annotations: { summary: `cart-${i} is crash looping`, description: 'x'.repeat(1_000) },
    })
  );
  const payload = webhookPayload(storm);
  assert.ok(JSON.stringify(payload).length > 1024 * 1024);
  const started = performance.now();
  const first = await post(payload);
  const again = await post(webhookPayload([...storm].reverse()));
  const elapsed = performance.now() - started;
  t.diagnostic(`2 webhook calls of 1,000 alerts each: ${elapsed.toFixed(0)} ms`);
  assert.equal(first.statusCode, 200, first.body);
  assert.deepEqual(first.json(), { received: 1_000, opened: 1_000, updated: 0, resolved: 0, duplicate: 0, stale: 0 });
  assert.deepEqual(again.json(), { received: 1_000, opened: 0, updated: 1_000, resolved: 0, duplicate: 0, stale: 0 });
  assert.equal(store.alerts.list({ limit: 5_000 }).total, 1_000);
  await alerting.events.idle();
  assert.equal(opened.filter((kind) => kind === 'opened').length, 1_000);
  // The benchmark allows 2 s from webhook to incident (1,000 alerts in 10 s); the receiver must be a small part of it.
  assert.ok(elapsed < 2_000, `${elapsed.toFixed(0)} ms`);
});
