// Page objects for the SLOs list and one SLO's detail, shared by host and plugin-e2e specs.
import type { Locator, Page } from '@playwright/test';
import { appUrl } from './appPaths';

export class SlosPage {
  readonly heading: Locator;
  readonly table: Locator;
  /** One title link per listed SLO, in the list's order. */
  readonly sloLinks: Locator;
  readonly serviceFilter: Locator;
  readonly alertFilter: Locator;
  readonly sidecarError: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'SLOs', exact: true });
    this.table = page.getByRole('table', { name: 'SLOs' });
    this.sloLinks = this.table.locator('tbody tr td:first-child a');
    this.serviceFilter = page.getByRole('combobox', { name: 'Service' });
    this.alertFilter = page.getByRole('combobox', { name: 'Alert' });
    this.sidecarError = page.getByRole('alert').filter({ hasText: /Sidecar/ });
  }

  async goto() {
    await this.page.goto(appUrl('slos'));
  }

  /** The list's row of an SLO, found by its title. */
  row(title: string): Locator {
    return this.table.locator('tbody tr').filter({ has: this.page.getByRole('link', { name: title, exact: true }) });
  }

  async filterByService(service: string) {
    await this.serviceFilter.click();
    await this.page.getByRole('option', { name: service, exact: true }).click();
  }

  async openSlo(index = 0): Promise<SloDetailPage> {
    await this.sloLinks.nth(index).click();
    return new SloDetailPage(this.page);
  }
}

export class SloDetailPage {
  readonly heading: Locator;
  readonly summary: Locator;
  readonly burnDownChart: Locator;
  readonly errorRatioChart: Locator;
  readonly burnRatesTable: Locator;
  readonly alertsTable: Locator;
  readonly rulesToggle: Locator;
  readonly rulesYaml: Locator;
  readonly copyRules: Locator;
  readonly notFound: Locator;
  readonly breadcrumbToList: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'SLO', exact: true });
    this.summary = page.getByTestId('slo-summary');
    // Each panel draws its series with uPlot on a canvas inside a region named by the panel's title.
    const panel = (title: string) => page.getByRole('region', { name: title, exact: true });
    this.burnDownChart = panel('Error budget burn-down').locator('.u-wrap canvas');
    this.errorRatioChart = panel('Error ratio').locator('.u-wrap canvas');
    this.burnRatesTable = page.getByRole('table', { name: 'Burn-rate windows' });
    this.alertsTable = page.getByRole('table', { name: 'Burn-rate alerts' });
    this.rulesToggle = page.getByRole('button', { name: /Prometheus rules/ });
    this.rulesYaml = page.getByLabel('Prometheus rules YAML');
    this.copyRules = page.getByRole('button', { name: /Copy rules/ });
    this.notFound = page.getByText('SLO not found', { exact: true });
    this.breadcrumbToList = page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('link', { name: 'SLOs' });
  }

  async goto(id: string) {
    await this.page.goto(appUrl(`slos/${encodeURIComponent(id)}`));
  }
}
