// The Anomalies page against the real sidecar in demo mode (simulated cluster, seed 42) through the plugin proxy
// stand-in: the ranked list, a series drilldown, the Outliers tab and a group drilldown.
import { AnomaliesPage, OutlierGroupPage, OutliersPage } from '../../pages/AnomaliesPage';
import { expect, test } from './fixtures';

test('the Anomalies tab lists the anomalous series with what happened', async ({ page, saveScreenshot }) => {
  const anomalies = new AnomaliesPage(page);
  await anomalies.goto();
  await expect(anomalies.heading).toBeVisible();
  await expect(anomalies.anomaliesTab).toBeVisible();
  await expect(anomalies.outliersTab).toBeVisible();
  await expect(anomalies.sidecarError).toHaveCount(0);
  // The simulator's checkout memory leak shows up as an anomaly of the workload-memory job.
  await expect(anomalies.seriesLinks.first()).toBeVisible();
  await expect(anomalies.table).toContainText('Workload memory');
  await expect(
    anomalies.table.getByText(/^(spike|dip|level shift|variance change|drift) (up|down), \d+\.\d× band, /).first()
  ).toBeVisible();
  await saveScreenshot('anomalies');
});

test('an anomaly drilldown shows the band chart, the events and the way back', async ({ page, saveScreenshot }) => {
  const anomalies = new AnomaliesPage(page);
  await anomalies.goto();
  const title = await anomalies.seriesLinks.first().innerText();
  const drilldown = await anomalies.openSeries(0);
  await expect(drilldown.heading).toBeVisible();
  await expect(drilldown.summary.getByRole('heading', { name: title })).toBeVisible();
  await expect(drilldown.chart).toBeVisible();
  for (const series of ['value', 'expected', 'lower', 'upper', 'anomaly', 'score', 'threshold']) {
    await expect(page.getByText(series, { exact: true }).first()).toBeVisible();
  }
  await expect(drilldown.eventsTable.locator('tbody tr').first()).toBeVisible();
  await saveScreenshot('anomaly-drilldown');

  await drilldown.breadcrumbToList.click();
  await expect(anomalies.table).toBeVisible();
});

test('the Outliers tab highlights the rogue members with their reasons', async ({ page, saveScreenshot }) => {
  const anomalies = new AnomaliesPage(page);
  await anomalies.goto();
  const outliers = await anomalies.openOutliers();
  await expect(page).toHaveURL(/\/a\/prophet-aiops-app\/anomalies\/outliers$/);
  await expect(outliers.groupsTable).toBeVisible();
  // Seed 42: a node of the default node pool with a fuller disk, checkout pods closer to their memory limit.
  const withOutliers = outliers.groupsWithOutliers;
  await expect(withOutliers.first()).toBeVisible();
  await expect(
    withOutliers
      .first()
      .getByText(/above the group|below the group/)
      .first()
  ).toBeVisible();
  await expect(outliers.groupsTable.getByText('too small').first()).toBeVisible();
  await saveScreenshot('outliers');

  const group = await outliers.openGroup(withOutliers.first());
  await expect(group.heading).toBeVisible();
  await expect(group.summary).toBeVisible();
  await expect(group.rogueRows.first()).toBeVisible();
  await expect(
    group.rogueRows
      .first()
      .getByText(/above the group|below the group/)
      .first()
  ).toBeVisible();
  await expect(group.normalRows.first()).toBeVisible();
  expect(await OutlierGroupPage.background(group.rogueRows.first())).not.toBe(
    await OutlierGroupPage.background(group.normalRows.first())
  );
  await saveScreenshot('outlier-group');
});

test('an unknown anomaly id shows the sidecar’s 404, not a blank page', async ({ page, consoleErrors }) => {
  consoleErrors.allow(/status of 404/);
  await page.goto('/a/prophet-aiops-app/anomalies/no-such-series');
  await expect(page.getByRole('alert').filter({ hasText: /404/ }).first()).toBeVisible();
});

test('the outliers URL opens the Outliers tab directly', async ({ page }) => {
  const outliers = new OutliersPage(page);
  await outliers.goto();
  await expect(outliers.groupLinks.first()).toBeVisible();
  await expect(new AnomaliesPage(page).outliersTab).toHaveAttribute('aria-selected', 'true');
});
