// Page object for the Overview page, shared by the test-host specs and the real-Grafana (plugin-e2e) specs.
import type { Locator, Page } from '@playwright/test';
import { appUrl } from './appPaths';

export class OverviewPage {
  readonly heading: Locator;
  readonly forecastsTable: Locator;
  readonly capacityTable: Locator;
  readonly sidecarError: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Overview', exact: true });
    this.forecastsTable = page.getByRole('table', { name: 'Forecasts' });
    this.capacityTable = page.getByRole('table', { name: 'Capacity predictions' });
    this.sidecarError = page.getByRole('alert').filter({ hasText: /Sidecar/ });
  }

  async goto() {
    await this.page.goto(appUrl('overview'));
  }

  /** The series names listed as predicted to cross a threshold, soonest first. */
  async soonestSeries(): Promise<string[]> {
    return this.forecastsTable.getByRole('link').allInnerTexts();
  }
}
