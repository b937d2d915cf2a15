// The Findings page against the real sidecar in demo mode: the demo starts 2 h into its incident timeline, so a
// checkout memory leak about to OOM-kill and a payments error-budget burn are open at once, with a K8sGPT finding
// about a payments pod failing readiness.
import type { Page } from '@playwright/test';
import { AnomalyDrilldownPage } from '../../pages/AnomaliesPage';
import { FindingsPage, IncidentPage } from '../../pages/FindingsPage';
import { ForecastDrilldownPage } from '../../pages/ForecastsPage';
import { expect, test } from './fixtures';

const CHECKOUT = 'ContainerMemoryLimitPredicted on Deployment shop/checkout';
const PAYMENTS = 'SLOErrorBudgetBurn on Deployment payments/api';

/**
 * The incidents gather anomalies and forecasts once the sidecar's first jobs have run and the incident's next
 * refresh (every minute) has seen them; a spec run first may come before that, so reload until it has.
 */
async function waitForEvidence(page: Page, incident: IncidentPage) {
  const forecast = incident.forecastsTable.getByRole('link').first();
  const anomaly = incident.anomaliesTable.getByRole('link').first();
  await expect(async () => {
    if (!(await forecast.isVisible()) || !(await anomaly.isVisible())) {
      await page.reload();
    }
    await expect(forecast).toBeVisible({ timeout: 5_000 });
    await expect(anomaly).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 100_000, intervals: [3_000] });
}

async function openCheckoutWithEvidence(page: Page): Promise<IncidentPage> {
  const findings = new FindingsPage(page);
  await findings.goto();
  const incident = await findings.openIncident(CHECKOUT);
  await expect(incident.summary).toBeVisible();
  await waitForEvidence(page, incident);
  return incident;
}

test('the list shows both demo incidents, open, with place, cause, next step and evidence', async ({
  page,
  saveScreenshot,
}) => {
  const findings = new FindingsPage(page);
  await findings.goto();
  await expect(findings.heading).toBeVisible();
  await expect(findings.sidecarError).toHaveCount(0);
  await expect(findings.incidentLinks).toHaveCount(2);
  expect(new Set(await findings.incidentLinks.allInnerTexts())).toEqual(new Set([CHECKOUT, PAYMENTS]));

  const checkout = findings.row(CHECKOUT);
  await expect(checkout.getByText('critical', { exact: true })).toBeVisible();
  await expect(checkout.getByText('open', { exact: true })).toBeVisible();
  await expect(checkout.getByText('shop / Deployment/checkout / 2 pods')).toBeVisible();
  await expect(checkout.getByText('memory of Deployment shop/checkout growing toward its limit')).toBeVisible();
  await expect(checkout.getByText(/^→ Restart Deployment shop\/checkout/)).toBeVisible();
  await expect(checkout.getByText('2 alerts firing')).toBeVisible();
  // Opened relative, with the wall-clock time on hover.
  await expect(checkout.getByText(/^\d+m ago$|^1h( \d+m)? ago$/).first()).toHaveAttribute(
    'title',
    /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/
  );
  await expect(findings.row(PAYMENTS).getByText('payments / Deployment/api')).toBeVisible();
  await saveScreenshot('findings');
});

test('the filters narrow the list and stay in the URL', async ({ page }) => {
  const findings = new FindingsPage(page);
  await findings.goto();
  await expect(findings.incidentLinks).toHaveCount(2);
  await findings.filter('Namespace', 'shop');
  await expect(findings.incidentLinks).toHaveText([CHECKOUT]);
  await expect(page).toHaveURL(/namespace=shop/);

  await findings.goto('?status=resolved');
  await expect(page.getByText('No incident matches these filters.')).toBeVisible();
  await findings.goto('?status=open&severity=critical&namespace=payments');
  await expect(findings.incidentLinks).toHaveText([PAYMENTS]);
});

test('the K8sGPT tab lists the payments finding with its severity rule and the simulated source', async ({
  page,
  saveScreenshot,
}) => {
  const findings = new FindingsPage(page);
  await findings.goto();
  await findings.k8sgptTab.click();
  await expect(page).toHaveURL(/\/findings\/k8sgpt/);
  await expect(findings.findingSource).toHaveText('simulated cluster (demo mode): ok');
  const row = findings.findingsTable.locator('tbody tr').filter({ hasText: 'api-' });
  await expect(row.first()).toBeVisible();
  await expect(row.first().getByText('payments', { exact: true })).toBeVisible();
  await expect(row.first().getByText('Pod', { exact: true })).toBeVisible();
  await expect(row.first().getByText(/Readiness probe failed/)).toBeVisible();
  await expect(row.first().locator('[title="Severity rule: probe-failing"]')).toBeVisible();
  await saveScreenshot('findings-k8sgpt');
});

test('the checkout incident explains the leak, suggests the restart and tells its story in time', async ({
  page,
  saveScreenshot,
}) => {
  test.setTimeout(150_000);
  const incident = await openCheckoutWithEvidence(page);
  await expect(incident.heading).toBeVisible();
  await expect(incident.summary.getByRole('heading', { name: CHECKOUT })).toBeVisible();
  await expect(incident.summary.getByText('shop / Deployment/checkout / 2 pods')).toBeVisible();

  await expect(incident.explanation).toContainText('Most likely cause: memory of Deployment shop/checkout');
  await expect(incident.explainerNote).toContainText('Built-in explanation');

  const [first] = await incident.suggestions.all();
  await expect(first).toContainText(/Restart Deployment shop\/checkout before its memory reaches the limit/);
  await expect(first.getByRole('meter', { name: 'Confidence' })).toBeVisible();
  await expect(first.getByText('kubectl -n shop rollout restart deployment/checkout')).toBeVisible();

  await expect(incident.timelineEntries('alert')).toHaveCount(2);
  await expect(incident.timelineEntries('anomaly').first()).toBeVisible();
  await expect(incident.timelineEntries('suggestion')).toHaveCount(1);
  // The crossings still to come are after the "now" mark, marked predicted.
  await expect(incident.timeline.getByLabel('now')).toBeVisible();
  await expect(incident.timelineEntries('forecast').first()).toContainText('predicted');

  await expect(incident.alerts).toHaveCount(2);
  const source = incident.alerts.first().getByRole('link', { name: /Open the alert's source/ });
  await expect(source).toHaveAttribute('href', /^http:\/\/prometheus\.simulated:9090\/graph\?/);
  await expect(source).toHaveAttribute('target', '_blank');
  await expect(incident.forecastsTable.getByText('above 1.00 GiB', { exact: true }).first()).toBeVisible();
  await expect(incident.forecastsTable.getByText(/^in \d+m$|^in 1h( \d+m)?$/).first()).toBeVisible();
  await saveScreenshot('incident');

  await incident.breadcrumbToList.click();
  await expect(new FindingsPage(page).incidentsTable).toBeVisible();
});

test("an incident's evidence links open the Forecasts and Anomalies drilldowns", async ({ page }) => {
  test.setTimeout(150_000);
  const incident = await openCheckoutWithEvidence(page);
  const forecastLink = incident.forecastsTable.getByRole('link').first();
  const forecastId = (await forecastLink.getAttribute('href'))!.split('/').pop()!;
  await forecastLink.click();
  await expect(new ForecastDrilldownPage(page).heading).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/forecasts/${forecastId}(\\?|$)`));

  await page.goBack();
  await waitForEvidence(page, incident);
  // The explanation's chip for the anomaly leads to the same drilldown as the evidence table.
  const chip = incident.explanation.locator('a[data-evidence="anomaly"]').first();
  const anomalyHref = await chip.getAttribute('href');
  expect(anomalyHref).toMatch(/^\/a\/prophet-aiops-app\/anomalies\/workload-memory-/);
  await chip.click();
  await expect(new AnomalyDrilldownPage(page).heading).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`${anomalyHref}(\\?|$)`));
});

test('the payments incident shows its K8sGPT finding and event, and its chips jump to them', async ({ page }) => {
  const findings = new FindingsPage(page);
  await findings.goto();
  const incident = await findings.openIncident(PAYMENTS);
  const card = page.getByRole('article', { name: /K8sGPT finding Pod payments\/api-/ });
  await expect(card).toContainText('Readiness probe failed');
  await expect(incident.eventsTable.getByText('Unhealthy', { exact: true })).toBeVisible();
  await incident.explanation.locator('a[data-evidence="finding"]').first().click();
  await expect(card).toBeFocused();
  await expect(page).toHaveURL(/\/findings\/incidents\/inc-[0-9a-f]+$/);
});

test('an unknown incident id says it is not found and links back to the list', async ({ page, consoleErrors }) => {
  consoleErrors.allow(/status of 404/);
  const incident = new IncidentPage(page);
  await incident.goto('inc-000000000000');
  await expect(incident.notFound).toBeVisible();
  await expect(incident.timeline).toHaveCount(0);
  await page.getByRole('link', { name: 'Back to all incidents' }).click();
  await expect(new FindingsPage(page).incidentsTable).toBeVisible();
});
