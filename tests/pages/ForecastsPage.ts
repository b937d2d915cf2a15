// Page objects for the Forecasts list and a forecast's drilldown, shared by host and plugin-e2e specs.
import type { Locator, Page } from '@playwright/test';
import { appUrl } from './appPaths';

export class ForecastsPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly seriesLinks: Locator;
  readonly jobFilter: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Forecasts', exact: true });
    this.table = page.getByRole('table', { name: 'Forecasts' });
    this.seriesLinks = this.table.getByRole('link');
    this.jobFilter = page.getByRole('combobox', { name: 'Job' });
  }

  async goto() {
    await this.page.goto(appUrl('forecasts'));
  }

  async filterByJob(jobTitle: string) {
    await this.jobFilter.click();
    await this.page.getByRole('option', { name: jobTitle }).click();
  }

  async openSeries(index = 0): Promise<ForecastDrilldownPage> {
    await this.seriesLinks.nth(index).click();
    return new ForecastDrilldownPage(this.page);
  }
}

export class ForecastDrilldownPage {
  readonly heading: Locator;
  readonly chart: Locator;
  readonly backtestTable: Locator;
  readonly crossing: Locator;
  readonly breadcrumbToList: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Forecast', exact: true });
    // uPlot draws the series on a canvas inside the panel.
    this.chart = page
      .getByTestId('data-testid Panel header Actual and forecast')
      .or(page.locator('.u-wrap canvas'))
      .first();
    this.backtestTable = page.getByRole('table', { name: 'Backtest' });
    this.crossing = page.getByText('Threshold crossing', { exact: true });
    this.breadcrumbToList = page
      .getByRole('navigation', { name: 'Breadcrumbs' })
      .getByRole('link', { name: 'Forecasts' });
  }

  async goto(id: string) {
    await this.page.goto(appUrl(`forecasts/${encodeURIComponent(id)}`));
  }
}
