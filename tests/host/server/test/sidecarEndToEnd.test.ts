// Through the plugin proxy stand-in to the REAL sidecar app (buildApp with its test doubles for forecasts),
// configured with grafana.url = the stand-in's root URL: the sidecar's own X-Grafana-Id verification runs
// against the stand-in's published keys.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { testApp, TOKEN } from '../../../../sidecar/test/api/fakes.ts';
import { TEST_USERS } from '../index.ts';
import { json, PLUGIN_ID, startTestHost, type TestHost } from './helpers.ts';

const PROXY = `/api/plugin-proxy/${PLUGIN_ID}`;
const PLUGIN_JSON = fileURLToPath(new URL('../../../../src/plugin.json', import.meta.url));

let host: TestHost;
let sidecar: FastifyInstance;
before(async () => {
  // The host first: its URL is the issuer the sidecar must expect.
  host = await startTestHost({
    pluginJsonPath: PLUGIN_JSON,
    provisioned: (id) => ({
      [id]: { jsonData: { sidecarUrl: 'http://unset' }, secureJsonData: { sidecarToken: TOKEN } },
    }),
  });
  sidecar = testApp({ env: { PROPHET_GRAFANA_URL: host.url } });
  await sidecar.listen({ host: '127.0.0.1', port: 0 });
  const sidecarUrl = `http://127.0.0.1:${(sidecar.server.address() as AddressInfo).port}`;
  host.standIns.settings.update(PLUGIN_ID, { enabled: true, pinned: true, jsonData: { sidecarUrl } });
});
after(async () => {
  await host.close();
  await sidecar.close();
});

test('through the proxy the sidecar verifies the stand-in identity and whoami names the test user', async () => {
  for (const key of ['viewer', 'editor', 'admin'] as const) {
    const res = await host.as(key, `${PROXY}/api/whoami`);
    assert.equal(res.status, 200, await res.clone().text());
    const user = TEST_USERS[key];
    assert.deepEqual(await json(res), {
      authenticated: true,
      user: { uid: user.uid, login: user.login, email: user.email, name: user.name, role: user.orgRole, orgId: 1 },
    });
  }
  const forecasts = await host.as('viewer', `${PROXY}/api/forecasts?limit=1`);
  assert.equal(forecasts.status, 200);
  assert.equal((await json(forecasts)).forecasts.length, 1);
});

test('the sidecar rejects what the proxy did not sign: no header, or a header from another Grafana', async () => {
  const sidecarUrl = host.standIns.settings.get(PLUGIN_ID)?.jsonData?.sidecarUrl as string;
  const auth = { authorization: `Bearer ${TOKEN}` };
  const direct = await fetch(`${sidecarUrl}/api/whoami`, { headers: auth });
  assert.equal(direct.status, 401);
  assert.match((await json(direct)).message, /missing X-Grafana-Id/);

  const otherGrafana = await startTestHost({ provisioned: () => ({}) });
  try {
    const token = await otherGrafana.standIns.identity.signIdToken(TEST_USERS.admin);
    const forged = await fetch(`${sidecarUrl}/api/whoami`, { headers: { ...auth, 'x-grafana-id': token } });
    assert.equal(forged.status, 401);
    // Every Grafana names this month's key alike ("id-<yyyy-mm>-es256"): the kid matches, the signature does not.
    assert.match((await json(forged)).message, /bad signature/);
  } finally {
    await otherGrafana.close();
  }
});
