// The plugin-proxy stand-in behaves like Grafana's: it injects the token from secureJsonData, forwards the
// signed-in user as an X-Grafana-Id token that the sidecar's real verification code checks, and never hands
// the secret to the browser.
import { PLUGIN_ID, SIDECAR_PROXY } from '../../pages/appPaths';
import { expect, HOST_SIDECAR_TOKEN, test, type TestRole } from './fixtures';

const roles: Array<[TestRole, string]> = [
  ['viewer', 'Viewer'],
  ['editor', 'Editor'],
  ['admin', 'Admin'],
];

for (const [role, grafanaRole] of roles) {
  test.describe(`as ${grafanaRole}`, () => {
    test.use({ role });

    test('the sidecar sees the signed-in Grafana user', async ({ page }) => {
      await page.goto('/');
      const response = await page.request.get(`${SIDECAR_PROXY}/whoami`);
      expect(response.status()).toBe(200);
      const body = await response.json();
      expect(body.authenticated).toBe(true);
      expect(body.user.login).toBe(role);
      expect(body.user.role).toBe(grafanaRole);
    });
  });
}

test('the settings API never returns the secret token', async ({ adminApi }) => {
  const response = await adminApi.get(`/api/plugins/${PLUGIN_ID}/settings`);
  expect(response.ok()).toBe(true);
  const text = await response.text();
  expect(text).not.toContain(HOST_SIDECAR_TOKEN);
  expect(JSON.parse(text).secureJsonFields).toEqual({ sidecarToken: true });
});

test('the sidecar refuses a caller with the token but no Grafana identity', async ({ playwright }) => {
  const sidecar = await playwright.request.newContext({
    baseURL: process.env.HOST_SIDECAR_URL ?? 'http://127.0.0.1:18787',
  });
  const response = await sidecar.get('/api/forecasts', { headers: { Authorization: `Bearer ${HOST_SIDECAR_TOKEN}` } });
  expect(response.status()).toBe(401);
  expect((await response.json()).message).toMatch(/X-Grafana-Id/i);
  await sidecar.dispose();
});
