// Runs against a real Grafana with the plugin and a sidecar in demo mode (docker compose; GRAFANA_URL).
// Shares its page objects with the test-host specs (tests/host/specs), which run in CI.
import { test, expect } from './fixtures';
import { ForecastsPage } from '../pages/ForecastsPage';
import { OverviewPage } from '../pages/OverviewPage';

test.describe('navigating the app', () => {
  test('Overview shows the soonest predicted exhaustions', async ({ page }) => {
    const overview = new OverviewPage(page);
    await overview.goto();
    await expect(overview.heading).toBeVisible();
    await expect(overview.forecastsTable.getByRole('link').first()).toContainText('checkout');
    await expect(overview.sidecarError).toHaveCount(0);
  });

  test('Forecasts lists forecasts and opens a drilldown', async ({ page }) => {
    const list = new ForecastsPage(page);
    await list.goto();
    await expect(list.seriesLinks.first()).toBeVisible();
    const drilldown = await list.openSeries(0);
    await expect(drilldown.crossing).toBeVisible();
    await expect(drilldown.backtestTable.getByText('chosen')).toBeVisible();
  });
});
