// Runs against a real Grafana with the plugin and a sidecar (docker compose; GRAFANA_URL).
// Shares its page objects with the test-host specs (tests/host/specs/anomalies.spec.ts), which run in CI.
import { test, expect } from './fixtures';
import { AnomaliesPage, OutlierGroupPage } from '../pages/AnomaliesPage';

test.describe('the Anomalies page', () => {
  test('lists anomalous series or says nothing is anomalous, and opens a drilldown', async ({ page }) => {
    const anomalies = new AnomaliesPage(page);
    await anomalies.goto();
    await expect(anomalies.heading).toBeVisible();
    await expect(anomalies.sidecarError).toHaveCount(0);
    await expect(anomalies.table.or(anomalies.nothingAnomalous)).toBeVisible();
    if (await anomalies.table.isVisible()) {
      const drilldown = await anomalies.openSeries(0);
      await expect(drilldown.summary).toBeVisible();
      await expect(drilldown.chart).toBeVisible();
    }
  });

  test('the Outliers tab shows groups, and a group highlights its rogue members', async ({ page }) => {
    const anomalies = new AnomaliesPage(page);
    await anomalies.goto();
    const outliers = await anomalies.openOutliers();
    await expect(outliers.groupsTable).toBeVisible();
    if ((await outliers.groupsWithOutliers.count()) > 0) {
      const group = await outliers.openGroup(outliers.groupsWithOutliers.first());
      await expect(group.rogueRows.first()).toBeVisible();
      if ((await group.normalRows.count()) > 0) {
        expect(await OutlierGroupPage.background(group.rogueRows.first())).not.toBe(
          await OutlierGroupPage.background(group.normalRows.first())
        );
      }
    }
  });
});
