// The Forecasts drilldown and the job filter, against the real sidecar through the plugin proxy stand-in.
import { ForecastsPage } from '../../pages/ForecastsPage';
import { expect, test } from './fixtures';

test('a forecast drilldown shows the crossing, the chart and the backtest', async ({ page, saveScreenshot }) => {
  const list = new ForecastsPage(page);
  await list.goto();
  const title = await list.seriesLinks.first().innerText();
  const drilldown = await list.openSeries(0);
  await expect(drilldown.heading).toBeVisible();
  await expect(page.getByText(title, { exact: true })).toBeVisible();
  await expect(drilldown.crossing).toBeVisible();
  // The demo starts 2 h into its story: the leaking checkout pod crosses within minutes to hours.
  await expect(page.getByText(/^in \d+[hm]/).first()).toBeVisible();
  // The stand-in timeseries panel draws with uPlot from @grafana/ui: a canvas with the legend of all five series.
  await expect(page.locator('.u-wrap canvas').first()).toBeVisible();
  for (const series of ['actual', 'yhat', 'lower', 'upper', 'threshold']) {
    await expect(page.getByText(series, { exact: true }).first()).toBeVisible();
  }
  await expect(drilldown.backtestTable.getByText('chosen')).toBeVisible();
  await saveScreenshot('forecast-drilldown');

  await drilldown.breadcrumbToList.click();
  await expect(list.heading).toBeVisible();
});

test('the job filter narrows the list to one job', async ({ page }) => {
  const list = new ForecastsPage(page);
  await list.goto();
  await expect(list.seriesLinks.first()).toBeVisible();
  await list.filterByJob('node-cpu');
  const jobCells = list.table.locator('tbody tr td:nth-child(2)');
  await expect(jobCells.first()).toHaveText('node-cpu');
  expect(new Set(await jobCells.allInnerTexts())).toEqual(new Set(['node-cpu']));
});

test('an unknown forecast id shows the sidecar’s 404, not a blank page', async ({ page, consoleErrors }) => {
  consoleErrors.allow(/status of 404/);
  await page.goto('/a/prophet-aiops-app/forecasts/no-such-forecast');
  await expect(page.getByRole('alert').filter({ hasText: /404/ }).first()).toBeVisible();
});
