import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { auth, fakeForecastReader, fakeSourceHealth, testApp } from './fakes.ts';

test('/healthz is always ok, /readyz follows first runs and the source state', async () => {
  const reader = fakeForecastReader();
  const source = fakeSourceHealth('unknown');
  reader.isReady = false;
  const app = testApp({ forecasts: reader, sourceHealth: source.get });
  const probe = async () => {
    const [health, ready] = [await app.inject({ url: '/healthz' }), await app.inject({ url: '/readyz' })];
    assert.equal(health.statusCode, 200);
    assert.deepEqual(health.json(), { status: 'ok' });
    return { code: ready.statusCode, body: ready.json() };
  };

  assert.deepEqual(await probe(), {
    code: 503,
    body: { status: 'not ready', reasons: ['forecast jobs have not all completed their first run'] },
  });
  reader.isReady = true;
  assert.deepEqual(await probe(), { code: 200, body: { status: 'ready', reasons: [] } });

  source.health.state = 'degraded';
  source.health.lastError = 'dial tcp http://admin:hunter2@prometheus:9090: connection refused';
  const degraded = await probe();
  assert.equal(degraded.code, 503);
  assert.deepEqual(degraded.body.reasons, ['metric source (prometheus) is degraded; see /api/status']);
  assert.doesNotMatch(JSON.stringify(degraded.body), /hunter2/, 'unauthenticated probes never show source errors');

  source.health.state = 'ok';
  assert.equal((await probe()).code, 200);
});

test('/readyz is 503 when source health cannot be read', async () => {
  const app = testApp({
    sourceHealth: () => {
      throw new Error('boom');
    },
  });
  const res = await app.inject({ url: '/readyz' });
  assert.equal(res.statusCode, 503);
  assert.deepEqual(res.json().reasons, ['metric source health is unavailable']);
});

test('/metrics serves the injected registry, process metrics and the request histogram', async () => {
  const registry = new Registry();
  const { Gauge } = await import('prom-client');
  new Gauge({ name: 'prophet_forecast_jobs', help: 'configured jobs', registers: [registry] }).set(7);
  const app = testApp({ registry });
  await app.inject({ url: '/api/forecasts', headers: auth });
  await app.inject({ url: '/api/forecasts/abc', headers: auth });
  await app.inject({ url: '/no-such-route/probe-path-xyz' });

  const res = await app.inject({ url: '/metrics' });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/plain/);
  const text = res.body;
  assert.match(text, /^prophet_forecast_jobs 7$/m);
  assert.match(text, /^process_cpu_user_seconds_total /m);
  assert.match(text, /^nodejs_heap_size_used_bytes /m);
  assert.match(text, /^# TYPE http_request_duration_seconds histogram$/m);
  assert.match(
    text,
    /^http_request_duration_seconds_count\{route="\/api\/forecasts",method="GET",status_code="200"\} 1$/m
  );
  // Route templates, not URLs, so ids and probes for random paths don't create new series.
  assert.match(
    text,
    /^http_request_duration_seconds_count\{route="\/api\/forecasts\/:id",method="GET",status_code="404"\} 1$/m
  );
  assert.match(text, /^http_request_duration_seconds_count\{route="unmatched",method="GET",status_code="404"\} 1$/m);
  // (A path no number can contain: process metrics are numbers, and once held "16123456".)
  assert.doesNotMatch(text, /probe-path-xyz/);
});

test('a second app on the same registry does not fail on already registered metrics', async () => {
  const registry = new Registry();
  testApp({ registry });
  const app = testApp({ registry });
  assert.equal((await app.inject({ url: '/metrics' })).statusCode, 200);
});

test('/openapi.json documents the /api paths with their response schemas and bearer auth', async () => {
  const app = testApp();
  const res = await app.inject({ url: '/openapi.json' });
  assert.equal(res.statusCode, 200);
  const doc = res.json();
  assert.match(doc.openapi, /^3\./);
  assert.equal(doc.info.version, '1.2.3');
  assert.deepEqual(doc.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer' });
  for (const path of [
    '/api/forecasts',
    '/api/forecasts/{id}',
    '/api/jobs',
    '/api/capacity',
    '/api/status',
    '/healthz',
    '/readyz',
    '/metrics',
  ]) {
    assert.ok(doc.paths[path]?.get, `${path} documented`);
  }
  const list = doc.paths['/api/forecasts'].get;
  assert.deepEqual(list.security, [{ bearerAuth: [] }]);
  assert.deepEqual(list.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`).sort(), [
    'query:job',
    'query:limit',
  ]);
  const listSchema = list.responses['200'].content['application/json'].schema;
  assert.deepEqual(Object.keys(listSchema.properties), ['generatedAt', 'forecasts']);
  assert.ok(list.responses['401'], '401 documented');
  const detail = doc.paths['/api/forecasts/{id}'].get;
  assert.ok(detail.responses['404'].content['application/json'].schema.properties.message);
  assert.ok(detail.responses['200'].content['application/json'].schema.properties.forecast);
  assert.equal(doc.paths['/openapi.json'], undefined);
});
