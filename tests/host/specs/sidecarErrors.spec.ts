// When the sidecar cannot be reached or refuses the token, every page says so plainly and links to the
// configuration — never a blank page.
import { CONFIG_URL } from '../../pages/appPaths';
import { ForecastsPage } from '../../pages/ForecastsPage';
import { OverviewPage } from '../../pages/OverviewPage';
import { expect, test } from './fixtures';

test('an unreachable sidecar shows a clear error on every page', async ({
  page,
  settings,
  consoleErrors,
  saveScreenshot,
}) => {
  consoleErrors.allow(/status of 502/);
  // Port 9 (discard) on loopback: nothing listens there.
  await settings.update({ jsonData: { sidecarUrl: 'http://127.0.0.1:9' } });
  const overview = new OverviewPage(page);
  await overview.goto();
  await expect(overview.sidecarError.first()).toContainText('Sidecar unreachable');
  await expect(page.getByRole('link', { name: /Check the sidecar URL and token/ }).first()).toHaveAttribute(
    'href',
    CONFIG_URL
  );
  await saveScreenshot('overview-sidecar-unreachable');

  const forecasts = new ForecastsPage(page);
  await forecasts.goto();
  await expect(page.getByRole('alert').filter({ hasText: 'Sidecar unreachable' }).first()).toBeVisible();
});

test('a wrong token shows that the sidecar refused the request', async ({ page, settings, consoleErrors }) => {
  consoleErrors.allow(/status of 401/);
  await settings.update({ secureJsonData: { sidecarToken: 'not-the-token' } });
  const overview = new OverviewPage(page);
  await overview.goto();
  await expect(overview.sidecarError.first()).toContainText('Sidecar refused the request');
});
