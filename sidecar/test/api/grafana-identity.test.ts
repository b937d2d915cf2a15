import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeGrafanaSigningKeys, type FakeGrafanaSigningKeys } from '../doubles/fake-grafana-signing-keys.ts';
import { auth, testApp, TOKEN } from './fakes.ts';

const editor = { uid: 'u-ed1', login: 'edna', email: 'edna@example.com', name: 'Edna Editor', role: 'Editor' as const };

let grafana: FakeGrafanaSigningKeys;
before(async () => {
  grafana = await fakeGrafanaSigningKeys();
});
after(() => grafana.close());

/** The app with grafana.url set to the fake Grafana (without the trailing slash its tokens' issuer has). */
const verifyingApp = (options: Parameters<typeof testApp>[0] = {}) =>
  testApp({ ...options, env: { PROPHET_GRAFANA_URL: grafana.url.replace(/\/$/, ''), ...options.env } });

const withId = (token: string) => ({ ...auth, 'x-grafana-id': token });

async function rejected(app: ReturnType<typeof testApp>, token: string | undefined, status = 401) {
  const res = await app.inject({ url: '/api/whoami', headers: token === undefined ? auth : withId(token) });
  assert.equal(res.statusCode, status, res.body);
  const body = res.json();
  assert.equal(body.statusCode, status);
  return body.message as string;
}

test('a valid X-Grafana-Id is accepted and /api/whoami returns the user it names', async () => {
  const app = verifyingApp();
  const token = await grafana.sign(editor);
  const res = await app.inject({ url: '/api/whoami', headers: withId(token) });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), {
    authenticated: true,
    user: { uid: 'u-ed1', login: 'edna', email: 'edna@example.com', name: 'Edna Editor', role: 'Editor', orgId: 1 },
  });
  assert.equal((await app.inject({ url: '/api/forecasts', headers: withId(token) })).statusCode, 200);
});

test('the issuer matches with or without a trailing slash on grafana.url', async () => {
  const app = testApp({ env: { PROPHET_GRAFANA_URL: grafana.url } });
  const res = await app.inject({ url: '/api/whoami', headers: withId(await grafana.sign(editor)) });
  assert.equal(res.statusCode, 200, res.body);
});

test('a missing header is a 401 naming the header', async () => {
  assert.match(await rejected(verifyingApp(), undefined), /missing X-Grafana-Id header/);
});

test('expired, wrong-audience, wrong-issuer and non-ID tokens are 401s saying why', async () => {
  const app = verifyingApp();
  assert.match(await rejected(app, await grafana.sign(editor, { expiresIn: -120 })), /token expired/);
  assert.match(
    await rejected(app, await grafana.sign(editor, { claims: { aud: 'org:2' } })),
    /wrong audience \(expected "org:1"\)/
  );
  assert.match(
    await rejected(app, await grafana.sign(editor, { claims: { iss: 'http://evil.example/' } })),
    /wrong issuer/
  );
  // Grafana's access tokens are signed with the same keys but typed "at+jwt": they are not an identity.
  assert.match(await rejected(app, await grafana.sign(editor, { typ: 'at+jwt' })), /not an ID token/);
  assert.match(await rejected(app, 'not.a.jwt'), /not a well-formed token/);
  assert.match(
    await rejected(app, await grafana.sign(editor, { claims: { sub: 'anonymous:0' } })),
    /not for a user or service account/
  );
});

test('a token signed with another key is a 401: bad signature', async () => {
  const app = verifyingApp();
  const forged = await grafana.sign(editor, { key: await grafana.otherKey() });
  assert.match(await rejected(app, forged), /bad signature/);
  const unknownKid = await grafana.sign(editor, { key: await grafana.otherKey(), kid: 'id-1999-01-es256' });
  assert.match(await rejected(app, unknownKid), /key Grafana does not publish/);
});

test('the bearer token is still checked first', async () => {
  const app = verifyingApp();
  const res = await app.inject({ url: '/api/whoami', headers: { 'x-grafana-id': await grafana.sign(editor) } });
  assert.equal(res.statusCode, 401);
  assert.equal(res.json().message, 'missing or invalid bearer token');
});

test('probes and metrics need no identity', async () => {
  const app = verifyingApp();
  for (const url of ['/healthz', '/metrics', '/openapi.json']) {
    assert.equal((await app.inject({ url })).statusCode, 200, url);
  }
});

test('unreachable signing keys are a 503 saying so, not a crash', async () => {
  const closedPort = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const app = testApp({ env: { PROPHET_GRAFANA_URL: `http://127.0.0.1:${closedPort}` } });
  const message = await rejected(app, await grafana.sign(editor), 503);
  assert.match(message, /signing keys at http:\/\/127\.0\.0\.1:\d+\/api\/signing-keys\/keys are unavailable/);
  // The app keeps serving.
  assert.equal((await app.inject({ url: '/healthz' })).statusCode, 200);
});

test('without grafana.url the header is ignored and whoami says identity is not verified', async () => {
  const app = testApp();
  const res = await app.inject({ url: '/api/whoami', headers: withId('garbage') });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), {
    authenticated: false,
    reason: 'Grafana identity is not verified: grafana.url (PROPHET_GRAFANA_URL) is not set',
  });
  assert.equal((await app.inject({ url: '/api/forecasts', headers: withId('garbage') })).statusCode, 200);
});

test('with requireIdentity false a request without the header passes, but a bad header is still rejected', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'prophet-identity-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'config.yaml');
  writeFileSync(file, `grafana: { url: ${JSON.stringify(grafana.url)}, requireIdentity: false }\n`);
  const app = testApp({ env: { PROPHET_CONFIG: file } });
  const anonymous = await app.inject({ url: '/api/whoami', headers: auth });
  assert.equal(anonymous.statusCode, 200);
  assert.equal(anonymous.json().authenticated, false);
  assert.match(anonymous.json().reason, /no X-Grafana-Id header/);
  assert.match(await rejected(app, await grafana.sign(editor, { expiresIn: -120 })), /expired/);
});

test('a token without a role claim (Grafana before 12) gives role None', async () => {
  const app = verifyingApp();
  const token = await grafana.sign(editor, { claims: { role: undefined } });
  const res = await app.inject({ url: '/api/whoami', headers: withId(token) });
  assert.equal(res.json().user.role, 'None');
});

test('the login is on the request log lines; the identity token never is', async () => {
  const logLines: string[] = [];
  const app = verifyingApp({
    logLines,
    extraRoutes: (extra) =>
      extra.get('/api/echo-headers', async (request) => {
        request.log.info({ headers: request.headers }, 'debug dump of headers');
        return {};
      }),
  });
  const token = await grafana.sign(editor);
  await app.inject({ url: '/api/echo-headers', headers: withId(token) });
  const lines = logLines.map((line) => JSON.parse(line));
  const completed = lines.find((l) => l.msg === 'request completed');
  assert.equal(completed?.login, 'edna');
  assert.equal(lines.find((l) => l.msg === 'debug dump of headers')?.login, 'edna');
  const logs = logLines.join('');
  assert.doesNotMatch(logs, new RegExp(token.split('.')[2].slice(0, 20)));
  assert.doesNotMatch(logs, new RegExp(TOKEN));
});

test('the key set is fetched once and cached across requests', async () => {
  const app = verifyingApp();
  const before = grafana.fetches;
  for (let i = 0; i < 3; i += 1) {
    const res = await app.inject({ url: '/api/whoami', headers: withId(await grafana.sign(editor)) });
    assert.equal(res.statusCode, 200);
  }
  assert.equal(grafana.fetches - before, 1);
});

test('/openapi.json documents /api/whoami and the X-Grafana-Id scheme', async () => {
  const doc = (await testApp().inject({ url: '/openapi.json' })).json();
  assert.deepEqual(doc.components.securitySchemes.grafanaId.name, 'X-Grafana-Id');
  const whoami = doc.paths['/api/whoami'].get;
  assert.deepEqual(whoami.security, [{ bearerAuth: [], grafanaId: [] }]);
  assert.ok(whoami.responses['200'].content['application/json'].schema.anyOf);
  assert.ok(whoami.responses['503']);
});
