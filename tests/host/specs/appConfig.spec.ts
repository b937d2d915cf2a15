// The configuration page: shows the provisioned settings, rejects bad input with a visible message, saves
// through Grafana's settings API (Admin only), and tests the connection through the plugin proxy.
import { AppConfigForm } from '../../pages/AppConfigPage';
import { OverviewPage } from '../../pages/OverviewPage';
import { expect, HOST_SIDECAR_TOKEN, test } from './fixtures';

test('shows the provisioned sidecar URL and a configured token without revealing it', async ({
  page,
  saveScreenshot,
}) => {
  const form = new AppConfigForm(page);
  await form.goto();
  await expect(form.sidecarUrl).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+$/);
  await expect(form.tokenReset).toBeVisible();
  await expect(page.locator('body')).not.toContainText(HOST_SIDECAR_TOKEN);
  await saveScreenshot('configuration');
});

test('rejects a sidecar URL that is not http(s) and sends nothing', async ({ page }) => {
  const form = new AppConfigForm(page);
  await form.goto();
  const posts: string[] = [];
  page.on('request', (request) => request.method() === 'POST' && posts.push(request.url()));
  await form.sidecarUrl.fill('ftp://sidecar');
  await form.save.click();
  await expect(form.fieldError('Use an http:// or https:// URL, e.g. http://prophet-sidecar:8080')).toBeVisible();
  expect(posts).toEqual([]);
});

test('rejects an empty sidecar URL', async ({ page }) => {
  const form = new AppConfigForm(page);
  await form.goto();
  await form.sidecarUrl.fill('');
  await form.save.click();
  await expect(form.fieldError('The sidecar URL is required')).toBeVisible();
});

test('saves a new sidecar URL and the app uses it', async ({ page, settings }) => {
  const form = new AppConfigForm(page);
  await form.goto();
  const original = String((await settings.current()).jsonData.sidecarUrl);
  const sameSidecarOtherName = original.replace('127.0.0.1', 'localhost');
  await form.sidecarUrl.fill(sameSidecarOtherName);
  const saved = form.settingsSaved();
  await form.save.click();
  expect((await saved).ok()).toBe(true);
  // After the reload the form shows the stored value, and the token stayed configured.
  await expect(form.sidecarUrl).toHaveValue(sameSidecarOtherName);
  await expect(form.tokenReset).toBeVisible();
  expect((await settings.current()).jsonData.sidecarUrl).toBe(sameSidecarOtherName);
  const overview = new OverviewPage(page);
  await overview.goto();
  await expect(overview.forecastsTable.getByRole('link').first()).toBeVisible();
});

test('tests the connection through the plugin proxy', async ({ page }) => {
  const form = new AppConfigForm(page);
  await form.goto();
  await form.testConnection.click();
  await expect(page.getByText('Connected to the sidecar')).toBeVisible();
  await expect(page.getByText(/demo/).first()).toBeVisible();
});

test.describe('as a Viewer', () => {
  test.use({ role: 'viewer' });

  test('saving is refused with a visible message', async ({ page, consoleErrors }) => {
    consoleErrors.allow(/status of 403/);
    const form = new AppConfigForm(page);
    await form.goto();
    await form.sidecarUrl.fill('http://127.0.0.1:1');
    await form.save.click();
    await expect(page.getByText('Settings not saved')).toBeVisible();
  });
});
