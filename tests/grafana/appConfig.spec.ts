// Runs against a real Grafana with the plugin and a sidecar in demo mode (docker compose; GRAFANA_URL).
import { test, expect } from './fixtures';

test('saves the sidecar settings', async ({ appConfigPage, page }) => {
  await page.getByRole('textbox', { name: 'Sidecar URL' }).fill('http://sidecar:8787');
  const saveResponse = appConfigPage.waitForSettingsResponse();
  await page.getByRole('button', { name: /Save settings/i }).click();
  await expect(saveResponse).toBeOK();
});

test('rejects a sidecar URL that is not http(s)', async ({ appConfigPage, page }) => {
  void appConfigPage;
  await page.getByRole('textbox', { name: 'Sidecar URL' }).fill('ftp://sidecar');
  await page.getByRole('button', { name: /Save settings/i }).click();
  await expect(page.getByText(/http/i).first()).toBeVisible();
});

test('tests the connection to the sidecar', async ({ appConfigPage, page }) => {
  void appConfigPage;
  await page.getByRole('button', { name: /Test connection/i }).click();
  await expect(page.getByText(/demo|live/i).first()).toBeVisible();
});
