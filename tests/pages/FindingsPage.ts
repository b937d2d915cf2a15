// Page objects for the Findings page (incidents and K8sGPT findings tabs) and one incident, shared by host and
// plugin-e2e specs.
import type { Locator, Page } from '@playwright/test';
import { appUrl } from './appPaths';

export class FindingsPage {
  readonly heading: Locator;
  readonly incidentsTab: Locator;
  readonly k8sgptTab: Locator;
  readonly incidentsTable: Locator;
  /** One title link per listed incident, in the list's order. */
  readonly incidentLinks: Locator;
  readonly findingsTable: Locator;
  readonly findingSource: Locator;
  readonly sidecarError: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Findings', exact: true });
    this.incidentsTab = page.getByRole('tab', { name: 'Incidents' });
    this.k8sgptTab = page.getByRole('tab', { name: 'K8sGPT findings' });
    this.incidentsTable = page.getByRole('table', { name: 'Incidents', exact: true });
    this.incidentLinks = this.incidentsTable.locator('tbody tr td:nth-child(2) > a');
    this.findingsTable = page.getByRole('table', { name: 'K8sGPT findings', exact: true });
    this.findingSource = page.getByText(/^(simulated cluster \(demo mode\)|Kubernetes API): /);
    this.sidecarError = page.getByRole('alert').filter({ hasText: /Sidecar/ });
  }

  async goto(query = '') {
    await this.page.goto(appUrl(`findings${query}`));
  }

  async gotoK8sgpt() {
    await this.page.goto(appUrl('findings/k8sgpt'));
  }

  /** The list's row of an incident, found by (part of) its title. */
  row(title: string | RegExp): Locator {
    return this.incidentsTable.locator('tbody tr').filter({ has: this.page.getByRole('link', { name: title }) });
  }

  async filter(label: 'Status' | 'Severity' | 'Namespace', option: string) {
    await this.page.getByRole('combobox', { name: label }).click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }

  async openIncident(title: string | RegExp): Promise<IncidentPage> {
    await this.incidentsTable.getByRole('link', { name: title }).click();
    return new IncidentPage(this.page);
  }
}

export class IncidentPage {
  readonly heading: Locator;
  readonly summary: Locator;
  readonly explanation: Locator;
  readonly explainerNote: Locator;
  readonly suggestions: Locator;
  readonly timeline: Locator;
  readonly alerts: Locator;
  readonly forecastsTable: Locator;
  readonly anomaliesTable: Locator;
  readonly eventsTable: Locator;
  readonly notFound: Locator;
  readonly breadcrumbToList: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Incident', exact: true });
    this.summary = page.getByTestId('incident-summary');
    this.explanation = page.getByTestId('incident-explanation');
    this.explainerNote = page.getByTestId('explainer-note');
    this.suggestions = page.getByRole('list', { name: 'Suggestions' }).locator(':scope > li');
    this.timeline = page.getByRole('list', { name: 'Timeline' });
    this.alerts = page.getByRole('region', { name: 'Alerts', exact: true }).getByRole('article');
    this.forecastsTable = page.getByRole('table', { name: 'Correlated forecasts' });
    this.anomaliesTable = page.getByRole('table', { name: 'Correlated anomalies' });
    this.eventsTable = page.getByRole('table', { name: 'Kubernetes events' });
    this.notFound = page.getByText('Incident not found', { exact: true });
    this.breadcrumbToList = page
      .getByRole('navigation', { name: 'Breadcrumbs' })
      .getByRole('link', { name: 'Findings' });
  }

  async goto(id: string) {
    await this.page.goto(appUrl(`findings/incidents/${encodeURIComponent(id)}`));
  }

  /** The timeline's entries of one type (alert, finding, anomaly, forecast, event, suggestion, resolved). */
  timelineEntries(type: string): Locator {
    return this.timeline.locator(`li[data-type="${type}"]`);
  }
}
