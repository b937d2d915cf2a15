// Page objects for the Remediations page (Proposals, Audit and Policies tabs) and one proposal, shared by host and
// plugin-e2e specs.
import type { Locator, Page } from '@playwright/test';
import { appUrl } from './appPaths';

export class RemediationsPage {
  readonly heading: Locator;
  readonly proposalsTab: Locator;
  readonly auditTab: Locator;
  readonly policiesTab: Locator;
  readonly proposalsTable: Locator;
  readonly stateFilter: Locator;
  readonly auditTable: Locator;
  readonly auditChain: Locator;
  readonly exportButton: Locator;
  readonly policiesTable: Locator;
  readonly sidecarError: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Remediations', exact: true });
    this.proposalsTab = page.getByRole('tab', { name: 'Proposals' });
    this.auditTab = page.getByRole('tab', { name: 'Audit' });
    this.policiesTab = page.getByRole('tab', { name: 'Policies' });
    this.proposalsTable = page.getByRole('table', { name: 'Remediation proposals' });
    this.stateFilter = page.getByRole('radiogroup', { name: 'Filter by state' });
    this.auditTable = page.getByRole('table', { name: 'Audit log' });
    this.auditChain = page.getByTestId('audit-chain');
    this.exportButton = page.getByRole('link', { name: 'Export JSON' });
    this.policiesTable = page.getByRole('table', { name: 'Remediation policies' });
    this.sidecarError = page.getByRole('alert').filter({ hasText: /Sidecar/ });
  }

  async goto(query = '') {
    await this.page.goto(appUrl(`remediations${query}`));
  }

  async gotoAudit(query = '') {
    await this.page.goto(appUrl(`remediations/audit${query}`));
  }

  async gotoPolicies() {
    await this.page.goto(appUrl('remediations/policies'));
  }

  /** The state filter's option of a state, named with its count ("proposed 2"). */
  stateOption(state: string): Locator {
    return this.stateFilter.getByRole('radio', { name: new RegExp(`^${state} \\d+$`) });
  }

  /** The list's row of a proposal, found by its title. */
  row(title: string | RegExp): Locator {
    return this.proposalsTable
      .locator('tbody tr')
      .filter({ has: this.page.getByRole('link', { name: title, exact: typeof title === 'string' }) });
  }

  async openProposal(title: string | RegExp): Promise<RemediationPage> {
    await this.row(title)
      .getByRole('link', { name: title, exact: typeof title === 'string' })
      .click();
    return new RemediationPage(this.page);
  }

  /** The audit rows of one event (proposed, approved, execution-started, …). */
  auditRows(event: string): Locator {
    return this.auditTable.locator(`tbody tr[data-event="${event}"]`);
  }
}

export class RemediationPage {
  readonly heading: Locator;
  readonly header: Locator;
  readonly diff: Locator;
  readonly previewSource: Locator;
  readonly evidence: Locator;
  readonly comment: Locator;
  readonly approveButton: Locator;
  readonly rejectButton: Locator;
  readonly decisionHint: Locator;
  readonly decision: Locator;
  readonly steps: Locator;
  readonly verification: Locator;
  readonly refusal: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Remediation', exact: true });
    this.header = page.getByTestId('proposal-header');
    this.diff = page.getByRole('figure', { name: 'Diff' });
    this.previewSource = page.getByTestId('preview-source');
    this.evidence = page.getByRole('list', { name: 'Evidence' });
    this.comment = page.getByRole('textbox', { name: 'Comment' });
    this.approveButton = page.getByRole('button', { name: 'Approve' });
    this.rejectButton = page.getByRole('button', { name: 'Reject' });
    this.decisionHint = page.getByTestId('decision-hint');
    this.decision = page.getByTestId('decision');
    this.steps = page.getByRole('table', { name: 'Execution steps' });
    this.verification = page.getByTestId('verification');
    this.refusal = page.getByRole('alert').filter({ hasText: /^Not (approved|rejected)/ });
  }

  async goto(id: string) {
    await this.page.goto(appUrl(`remediations/${encodeURIComponent(id)}`));
  }

  /** The state badge in the header ("proposed", "executing", …). */
  state(): Locator {
    return this.header.locator('[data-state]').first();
  }

  /** Diff lines of one kind: file, hunk, add, remove, context. */
  diffLines(kind: 'file' | 'hunk' | 'add' | 'remove' | 'context'): Locator {
    return this.diff.locator(`[data-diff="${kind}"]`);
  }
}
