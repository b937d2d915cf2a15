// The Remediations page against the real sidecar in demo mode: the checkout Deployment leaks memory, the predicted-OOM
// alert opens an incident, and the built-in policy restart-on-memory-leak proposes restarting it (approval required).
// A Viewer can read the proposal but not approve it (no buttons, and the plugin proxy's Editor-only POST route
// answers 403); an Editor approves it with a comment, watches it run and verify, and finds the decision with their
// login in the audit log and its export. The approvals panel plugin cannot be mounted here (the test host renders
// the app only); its Jest tests cover it.
import type { Page } from '@playwright/test';
import { SIDECAR_PROXY } from '../../pages/appPaths';
import { IncidentPage } from '../../pages/FindingsPage';
import { RemediationPage, RemediationsPage } from '../../pages/RemediationsPage';
import { expect, test } from './fixtures';

const RESTART = 'Restart Deployment shop/checkout';

/** The demo proposes the restart at start-up, once the alert has opened its incident; wait for it to be listed. */
async function openRestartProposal(page: Page): Promise<{ proposal: RemediationPage; id: string }> {
  const remediations = new RemediationsPage(page);
  await expect(async () => {
    await remediations.goto();
    await expect(remediations.row(RESTART)).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 60_000, intervals: [2_000] });
  const href = await remediations.row(RESTART).getByRole('link', { name: RESTART, exact: true }).getAttribute('href');
  const id = decodeURIComponent(href!.split('/').pop()!);
  const proposal = await remediations.openProposal(RESTART);
  await expect(proposal.header).toBeVisible();
  return { proposal, id };
}

test.describe('as a Viewer', () => {
  test.use({ role: 'viewer' });

  test('the proposal and its preview are readable, but there is nothing to approve with', async ({ page }) => {
    const { proposal } = await openRestartProposal(page);
    await expect(proposal.state()).toHaveText('proposed');
    await expect(proposal.diffLines('add').first()).toBeVisible();
    await expect(proposal.decisionHint).toHaveText('Approving needs the Editor role; you are signed in as a Viewer.');
    await expect(proposal.approveButton).toHaveCount(0);
    await expect(proposal.rejectButton).toHaveCount(0);
  });

  test("a Viewer's approval through the plugin proxy is refused by its Editor-only route", async ({ page }) => {
    const { id } = await openRestartProposal(page);
    const response = await page.request.post(`${SIDECAR_PROXY}/remediations/${encodeURIComponent(id)}/approve`, {
      data: { comment: 'a Viewer trying anyway' },
    });
    expect(response.status()).toBe(403);
    // The proxy's own answer: the request never reached the sidecar.
    expect((await response.json()).message).toBe('plugin proxy route access denied');
    const after = await page.request.get(`${SIDECAR_PROXY}/remediations/${encodeURIComponent(id)}`);
    expect((await after.json()).state).toBe('proposed');
  });
});

test.describe('as an Editor', () => {
  test.use({ role: 'editor' });

  test('the list shows the checkout restart waiting for approval, with its policy, trigger and countdown', async ({
    page,
    saveScreenshot,
  }) => {
    await openRestartProposal(page);
    const remediations = new RemediationsPage(page);
    await remediations.goto();
    await expect(remediations.heading).toBeVisible();
    await expect(remediations.sidecarError).toHaveCount(0);
    const row = remediations.row(RESTART);
    await expect(row.locator('[data-state]')).toHaveText('proposed');
    await expect(row.getByText('Deployment/shop/checkout')).toBeVisible();
    await expect(row.getByText('restart-on-memory-leak')).toBeVisible();
    await expect(row.getByText(/^ContainerMemoryLimitPredicted firing for shop\/checkout-/)).toBeVisible();
    await expect(row.getByText(/^expires in \d+m \d\ds$/)).toBeVisible();
    await expect(remediations.stateOption('proposed')).toBeVisible();

    await remediations.stateOption('proposed').click();
    await expect(page).toHaveURL(/[?&]state=proposed/);
    await expect(remediations.proposalsTable.locator('[data-state]').first()).toHaveText('proposed');
    await saveScreenshot('remediations');
  });

  test("the incident's restart suggestion links to the proposal", async ({ page }) => {
    const { id } = await openRestartProposal(page);
    await page.getByRole('link', { name: 'Open the incident' }).click();
    const incident = new IncidentPage(page);
    await expect(incident.summary).toBeVisible();
    const link = page.getByTestId('suggestion-proposal').getByRole('link', { name: 'Review and approve' });
    await expect(link).toHaveAttribute('href', new RegExp(`/remediations/${id}$`));
    await link.click();
    await expect(new RemediationPage(page).header).toContainText(RESTART);
  });

  test('an Editor previews, approves with a comment, sees it run and verify, and finds it in the audit log', async ({
    page,
    saveScreenshot,
  }) => {
    // The policy verifies over 3 minutes: the alert must stay resolved that long after the restart.
    test.setTimeout(6 * 60_000);
    const { proposal, id } = await openRestartProposal(page);
    await expect(proposal.previewSource).toHaveText('simulated cluster');
    await expect(proposal.diffLines('file').first()).toHaveText('--- a/Deployment/shop/checkout');
    await expect(proposal.diffLines('add').filter({ hasText: 'kubectl.kubernetes.io/restartedAt' })).toBeVisible();
    await expect(proposal.evidence.getByRole('link').first()).toBeVisible();
    await saveScreenshot('remediation-detail');

    const comment = 'leak confirmed by the forecast; restarting (host spec)';
    await proposal.comment.fill(comment);
    await proposal.approveButton.click();
    await expect(page.getByText(/^Approved: the sidecar runs the action now/)).toBeVisible();
    await expect(proposal.decision).toContainText('Eddie Editor (editor), Editor');
    await expect(proposal.decision).toContainText(comment);
    await expect(proposal.approveButton).toHaveCount(0);

    // It runs at once, then the page keeps looking while the verification window is open.
    await expect(proposal.state()).toHaveText(/^(executing|succeeded|verified)$/);
    await expect(proposal.steps.getByText('done').first()).toBeVisible();
    await expect(proposal.state()).toHaveText(/^(succeeded|verified)$/);
    await expect(proposal.verification).toBeVisible();
    await expect(proposal.state()).toHaveText('verified', { timeout: 5 * 60_000 });
    await expect(proposal.verification).not.toContainText('Clearednot yet');

    const remediations = new RemediationsPage(page);
    await page.getByRole('link', { name: 'Audit trail of this proposal' }).click();
    await expect(page).toHaveURL(new RegExp(`/remediations/audit\\?.*proposal=${id}`));
    const approved = remediations.auditRows('approved');
    await expect(approved).toHaveCount(1);
    await expect(approved).toContainText('Eddie Editor (editor), Editor');
    await expect(approved).toContainText(comment);
    for (const event of ['proposed', 'execution-started', 'succeeded', 'verified']) {
      await expect(remediations.auditRows(event)).toHaveCount(1);
    }
    await expect(remediations.auditChain).toHaveText(/^\s*Hash chain intact: \d+ entries$/);
    await saveScreenshot('remediation-audit');

    const [download] = await Promise.all([page.waitForEvent('download'), remediations.exportButton.click()]);
    const exported = JSON.parse(await streamText(await download.createReadStream()));
    expect(Array.isArray(exported)).toBe(true);
    expect(exported.every((e: { proposalId: string }) => e.proposalId === id)).toBe(true);
    expect(exported.find((e: { event: string }) => e.event === 'approved')).toMatchObject({
      actor: { type: 'user', login: 'editor', role: 'Editor' },
      comment,
    });
  });

  test('the Policies tab lists the built-in restart policy with its limits', async ({ page }) => {
    const remediations = new RemediationsPage(page);
    await remediations.gotoPolicies();
    const row = remediations.policiesTable.locator('tbody tr').filter({ hasText: 'restart-on-memory-leak' });
    await expect(row).toContainText('alert ContainerMemoryLimitPredicted');
    await expect(row).toContainText('if not verified: roll back');
    await expect(row).toContainText('never in kube-system');
    await expect(row).toContainText('verified over 3m');
  });
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}
