import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { matchRoute, proxyTargetOf, renderTemplate, joinUrlFragments, type PluginRoute } from '../index.ts';
import { echoUpstream, json, PLUGIN_ID, SECRET, startTestHost, type EchoUpstream, type TestHost } from './helpers.ts';

const PROXY = `/api/plugin-proxy/${PLUGIN_ID}`;

let upstream: EchoUpstream;
let host: TestHost;
before(async () => {
  upstream = await echoUpstream();
  host = await startTestHost({
    provisioned: (id) => ({
      [id]: {
        jsonData: { sidecarUrl: upstream.url, prometheusDatasourceUid: 'prom-1' },
        secureJsonData: { sidecarToken: SECRET },
      },
    }),
  });
});
after(async () => {
  await host.close();
  await upstream.close();
});

const lastReceived = () => upstream.received.at(-1);

test('proxy paths are cleaned like Grafana getProxyPath, keeping the query apart', () => {
  assert.deepEqual(proxyTargetOf(`${PROXY}/api/forecasts/?job=a&limit=2`), {
    pluginId: PLUGIN_ID,
    proxyPath: '/api/forecasts',
    query: 'job=a&limit=2',
  });
  assert.equal(proxyTargetOf(`${PROXY}/api/x/../forecasts`)?.proxyPath, '/api/forecasts');
  assert.equal(proxyTargetOf(PROXY)?.proxyPath, '/');
  assert.equal(proxyTargetOf('/api/plugins/x/settings'), undefined);
});

test('the first route matching method and path wins; "*" needs at least one segment', () => {
  const routes: PluginRoute[] = [
    { path: 'api/approvals/*', method: 'POST', url: 'a' },
    { path: 'api/items/:id', url: 'b' },
    { path: 'api/*', url: 'c' },
  ];
  assert.equal(matchRoute(routes, 'POST', '/api/approvals/7')?.route.url, 'a');
  assert.deepEqual(matchRoute(routes, 'GET', '/api/approvals/7'), { route: routes[2], remainder: 'approvals/7' });
  assert.deepEqual(matchRoute(routes, 'GET', '/api/items/3'), { route: routes[1], remainder: '' });
  assert.equal(matchRoute(routes, 'GET', '/api/items/3/more')?.route.url, 'c');
  assert.equal(matchRoute(routes, 'GET', '/api'), undefined);
  assert.equal(matchRoute(routes, 'GET', '/other/api/x'), undefined);
  // The remainder is URL-decoded, as macaron's tree hands it to the proxy.
  assert.equal(matchRoute(routes, 'GET', '/api/forecasts/a%20b%2Fc')?.remainder, 'forecasts/a b/c');
  // Methods compare exactly: a lower-case method in plugin.json never matches.
  assert.equal(matchRoute([{ path: 'x', method: 'get' }], 'GET', '/x'), undefined);
});

test('templates render JsonData and SecureJsonData like Go text/template over the settings maps', () => {
  const data = { JsonData: { url: 'http://s:1', n: 3 }, SecureJsonData: { token: 't0k' } };
  assert.equal(renderTemplate('{{ .JsonData.url }}/api', data), 'http://s:1/api');
  assert.equal(renderTemplate('Bearer {{.SecureJsonData.token}} {{ .JsonData.n }}', data), 'Bearer t0k 3');
  assert.equal(renderTemplate('[{{ .JsonData.missing }}][{{ .SecureJsonData.missing }}]', data), '[<no value>][]');
  assert.throws(() => renderTemplate('{{ .Something }}', data), /unsupported template action/);
  assert.equal(joinUrlFragments('/api', 'forecasts'), '/api/forecasts');
  assert.equal(joinUrlFragments('/api/', '/forecasts'), '/api/forecasts');
  assert.equal(joinUrlFragments('/healthz', ''), '/healthz');
});

test('a matched route forwards method, remainder, query and body to the rendered url', async () => {
  const get = await host.as('viewer', `${PROXY}/api/forecasts/node-cpu-a1?job=node-cpu&limit=2`);
  assert.equal(get.status, 200);
  assert.deepEqual(await json(get), { method: 'GET', url: '/api/forecasts/node-cpu-a1?job=node-cpu&limit=2' });

  const post = await host.as('editor', `${PROXY}/api/approvals/42`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ approve: true }),
  });
  assert.equal(post.status, 200);
  assert.equal(lastReceived()?.url, '/api/approvals/42');
  assert.equal(lastReceived()?.body, '{"approve":true}');

  const health = await host.as('viewer', `${PROXY}/health`);
  assert.equal(health.status, 200);
  assert.equal(lastReceived()?.url, '/healthz', 'a route without "*" appends nothing');

  const teapot = await host.as('viewer', `${PROXY}/api/teapot`);
  assert.equal(teapot.status, 418, 'upstream status passes through');
});

test('reqRole is enforced for the first matching route; later routes are not tried', async () => {
  const before = upstream.received.length;
  const denied = await host.as('viewer', `${PROXY}/api/approvals/42`, { method: 'POST', body: '{}' });
  assert.equal(denied.status, 403);
  assert.deepEqual(await json(denied), { message: 'plugin proxy route access denied' });
  assert.equal(upstream.received.length, before, 'api/* (Viewer) was not tried');

  for (const [user, status] of [
    ['viewer', 403],
    ['editor', 403],
    ['admin', 200],
  ] as const) {
    const res = await host.as(user, `${PROXY}/api/admin/users`);
    assert.equal(res.status, status, user);
  }
  assert.equal((await host.as('admin', `${PROXY}/api/approvals/1`, { method: 'POST', body: '{}' })).status, 200);
});

test('no matching route or plugin is a JSON 404', async () => {
  const none = await host.as('admin', `${PROXY}/nothing/here`);
  assert.equal(none.status, 404);
  assert.deepEqual(await json(none), { message: 'plugin route match not found' });
  const bare = await host.as('admin', PROXY);
  assert.equal(bare.status, 404);
  const unknown = await host.as('admin', '/api/plugin-proxy/other-app/api/x');
  assert.deepEqual(await json(unknown), { message: 'Plugin not found, no installed plugin with that id' });
});

test('route headers are injected; cookies, the browser Authorization and forged identity headers are not forwarded', async () => {
  const res = await host.as('viewer', `${PROXY}/api/status`, {
    headers: {
      cookie: 'grafana_test_user=viewer; grafana_session=abc',
      authorization: 'Basic dXNlcjpwYXNz',
      'x-grafana-id': 'forged',
      'x-grafana-user': 'admin',
      referer: 'http://host/a/prophet-aiops-app/overview',
    },
  });
  assert.equal(res.status, 200);
  const headers = lastReceived()?.headers ?? {};
  assert.equal(headers.authorization, `Bearer ${SECRET}`);
  assert.equal(headers['x-prometheus-uid'], 'prom-1');
  assert.equal(headers.cookie, undefined);
  assert.equal(headers['x-grafana-user'], undefined);
  assert.equal(headers.referer, undefined);
  assert.equal(headers['x-grafana-referer'], 'http://host/a/prophet-aiops-app/overview');
  assert.equal(headers['x-forwarded-for'], '127.0.0.1');
  assert.notEqual(headers['x-grafana-id'], 'forged');
  // The response comes back without the upstream's cookie and sandboxed, as Grafana's proxy sends it.
  assert.equal(res.headers.get('set-cookie'), null);
  assert.equal(res.headers.get('content-security-policy'), 'sandbox');
  assert.equal(res.headers.get('x-upstream'), 'yes');
});

test('X-Grafana-Id is a token for the signed-in user that verifies against /api/signing-keys/keys', async () => {
  const keys = await json(await fetch(`${host.url}/api/signing-keys/keys`));
  assert.deepEqual(Object.keys(keys.keys[0]), ['use', 'kty', 'kid', 'crv', 'alg', 'x', 'y']);
  for (const [user, role] of [
    ['viewer', 'Viewer'],
    ['editor', 'Editor'],
    ['admin', 'Admin'],
  ] as const) {
    await host.as(user, `${PROXY}/api/status`);
    const token = String(lastReceived()?.headers['x-grafana-id']);
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(keys), {
      issuer: `${host.url}/`,
      audience: 'org:1',
      algorithms: ['ES256'],
    });
    assert.equal(protectedHeader.typ, 'jwt');
    assert.equal(payload.sub, `user:test-${user}-uid`);
    assert.equal(payload.username, user);
    assert.equal(payload.role, role);
    assert.equal(payload.aud, 'org:1', 'a single audience is a string, as go-jose writes it');
    assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 600);
  }
});

test('the secret never reaches the browser', async () => {
  const responses = [
    await host.as('admin', `${PROXY}/api/status`),
    await host.as('admin', `/api/plugins/${PLUGIN_ID}/settings`),
    await host.as('admin', '/api/user'),
  ];
  for (const res of responses) {
    const text = `${JSON.stringify([...res.headers])}${await res.text()}`;
    assert.doesNotMatch(text, new RegExp(SECRET));
  }
});

test('an unreachable upstream is a 502 with an empty body, like Grafana', async () => {
  const down = await echoUpstream();
  await down.close();
  const settings = host.standIns.settings.get(PLUGIN_ID);
  host.standIns.settings.update(PLUGIN_ID, { ...settings, jsonData: { ...settings?.jsonData, sidecarUrl: down.url } });
  try {
    const res = await host.as('viewer', `${PROXY}/api/status`);
    assert.equal(res.status, 502);
    assert.equal(await res.text(), '');
  } finally {
    host.standIns.settings.reset();
  }
  assert.equal((await host.as('viewer', `${PROXY}/api/status`)).status, 200);
});

test('an unknown test user cookie is a 400, not a silent admin', async () => {
  const res = await fetch(`${host.url}${PROXY}/api/status`, { headers: { cookie: 'grafana_test_user=root' } });
  assert.equal(res.status, 400);
  assert.match((await json(res)).message, /unknown test user "root"/);
});

test('GET /api/user is the signed-in user as Grafana returns it', async () => {
  const user = await json(await host.as('editor', '/api/user'));
  assert.equal(user.login, 'editor');
  assert.equal(user.uid, 'test-editor-uid');
  assert.equal(user.orgId, 1);
  assert.equal(user.isGrafanaAdmin, false);
  assert.equal((await json(await host.as('admin', '/api/user'))).isGrafanaAdmin, true);
});
