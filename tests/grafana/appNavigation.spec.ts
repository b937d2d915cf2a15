// Runs against a real Grafana with the plugin and a sidecar in demo mode (docker compose; GRAFANA_URL).
import { test, expect } from './fixtures';
import { ROUTES } from '../src/constants';

test.describe('navigating the app', () => {
  test('Overview shows the soonest predicted exhaustions', async ({ gotoPage, page }) => {
    await gotoPage(`/${ROUTES.Overview}`);
    await expect(page.getByText(/Soonest/i).first()).toBeVisible();
  });

  test('Forecasts lists forecasts and opens a drilldown', async ({ gotoPage, page }) => {
    await gotoPage(`/${ROUTES.Forecasts}`);
    const firstSeries = page.locator(`a[href*="/${ROUTES.Forecasts}/"]`).first();
    await expect(firstSeries).toBeVisible();
    await firstSeries.click();
    await expect(page.getByText(/Backtest/i).first()).toBeVisible();
  });
});
