// Every page the app adds to Grafana's navigation loads the production bundle, shows data from the sidecar
// (demo mode, simulated cluster) and logs no console errors.
import { NAV_PAGES } from '../../pages/appPaths';
import { FindingsPage } from '../../pages/FindingsPage';
import { ForecastsPage } from '../../pages/ForecastsPage';
import { OverviewPage } from '../../pages/OverviewPage';
import { SlosPage } from '../../pages/SlosPage';
import { expect, test } from './fixtures';

test('the nav lists the pages from plugin.json', async ({ page }) => {
  await page.goto(NAV_PAGES[0].url);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  for (const { name } of NAV_PAGES) {
    await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
  }
});

test('Overview shows the open incidents, soonest predicted exhaustions, capacity and sidecar health', async ({
  page,
  saveScreenshot,
}) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  await expect(overview.heading).toBeVisible();
  // The demo starts 2 h into its incident timeline: the checkout leak and the payments burn are open.
  const openIncidents = page.getByRole('table', { name: 'Open incidents', exact: true });
  await expect(openIncidents.getByRole('link')).toHaveCount(2);
  await expect(openIncidents.getByRole('link', { name: /shop\/checkout/ })).toHaveAttribute(
    'href',
    /\/a\/prophet-aiops-app\/findings\/incidents\/inc-[0-9a-f]+$/
  );
  // The simulator's leaking checkout pods are the soonest crossings (seed 42).
  await expect(overview.forecastsTable.getByRole('link').first()).toContainText('checkout');
  await expect(overview.capacityTable.getByRole('row', { name: /default/ })).toBeVisible();
  await expect(page.getByText('demo mode (simulated data)')).toBeVisible();
  await expect(overview.sidecarError).toHaveCount(0);
  await saveScreenshot('overview');
});

test('Forecasts lists every forecast series, soonest crossing first', async ({ page, saveScreenshot }) => {
  const forecasts = new ForecastsPage(page);
  await forecasts.goto();
  await expect(forecasts.heading).toBeVisible();
  await expect(forecasts.seriesLinks.first()).toContainText('checkout');
  expect(await forecasts.seriesLinks.count()).toBeGreaterThan(10);
  await saveScreenshot('forecasts');
});

test('moving between pages with the nav keeps the app mounted', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  await expect(overview.heading).toBeVisible();
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Forecasts' }).click();
  await expect(new ForecastsPage(page).heading).toBeVisible();
  await expect(page).toHaveURL(/\/a\/prophet-aiops-app\/forecasts/);
});

test('the SLOs nav entry opens the SLO list', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  await expect(overview.heading).toBeVisible();
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'SLOs' }).click();
  const slos = new SlosPage(page);
  await expect(slos.heading).toBeVisible();
  await expect(slos.sloLinks.first()).toBeVisible();
  await expect(page).toHaveURL(/\/a\/prophet-aiops-app\/slos/);
});

test('the Findings nav entry opens the incident list', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  await expect(overview.heading).toBeVisible();
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Findings' }).click();
  const findings = new FindingsPage(page);
  await expect(findings.heading).toBeVisible();
  await expect(findings.incidentLinks.first()).toBeVisible();
  await expect(page).toHaveURL(/\/a\/prophet-aiops-app\/findings/);
});
