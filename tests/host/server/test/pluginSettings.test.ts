import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { provisionedAppsFromYaml } from '../index.ts';
import { json, PLUGIN_ID, SECRET, startTestHost, type TestHost } from './helpers.ts';

const SETTINGS = `/api/plugins/${PLUGIN_ID}/settings`;
const JSON_BODY = { 'content-type': 'application/json' };

let host: TestHost;
before(async () => {
  host = await startTestHost({
    provisioned: (id) => ({
      [id]: {
        jsonData: { sidecarUrl: 'http://sidecar:8787', prometheusDatasourceUid: 'prometheus' },
        secureJsonData: { sidecarToken: SECRET, emptySecret: '' },
      },
    }),
  });
});
after(() => host.close());

test('GET settings returns the plugin meta with jsonData and secureJsonFields, never the secrets', async () => {
  const res = await host.as('viewer', SETTINGS);
  assert.equal(res.status, 200);
  const meta = await json(res);
  assert.equal(meta.id, PLUGIN_ID);
  assert.equal(meta.type, 'app');
  assert.equal(meta.enabled, true);
  assert.equal(meta.pinned, true);
  assert.equal(meta.module, `public/plugins/${PLUGIN_ID}/module.js`);
  assert.equal(meta.baseUrl, `public/plugins/${PLUGIN_ID}`);
  assert.deepEqual(meta.jsonData, { sidecarUrl: 'http://sidecar:8787', prometheusDatasourceUid: 'prometheus' });
  assert.deepEqual(meta.secureJsonFields, { sidecarToken: true });
  assert.equal(meta.secureJsonData, undefined);
  assert.equal(meta.info.version, '1.0.0', 'create-plugin placeholders are filled in');
  assert.equal(meta.info.logos.small, `public/plugins/${PLUGIN_ID}/img/logo.svg`);
  assert.equal(meta.includes[0].path, `/a/${PLUGIN_ID}/overview`);
  assert.equal(meta.includes[0].role, 'Viewer');
  assert.equal(meta.defaultNavUrl, `/a/${PLUGIN_ID}/overview`);
  assert.equal(meta.routes, undefined, 'routes stay server side');
  assert.doesNotMatch(JSON.stringify(meta), new RegExp(SECRET));

  const missing = await host.as('admin', '/api/plugins/nope-app/settings');
  assert.equal(missing.status, 404);
  assert.deepEqual(await json(missing), { message: 'Plugin not found, no installed plugin with that id' });
});

test('POST settings by a Viewer or Editor is a 403 and changes nothing', async () => {
  for (const user of ['viewer', 'editor'] as const) {
    const res = await host.as(user, SETTINGS, {
      method: 'POST',
      headers: JSON_BODY,
      body: JSON.stringify({ enabled: true, pinned: true, jsonData: { sidecarUrl: 'http://evil' } }),
    });
    assert.equal(res.status, 403, user);
    const body = await json(res);
    assert.equal(body.title, 'Access denied');
    assert.match(body.message, /plugins:write/);
  }
  assert.equal(host.standIns.settings.get(PLUGIN_ID)?.jsonData?.sidecarUrl, 'http://sidecar:8787');
});

test('POST settings by an Admin replaces jsonData and merges secureJsonData', async (t) => {
  t.after(() => host.standIns.settings.reset());
  const res = await host.as('admin', SETTINGS, {
    method: 'POST',
    headers: JSON_BODY,
    body: JSON.stringify({
      enabled: true,
      pinned: false,
      jsonData: { sidecarUrl: 'http://new:8787' },
      secureJsonData: { otherSecret: 's2' },
    }),
  });
  assert.equal(res.status, 200);
  assert.deepEqual(await json(res), { message: 'Plugin settings updated' });
  const stored = host.standIns.settings.get(PLUGIN_ID);
  assert.deepEqual(stored?.jsonData, { sidecarUrl: 'http://new:8787' }, 'jsonData is replaced, not merged');
  assert.equal(stored?.secureJsonData.sidecarToken, SECRET, 'a secret not sent is kept');
  assert.equal(stored?.secureJsonData.otherSecret, 's2');
  const meta = await json(await host.as('viewer', SETTINGS));
  assert.deepEqual(meta.secureJsonFields, { sidecarToken: true, otherSecret: true });
  assert.equal(meta.pinned, false);

  await host.as('admin', SETTINGS, {
    method: 'POST',
    headers: JSON_BODY,
    body: JSON.stringify({ enabled: true, pinned: true, jsonData: {}, secureJsonData: { sidecarToken: 'rotated' } }),
  });
  assert.equal(host.standIns.settings.get(PLUGIN_ID)?.secureJsonData.sidecarToken, 'rotated', 'a secret sent replaces');

  // As in Grafana, enabled and pinned take what is sent: leaving them out disables the app.
  await host.as('admin', SETTINGS, { method: 'POST', headers: JSON_BODY, body: JSON.stringify({ jsonData: {} }) });
  assert.equal((await json(await host.as('admin', SETTINGS))).enabled, false);
});

test('POST settings with a malformed body is a 400; for an unknown plugin a 404', async () => {
  const bad = await host.as('admin', SETTINGS, {
    method: 'POST',
    headers: JSON_BODY,
    body: JSON.stringify({ enabled: 'yes' }),
  });
  assert.equal(bad.status, 400);
  assert.deepEqual(await json(bad), { message: 'bad request data' });
  const unknown = await host.as('admin', '/api/plugins/nope-app/settings', {
    method: 'POST',
    headers: JSON_BODY,
    body: '{}',
  });
  assert.equal(unknown.status, 404);
});

test('the repo provisioning file gives the settings, with environment variables expanded', () => {
  const file = fileURLToPath(new URL('../../../../provisioning/plugins/app.yaml', import.meta.url));
  const apps = provisionedAppsFromYaml(file, { PROPHET_TOKEN: 'from-env' });
  assert.deepEqual(apps[PLUGIN_ID], {
    enabled: true,
    jsonData: { sidecarUrl: 'http://sidecar:8787', prometheusDatasourceUid: 'prometheus' },
    secureJsonData: { sidecarToken: 'from-env' },
  });
});
