// Page objects for the Anomalies page (tabs Anomalies and Outliers) and its drilldowns, shared by host and
// plugin-e2e specs.
import type { Locator, Page } from '@playwright/test';
import { appUrl } from './appPaths';

export class AnomaliesPage {
  readonly heading: Locator;
  readonly anomaliesTab: Locator;
  readonly outliersTab: Locator;
  readonly table: Locator;
  /** The series title links, one per listed series (the Forecast links are in another column). */
  readonly seriesLinks: Locator;
  readonly nothingAnomalous: Locator;
  readonly sidecarError: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Anomalies', exact: true });
    this.anomaliesTab = page.getByRole('tab', { name: 'Anomalies' });
    this.outliersTab = page.getByRole('tab', { name: 'Outliers' });
    this.table = page.getByRole('table', { name: 'Anomalies' });
    this.seriesLinks = this.table.locator('tbody tr td:first-child a');
    this.nothingAnomalous = page.getByText('Nothing anomalous', { exact: true });
    this.sidecarError = page.getByRole('alert').filter({ hasText: /Sidecar/ });
  }

  async goto() {
    await this.page.goto(appUrl('anomalies'));
  }

  async openSeries(index = 0): Promise<AnomalyDrilldownPage> {
    await this.seriesLinks.nth(index).click();
    return new AnomalyDrilldownPage(this.page);
  }

  async openOutliers(): Promise<OutliersPage> {
    await this.outliersTab.click();
    return new OutliersPage(this.page);
  }
}

export class AnomalyDrilldownPage {
  readonly heading: Locator;
  readonly summary: Locator;
  readonly chart: Locator;
  readonly eventsTable: Locator;
  readonly forecastLink: Locator;
  readonly breadcrumbToList: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Anomaly', exact: true });
    this.summary = page.getByTestId('anomaly-summary');
    // uPlot draws the series on a canvas inside the panel.
    this.chart = page.locator('.u-wrap canvas').first();
    this.eventsTable = page.getByRole('table', { name: 'Anomaly events' });
    this.forecastLink = page.getByRole('link', { name: 'Forecast of this series' });
    this.breadcrumbToList = page
      .getByRole('navigation', { name: 'Breadcrumbs' })
      .getByRole('link', { name: 'Anomalies' });
  }

  async goto(id: string) {
    await this.page.goto(appUrl(`anomalies/${encodeURIComponent(id)}`));
  }
}

export class OutliersPage {
  readonly groupsTable: Locator;
  readonly groupLinks: Locator;
  /** Groups that have at least one rogue member (its id is shown as a badge with the reason under it). */
  readonly groupsWithOutliers: Locator;

  constructor(private readonly page: Page) {
    this.groupsTable = page.getByRole('table', { name: 'Outlier groups' });
    this.groupLinks = this.groupsTable.locator('tbody tr td:first-child a');
    this.groupsWithOutliers = this.groupsTable.locator('tbody tr').filter({ has: page.locator('li') });
  }

  async goto() {
    await this.page.goto(appUrl('anomalies/outliers'));
  }

  async openGroup(row: Locator): Promise<OutlierGroupPage> {
    await row.locator('td:first-child a').click();
    return new OutlierGroupPage(this.page);
  }
}

export class OutlierGroupPage {
  readonly heading: Locator;
  readonly summary: Locator;
  readonly membersTable: Locator;
  readonly rogueRows: Locator;
  readonly normalRows: Locator;

  constructor(page: Page) {
    this.heading = page.getByRole('heading', { name: 'Outlier group', exact: true });
    this.summary = page.getByTestId('outlier-group-summary');
    this.membersTable = page.getByRole('table', { name: 'Members' });
    const rows = this.membersTable.locator('tbody tr');
    this.rogueRows = rows.filter({ has: page.getByText('outlier', { exact: true }) });
    this.normalRows = rows.filter({ has: page.getByText('normal', { exact: true }) });
  }

  /** The row's computed background, to tell the highlighted rogue rows from the others. */
  static background(row: Locator): Promise<string> {
    return row.evaluate((el) => getComputedStyle(el).backgroundColor);
  }
}
