import React from 'react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { setBackendSrv } from '@grafana/runtime';
import type { GrafanaRole, RemediationProposal } from '../../api/types';
import { FakeAnswer, fail, ok, PROXY } from '../../test/fakeSidecarBackend';
import { decisionUrl, fakeRemediationBackend, whoamiAs } from './fakeRemediationBackend';
import { checkoutPreview, checkoutRestart, RESTART_ID, verifiedRestart } from './remediationFixtures';
import { buildRemediationDrilldownScene } from './remediationsPage';

const now = Date.now();
const PROPOSAL_URL = `${PROXY}/remediations/${RESTART_ID}`;
const EDITOR = { type: 'user' as const, login: 'editor', name: 'Eddie Editor', role: 'Editor' as const };

interface Setup {
  proposal?: FakeAnswer;
  role?: GrafanaRole;
  routes?: Record<string, FakeAnswer>;
}

function renderProposal({ proposal = ok(checkoutRestart(now)), role = 'Editor', routes = {} }: Setup = {}) {
  const fake = fakeRemediationBackend({
    [PROPOSAL_URL]: proposal,
    [`${PROPOSAL_URL}/preview`]: ok(checkoutPreview(now)),
    [`${PROXY}/remediations`]: ok({ generatedAt: now, dryRun: false, backend: 'simulator', counts: {}, proposals: [] }),
    [`${PROXY}/whoami`]: ok(whoamiAs(role)),
    ...routes,
  });
  setBackendSrv(fake.backend);
  const scene = buildRemediationDrilldownScene(RESTART_ID);
  render(<scene.Component model={scene} />);
  return fake;
}

const section = (name: string) => screen.getByRole('region', { name });
const approveButton = () => screen.findByRole('button', { name: 'Approve' });
const comment = () => screen.getByRole('textbox', { name: 'Comment' });

describe('Remediation page', () => {
  it('heads the page with state, action and target, policy, approval and expiry', async () => {
    renderProposal();
    const header = await screen.findByTestId('proposal-header');
    expect(
      within(header).getByRole('heading', {
        name: 'Restart Deployment shop/checkout before its pods run out of memory',
      })
    ).toBeInTheDocument();
    expect(within(header).getByText('proposed')).toBeInTheDocument();
    expect(within(header).getByText('Approval required')).toBeInTheDocument();
    expect(within(header).getByText('Rollout restart · Deployment/shop/checkout')).toBeInTheDocument();
    expect(within(header).getByText('restart-leaking-deployment')).toBeInTheDocument();
    expect(within(header).getByText(/^in 2[45]m \d\ds$/)).toBeInTheDocument();
    expect(within(header).getByRole('link', { name: 'Audit trail of this proposal' })).toHaveAttribute(
      'href',
      `/a/prophet-aiops-app/remediations/audit?proposal=${RESTART_ID}`
    );
  });

  it('previews the change: summary, source, blast radius, warnings and the diff with coloured lines', async () => {
    const fake = renderProposal();
    const diff = await screen.findByRole('figure', { name: 'Diff' });
    const preview = section('Preview');
    expect(within(preview).getByText(/^Restarts the 2 pods of Deployment shop\/checkout/)).toBeInTheDocument();
    expect(within(preview).getByTestId('preview-source')).toHaveTextContent('simulated cluster');
    expect(within(preview).getByLabelText('Blast radius')).toHaveTextContent(
      '2 pods restarted, deleted or evicted0 replicas changed'
    );
    expect(within(preview).getByText('2 replicas: capacity drops by half while a pod restarts')).toBeInTheDocument();
    const lines = Array.from(diff.querySelectorAll('[data-diff]')).map((l) => [
      l.getAttribute('data-diff'),
      l.textContent,
    ]);
    expect(lines.slice(0, 3)).toEqual([
      ['file', '--- a/Deployment/shop/checkout'],
      ['file', '+++ b/Deployment/shop/checkout'],
      ['hunk', '@@ -9,7 +9,9 @@'],
    ]);
    expect(lines.filter(([kind]) => kind === 'remove')).toEqual([['remove', '-      annotations: {}']]);
    expect(lines.filter(([kind]) => kind === 'add')).toEqual([
      ['add', '+      annotations:'],
      ['add', '+        kubectl.kubernetes.io/restartedAt: "2026-11-26T10:00:00.000Z"'],
    ]);
    // While it waits, the preview is fetched fresh (the sidecar recomputes a stale one).
    expect(fake.requests.map((r) => r.url)).toContain(`${PROPOSAL_URL}/preview`);
  });

  it('names the Kubernetes server-side dry-run as the source when the API server computed it', async () => {
    renderProposal({
      routes: { [`${PROPOSAL_URL}/preview`]: ok({ ...checkoutPreview(now), source: 'kubernetes-dry-run' }) },
    });
    expect(await screen.findByTestId('preview-source')).toHaveTextContent('Kubernetes server-side dry-run');
  });

  it('shows the evidence: the trigger and each piece linking to where it is shown', async () => {
    renderProposal();
    const evidence = within(await screen.findByRole('list', { name: 'Evidence' })).getAllByRole('link');
    expect(evidence.map((l) => [l.getAttribute('data-evidence'), l.getAttribute('href')])).toEqual([
      ['alert', '/a/prophet-aiops-app/findings/incidents/inc-af7c7136996d'],
      ['anomaly', '/a/prophet-aiops-app/anomalies/workload-memory-ff79d2273560'],
      ['forecast', '/a/prophet-aiops-app/forecasts/container-memory-f28b5f0aba27'],
    ]);
    expect(within(screen.getByTestId('trigger')).getByRole('link')).toHaveTextContent(
      'ContainerMemoryLimitPredicted firing for shop/checkout-7b7gb67g55-862k6'
    );
  });

  it('approves with the comment through the POST route, then fetches the proposal again', async () => {
    const fake = renderProposal();
    const approve = await approveButton();
    const approved = checkoutRestart(now, { state: 'approved', decision: { by: EDITOR, at: now, comment: 'go' } });
    fake.routes[decisionUrl(RESTART_ID, 'approve')] = ok({ changed: true, proposal: approved });
    fake.serveProposal({ ...approved, state: 'executing' });
    fireEvent.change(comment(), { target: { value: '  leak confirmed  ' } });
    fireEvent.click(approve);

    expect(await screen.findByText('Approved: the sidecar runs the action now, then verifies it.')).toBeInTheDocument();
    expect(fake.posts).toHaveLength(1);
    expect(fake.posts[0]).toMatchObject({
      url: `${PROPOSAL_URL}/approve`,
      method: 'POST',
      data: { comment: 'leak confirmed' },
      showErrorAlert: false,
    });
    // Fetched again after the decision: the page moves on to what the sidecar says now.
    expect(await within(await screen.findByTestId('proposal-header')).findByText('executing')).toBeInTheDocument();
    const gets = fake.requests.filter((r) => r.url === PROPOSAL_URL && r.method === 'GET');
    expect(gets).toHaveLength(2);
    expect(within(screen.getByTestId('decision')).getByText('Eddie Editor (editor), Editor')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  it('does not send a rejection without a comment', async () => {
    const fake = renderProposal();
    fake.routes[decisionUrl(RESTART_ID, 'reject')] = ok({
      changed: true,
      proposal: checkoutRestart(now, { state: 'rejected' }),
    });
    await approveButton();
    fireEvent.change(comment(), { target: { value: '   ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Reject' }));
    expect(await screen.findByText(/^Rejecting needs a comment/)).toBeInTheDocument();
    expect(fake.posts).toHaveLength(0);

    fireEvent.change(comment(), { target: { value: 'the leak is known, a fix ships today' } });
    fireEvent.click(screen.getByRole('button', { name: 'Reject' }));
    expect(await screen.findByText('Rejected: nothing will run.')).toBeInTheDocument();
    expect(fake.posts.map((p) => [p.url, p.data])).toEqual([
      [`${PROPOSAL_URL}/reject`, { comment: 'the leak is known, a fix ships today' }],
    ]);
  });

  it("shows the sidecar's refusal as it worded it", async () => {
    const fake = renderProposal();
    const message = 'role Viewer may not approve remediations: approving needs the Editor or Admin role';
    fake.routes[decisionUrl(RESTART_ID, 'approve')] = fail(403, { error: 'Forbidden', message, statusCode: 403 });
    fireEvent.click(await approveButton());
    const alert = await screen.findByRole('alert', { name: 'Not approved' });
    expect(alert).toHaveTextContent(`Sidecar error 403: ${message}`);
    // The buttons come back for another try.
    expect(screen.getByRole('button', { name: 'Approve' })).toBeEnabled();
  });

  it("explains Grafana's own refusal when the plugin proxy's Editor route turns the request away", async () => {
    const fake = renderProposal();
    fake.routes[decisionUrl(RESTART_ID, 'approve')] = fail(403, { message: 'plugin proxy route access denied' });
    fireEvent.click(await approveButton());
    expect(await screen.findByRole('alert', { name: 'Not approved' })).toHaveTextContent(
      'Grafana refused the request (403): approving and rejecting a remediation need the Editor role'
    );
  });

  it('shows a conflict (409) such as an expired proposal', async () => {
    const fake = renderProposal();
    const message = `proposal ${RESTART_ID} expired at 10:30:00 and can no longer be approved`;
    fake.routes[decisionUrl(RESTART_ID, 'approve')] = fail(409, { error: 'Conflict', message, statusCode: 409 });
    fireEvent.click(await approveButton());
    expect(await screen.findByRole('alert', { name: 'Not approved' })).toHaveTextContent(message);
  });

  it('sends one request however often the button is clicked, and disables both while it is out', async () => {
    const fake = renderProposal();
    fake.routes[decisionUrl(RESTART_ID, 'approve')] = ok({
      changed: true,
      proposal: checkoutRestart(now, { state: 'approved' }),
    });
    fake.holdPosts();
    const approve = await approveButton();
    fireEvent.click(approve);
    fireEvent.click(approve);
    expect(approve).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Reject' })).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Reject' }));
    expect(fake.posts).toHaveLength(1);
    await act(async () => fake.releasePosts());
    expect(await screen.findByText(/^Approved:/)).toBeInTheDocument();
    expect(fake.posts).toHaveLength(1);
  });

  it('offers no buttons to a Viewer, and says which role approving needs', async () => {
    renderProposal({ role: 'Viewer' });
    expect(await screen.findByTestId('decision-hint')).toHaveTextContent(
      'Approving needs the Editor role; you are signed in as a Viewer.'
    );
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Reject' })).toBeNull();
  });

  it('offers the buttons to an Admin', async () => {
    renderProposal({ role: 'Admin' });
    expect(await approveButton()).toBeEnabled();
  });

  it('offers no buttons once the proposal is past its expiry, even before the sidecar marks it expired', async () => {
    renderProposal({ proposal: ok(checkoutRestart(now, { expiresAt: now - 1000 })) });
    expect(await screen.findByText(/^Nobody decided before it expired/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  it('shows the decision, every execution step, resumptions and the verification of a finished proposal', async () => {
    const fake = renderProposal({ proposal: ok(verifiedRestart(now)) });
    const steps = await screen.findByRole('table', { name: 'Execution steps' });
    const rows = within(steps).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[1].textContent)).toEqual(['done', 'done']);
    expect(rows[0]).toHaveTextContent('patch Deployment shop/checkout restartedAt=2026-11-26T10:00:00.000Z');
    expect(rows[1]).toHaveTextContent('2/2 pods ready');
    expect(section('Execution')).toHaveTextContent('resumed 1 time after a sidecar restart');
    const decision = screen.getByTestId('decision');
    expect(decision).toHaveTextContent('Eddie Editor (editor), Editor');
    expect(decision).toHaveTextContent('leak confirmed, restart now');
    const verification = screen.getByTestId('verification');
    expect(verification).toHaveTextContent('alert resolved');
    expect(verification).not.toHaveTextContent('not yet');
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    // The stored preview is shown; no fresh one is asked for once decided.
    expect(screen.getByRole('figure', { name: 'Diff' })).toBeInTheDocument();
    expect(fake.requests.map((r) => r.url)).not.toContain(`${PROPOSAL_URL}/preview`);
  });

  it('links a follow-up proposal both ways', async () => {
    const restart = verifiedRestart(now);
    const rollback: RemediationProposal = checkoutRestart(now, {
      id: 'rem-rollback',
      action: 'rollback',
      title: 'Roll back Deployment shop/checkout',
      followUpOf: RESTART_ID,
    });
    renderProposal({
      proposal: ok(restart),
      routes: {
        [`${PROXY}/remediations`]: ok({
          generatedAt: now,
          dryRun: false,
          backend: 'simulator',
          counts: {},
          proposals: [rollback, restart],
        }),
      },
    });
    expect(await screen.findByRole('link', { name: 'Roll back Deployment shop/checkout' })).toHaveAttribute(
      'href',
      '/a/prophet-aiops-app/remediations/rem-rollback'
    );
  });

  it('says an unknown proposal is not found and links back to the list', async () => {
    renderProposal({ proposal: fail(404, { error: 'Not Found', message: 'no proposal', statusCode: 404 }) });
    expect(await screen.findByText('Proposal not found')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to all proposals' })).toHaveAttribute(
      'href',
      '/a/prophet-aiops-app/remediations'
    );
  });
});
