// Runs against a real Grafana with the plugin and a sidecar in demo mode (docker compose; GRAFANA_URL).
// Shares its page objects with the test-host specs (tests/host/specs), which run in CI.
import { test, expect } from './fixtures';
import { AppConfigForm } from '../pages/AppConfigPage';

test('saves the sidecar settings', async ({ appConfigPage, page }) => {
  void appConfigPage;
  const form = new AppConfigForm(page);
  await form.sidecarUrl.fill('http://sidecar:8787');
  const saved = form.settingsSaved();
  await form.save.click();
  expect((await saved).ok()).toBe(true);
});

test('rejects a sidecar URL that is not http(s)', async ({ appConfigPage, page }) => {
  void appConfigPage;
  const form = new AppConfigForm(page);
  await form.sidecarUrl.fill('ftp://sidecar');
  await form.save.click();
  await expect(form.fieldError('Use an http:// or https:// URL, e.g. http://prophet-sidecar:8080')).toBeVisible();
});

test('tests the connection to the sidecar', async ({ appConfigPage, page }) => {
  void appConfigPage;
  const form = new AppConfigForm(page);
  await form.testConnection.click();
  await expect(page.getByText('Connected to the sidecar')).toBeVisible();
});
