import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auth, fakeForecastReader, fakeSourceHealth, forecastDetail, testApp } from './fakes.ts';

const details = [
  forecastDetail('node-cpu', 'node-cpu-a'),
  forecastDetail('node-cpu', 'node-cpu-b'),
  forecastDetail('node-disk', 'node-disk-a'),
];

test('GET /api/forecasts lists summaries, filtered by job and limited', async () => {
  const app = testApp({ forecasts: fakeForecastReader(details) });
  const all = await app.inject({ url: '/api/forecasts', headers: auth });
  assert.equal(all.statusCode, 200);
  assert.equal(all.headers['cache-control'], 'no-store');
  assert.equal(all.json().generatedAt, 5_000);
  assert.deepEqual(
    all.json().forecasts.map((f: { id: string }) => f.id),
    ['node-cpu-a', 'node-cpu-b', 'node-disk-a']
  );
  assert.equal(all.json().forecasts[0].forecast, undefined, 'summaries carry no series');

  const filtered = await app.inject({ url: '/api/forecasts?job=node-cpu&limit=1', headers: auth });
  assert.deepEqual(
    filtered.json().forecasts.map((f: { id: string }) => f.id),
    ['node-cpu-a']
  );
});

test('GET /api/forecasts/:id returns the detail or a 404 naming the id', async () => {
  const app = testApp({ forecasts: fakeForecastReader(details) });
  const found = await app.inject({ url: '/api/forecasts/node-disk-a', headers: auth });
  assert.equal(found.statusCode, 200);
  assert.deepEqual(found.json(), details[2]);

  const missing = await app.inject({ url: '/api/forecasts/no-such-id', headers: auth });
  assert.equal(missing.statusCode, 404);
  assert.deepEqual(missing.json(), { error: 'Not Found', message: 'forecast "no-such-id" not found', statusCode: 404 });
});

test('invalid query parameters are a 400 naming the field', async () => {
  const app = testApp();
  for (const [url, field] of [
    ['/api/forecasts?limit=abc', 'limit'],
    ['/api/forecasts?limit=0', 'limit'],
    ['/api/forecasts?job=', 'job'],
  ]) {
    const res = await app.inject({ url, headers: auth });
    assert.equal(res.statusCode, 400, url);
    const body = res.json();
    assert.equal(body.error, 'Bad Request');
    assert.equal(body.statusCode, 400);
    assert.match(body.message, new RegExp(`querystring/${field}`), url);
  }
});

test('an unexpected error is a 500 without internals, and logged', async () => {
  const reader = fakeForecastReader(details);
  reader.jobs = () => {
    throw new Error('database is locked at /var/lib/secret/path');
  };
  const logLines: string[] = [];
  const app = testApp({ forecasts: reader, logLines });
  const res = await app.inject({ url: '/api/jobs', headers: auth });
  assert.equal(res.statusCode, 500);
  assert.deepEqual(res.json(), { error: 'Internal Server Error', message: 'internal server error', statusCode: 500 });
  assert.doesNotMatch(res.body, /secret|stack/);
  assert.match(logLines.join(''), /database is locked/);
});

test('unknown routes are a JSON 404', async () => {
  const res = await testApp().inject({ url: '/nope?x=1' });
  assert.equal(res.statusCode, 404);
  assert.deepEqual(res.json(), { error: 'Not Found', message: 'no route GET /nope', statusCode: 404 });
});

test('GET /api/jobs, /api/capacity and /api/status serve the reader and source state', async () => {
  const capacity = [
    { nodepool: 'default', currentNodes: 3, currentPendingPods: 1, podsPerNode: 20, horizons: [], updatedAt: 9 },
  ];
  const source = fakeSourceHealth('ok');
  const app = testApp({ forecasts: fakeForecastReader(details, capacity), sourceHealth: source.get });
  const jobs = await app.inject({ url: '/api/jobs', headers: auth });
  assert.deepEqual(
    jobs.json().map((j: { name: string }) => j.name),
    ['node-cpu', 'node-disk']
  );
  assert.deepEqual((await app.inject({ url: '/api/capacity', headers: auth })).json(), capacity);
  const status = (await app.inject({ url: '/api/status', headers: auth })).json();
  assert.deepEqual(
    { ...status, jobs: status.jobs.length },
    { version: '1.2.3', mode: 'live', startedAt: 42, source: source.health, jobs: 2 }
  );
});

test('responses carry a request id, echoing a well-formed incoming one', async () => {
  const app = testApp();
  const echoed = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'grafana-abc.123' } });
  assert.equal(echoed.headers['x-request-id'], 'grafana-abc.123');
  const replaced = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'evil\nline' } });
  assert.match(String(replaced.headers['x-request-id']), /^[0-9a-f-]{36}$/);
});

test('extra routes are served, and under /api they need the token', async () => {
  const app = testApp({
    extraRoutes: (extra) => extra.get('/api/simulator/scenario', async () => ({ scenario: 'calm' })),
  });
  assert.equal((await app.inject({ url: '/api/simulator/scenario' })).statusCode, 401);
  assert.deepEqual((await app.inject({ url: '/api/simulator/scenario', headers: auth })).json(), { scenario: 'calm' });
});
