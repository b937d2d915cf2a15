// The SLOs page against the real sidecar in demo mode through the plugin proxy stand-in: the demo's two SLOs
// (payments-api availability, shop-frontend latency) on the simulated cluster, their detail and the 404.
import type { SloDetail } from '../../../src/api/types';
import { SloDetailPage, SlosPage } from '../../pages/SlosPage';
import { expect, test } from './fixtures';

const DEMO_SLOS = ['Payments API availability', 'Frontend latency under 0.5 s'];

test('the list shows each SLO with its budget, burn rates, alert state and exhaustion forecast', async ({
  page,
  saveScreenshot,
}) => {
  const slos = new SlosPage(page);
  await slos.goto();
  await expect(slos.heading).toBeVisible();
  await expect(slos.sidecarError).toHaveCount(0);
  await expect(slos.sloLinks).toHaveCount(2);
  expect(new Set(await slos.sloLinks.allInnerTexts())).toEqual(new Set(DEMO_SLOS));
  const payments = slos.row(DEMO_SLOS[0]);
  await expect(payments.getByText('99.8%', { exact: true })).toBeVisible();
  await expect(payments.getByText(/^\d+\.\d{3}%$/)).toBeVisible();
  await expect(payments.getByRole('meter', { name: 'Error budget remaining' })).toBeVisible();
  // 1h and 6h burn: "0.45×" below 10×, "14.8×" above.
  await expect(payments.getByText(/^\d+\.\d{1,2}×$/)).toHaveCount(2);
  await expect(payments.getByText(/^(page|ticket|none)$/)).toBeVisible();
  // The demo starts 2 h into its story, with payments' error burn under way: either the forecast sees the budget
  // run out ("in 2d 16h") or it lasts past the forecast span ("not within 30d"), depending on how far the burn is.
  await expect(payments.getByText(/^(in \d+[dhm]( \d+[hm])?|not within (29d 23h|30d))$/)).toBeVisible();
  await expect(payments.getByText('ok', { exact: true })).toBeVisible();
  await saveScreenshot('slos');
});

test('the service filter narrows the list', async ({ page }) => {
  const slos = new SlosPage(page);
  await slos.goto();
  await expect(slos.sloLinks).toHaveCount(2);
  await slos.filterByService('shop-frontend');
  await expect(slos.sloLinks).toHaveText([DEMO_SLOS[1]]);
  await expect(page).toHaveURL(/service=shop-frontend/);
});

test('an SLO detail shows the burn-down, burn-rate windows, alerts, error ratio and its rules', async ({
  page,
  saveScreenshot,
}) => {
  const slos = new SlosPage(page);
  await slos.goto();
  const title = await slos.sloLinks.first().innerText();
  const detail = await slos.openSlo(0);
  await expect(detail.heading).toBeVisible();
  await expect(detail.summary.getByRole('heading', { name: title })).toBeVisible();
  for (const stat of ['Error budget remaining', 'Budget exhaustion', 'Safe burn rate from now on']) {
    await expect(detail.summary.getByText(stat, { exact: true })).toBeVisible();
  }
  await expect(detail.burnDownChart.first()).toBeVisible();
  await expect(detail.errorRatioChart.first()).toBeVisible();
  for (const series of ['actual', 'forecast', 'lower', 'upper', 'error ratio', 'error budget']) {
    await expect(page.getByText(series, { exact: true }).first()).toBeVisible();
  }
  await expect(detail.burnRatesTable.locator('tbody tr')).toHaveCount(7);
  await expect(detail.alertsTable.locator('tbody tr')).toHaveCount(4);
  await expect(detail.alertsTable.getByText('1h and 5m')).toBeVisible();
  // The whole range of the burn-down: 30 days of history and the 30-day forecast.
  await expect(page).toHaveURL(/from=now-30d&to=now%2B30d|from=now-30d&to=now\+30d/);
  await saveScreenshot('slo-detail');

  await detail.rulesToggle.click();
  await expect(detail.rulesYaml).toContainText('alert: SLOErrorBudgetBurn');
  await expect(detail.rulesYaml).toContainText('record: slo:sli_error:ratio_rate5m');
  await expect(detail.copyRules).toBeVisible();
  await detail.rulesYaml.scrollIntoViewIfNeeded();
  await saveScreenshot('slo-detail-rules');

  await detail.breadcrumbToList.click();
  await expect(slos.table).toBeVisible();
});

const DAY = 86_400_000;

/**
 * The demo burns steadily below 1×, so its budgets never run out. This keeps a real answer's history and time
 * steps but makes its forecast run the budget out in 9 days (7 on the pessimistic edge, 12 on the optimistic one).
 */
function exhausting(detail: SloDetail): SloDetail {
  const last = detail.history[detail.history.length - 1];
  const start = last.budgetRemaining ?? 0.5;
  const line = (t: number, days: number) => start * (1 - (t - last.t) / (days * DAY));
  const forecastPath = detail.forecastPath.map(({ t }) => ({
    t,
    expected: line(t, 9),
    lower: line(t, 7),
    upper: line(t, 12),
  }));
  const end = forecastPath[forecastPath.length - 1];
  return {
    ...detail,
    forecastPath,
    forecast: {
      ...detail.forecast,
      outcome: 'exhausts',
      exhaustedAt: last.t + 9 * DAY,
      earliest: last.t + 7 * DAY,
      latest: last.t + 12 * DAY,
      budgetAtEnd: { expected: end.expected, lower: end.lower, upper: end.upper },
    },
    secondsToExhaustion: 9 * 86_400,
  };
}

test('an exhausting forecast draws its cone down to the exhaustion mark on the zero line', async ({
  page,
  saveScreenshot,
}) => {
  const id = 'payments-api-availability';
  await page.route(`**/api/slos/${id}`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: exhausting(await response.json()) });
  });
  const detail = new SloDetailPage(page);
  await detail.goto(id);
  await expect(detail.summary.getByText(/^in (8d 2[0-3]h|9d)$/)).toBeVisible();
  await expect(detail.summary.getByText(/earliest in (6d 2[0-3]h|7d), latest in (11d 2[0-3]h|12d)$/)).toBeVisible();
  await expect(detail.burnDownChart.first()).toBeVisible();
  for (const series of ['exhaustion', 'exhaustion range']) {
    await expect(page.getByText(series, { exact: true }).first()).toBeVisible();
  }
  await saveScreenshot('slo-detail-exhausting');
});

test('an unknown SLO id says it is not found and links back to the list', async ({ page, consoleErrors }) => {
  consoleErrors.allow(/status of 404/);
  const detail = new SloDetailPage(page);
  await detail.goto('no-such-slo');
  await expect(detail.notFound).toBeVisible();
  await expect(detail.burnRatesTable).toHaveCount(0);
  await page.getByRole('link', { name: 'Back to all SLOs' }).click();
  await expect(new SlosPage(page).table).toBeVisible();
});

test('an unreachable sidecar is named on the SLO list and detail, with nothing else drawn', async ({
  page,
  settings,
  consoleErrors,
}) => {
  consoleErrors.allow(/status of 502/);
  // Port 9 (discard) on loopback: nothing listens there.
  await settings.update({ jsonData: { sidecarUrl: 'http://127.0.0.1:9' } });
  const slos = new SlosPage(page);
  await slos.goto();
  await expect(slos.sidecarError.first()).toContainText('Sidecar unreachable');
  const detail = new SloDetailPage(page);
  await detail.goto('payments-api-availability');
  await expect(page.getByRole('alert').filter({ hasText: 'Sidecar unreachable' }).first()).toBeVisible();
  await expect(detail.burnDownChart).toHaveCount(0);
  await expect(detail.rulesToggle).toHaveCount(0);
});
