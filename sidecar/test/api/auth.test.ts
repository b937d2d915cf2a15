import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auth, testApp, TOKEN } from './fakes.ts';

const unauthorized = { error: 'Unauthorized', message: 'missing or invalid bearer token', statusCode: 401 };

test('/api routes reject a request without a token', async () => {
  const app = testApp();
  const res = await app.inject({ url: '/api/forecasts' });
  assert.equal(res.statusCode, 401);
  assert.deepEqual(res.json(), unauthorized);
  assert.match(String(res.headers['www-authenticate']), /^Bearer/);
});

test('/api routes reject a wrong token, another scheme, and a token prefix', async () => {
  const app = testApp();
  for (const authorization of [
    'Bearer wrong',
    `Basic ${TOKEN}`,
    `Bearer ${TOKEN.slice(0, -1)}`,
    `Bearer ${TOKEN}x`,
    'Bearer ',
  ]) {
    const res = await app.inject({ url: '/api/status', headers: { authorization } });
    assert.equal(res.statusCode, 401, authorization);
    assert.deepEqual(res.json(), unauthorized);
  }
});

test('/api routes accept the configured token', async () => {
  const app = testApp();
  for (const url of ['/api/forecasts', '/api/jobs', '/api/capacity', '/api/status', '/api/forecasts/node-cpu-a1']) {
    const res = await app.inject({ url, headers: auth });
    assert.equal(res.statusCode, 200, url);
  }
});

test('unknown /api routes need the token before they say 404', async () => {
  const app = testApp();
  assert.equal((await app.inject({ url: '/api/nope' })).statusCode, 401);
  assert.equal((await app.inject({ url: '/%61pi/nope' })).statusCode, 401);
  const res = await app.inject({ url: '/api/nope', headers: auth });
  assert.equal(res.statusCode, 404);
  assert.deepEqual(res.json(), { error: 'Not Found', message: 'no route GET /api/nope', statusCode: 404 });
});

test('probes, metrics and the API document need no token', async () => {
  const app = testApp();
  for (const url of ['/healthz', '/readyz', '/metrics', '/openapi.json']) {
    assert.equal((await app.inject({ url })).statusCode, 200, url);
  }
});

test('the bearer token never reaches the logs', async () => {
  const logLines: string[] = [];
  const app = testApp({
    logLines,
    extraRoutes: (extra) =>
      extra.get('/api/echo-headers', async (request) => {
        request.log.info({ headers: request.headers }, 'debug dump of headers');
        return {};
      }),
  });
  await app.inject({ url: '/api/echo-headers', headers: auth });
  await app.inject({ url: '/api/forecasts', headers: { authorization: 'Bearer not-the-token-but-secret' } });
  const logs = logLines.join('');
  assert.match(logs, /debug dump of headers/);
  assert.match(logs, /"reqId"/);
  assert.doesNotMatch(logs, new RegExp(TOKEN));
  assert.doesNotMatch(logs, /not-the-token-but-secret/);
});

test('an app without a token refuses to build', async () => {
  const { buildApp } = await import('../../src/api/index.ts');
  const { loadConfig } = await import('../../src/config/index.ts');
  const { Registry } = await import('prom-client');
  const { fakeForecastReader, fakeSourceHealth } = await import('./fakes.ts');
  const config = loadConfig({ env: {}, mode: 'demo' });
  assert.throws(
    () =>
      buildApp({
        config,
        forecasts: fakeForecastReader(),
        sourceHealth: fakeSourceHealth().get,
        mode: 'demo',
        version: '0',
        registry: new Registry(),
      }),
    /token is empty/
  );
});
