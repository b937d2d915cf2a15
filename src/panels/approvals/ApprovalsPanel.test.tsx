import React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { dateTime, getDefaultTimeRange, LoadingState, PanelProps } from '@grafana/data';
import { setBackendSrv } from '@grafana/runtime';
import type { GrafanaRole } from '../../api/types';
import { ok, PROXY } from '../../test/fakeSidecarBackend';
import { decisionUrl, fakeRemediationBackend, whoamiAs } from '../../pages/Remediations/fakeRemediationBackend';
import {
  checkoutRestart,
  PAYMENTS_SCALE_ID,
  remediationList,
  RESTART_ID,
} from '../../pages/Remediations/remediationFixtures';
import { ApprovalsPanel } from './ApprovalsPanel';
import { ApprovalsPanelOptions } from './types';

const now = Date.now();
const PENDING_URL = `${PROXY}/remediations?state=proposed`;

/** What the sidecar answers for ?state=proposed, plus proposals a stale answer might still carry. */
function pendingList() {
  const list = remediationList(now);
  const expiredButNotSwept = checkoutRestart(now, {
    id: 'rem-expired',
    title: 'An expired one the sweeper has not moved yet',
    expiresAt: now - 1000,
  });
  return { ...list, proposals: [...list.proposals, expiredButNotSwept] };
}

function renderPanel({ namespace = '', role = 'Editor' }: { namespace?: string; role?: GrafanaRole } = {}) {
  const fake = fakeRemediationBackend({
    [PENDING_URL]: ok(pendingList()),
    [`${PROXY}/whoami`]: ok(whoamiAs(role)),
  });
  setBackendSrv(fake.backend);
  const timeRange = getDefaultTimeRange();
  const props = {
    options: { namespace },
    width: 500,
    height: 600,
    timeRange,
    data: { state: LoadingState.Done, series: [], timeRange },
  } as unknown as PanelProps<ApprovalsPanelOptions>;
  const view = render(<ApprovalsPanel {...props} />);
  return { fake, view, props };
}

const items = async () =>
  within(await screen.findByRole('list', { name: 'Proposals waiting for approval' })).getAllByRole('listitem');

describe('Remediation approvals panel', () => {
  it('lists only the proposals still waiting, soonest expiry first, each linking to its page in the app', async () => {
    const { fake } = renderPanel();
    const listed = await items();
    expect(listed.map((i) => i.getAttribute('data-proposal'))).toEqual([PAYMENTS_SCALE_ID, RESTART_ID]);
    expect(within(listed[1]).getByRole('link', { name: /^Restart Deployment shop\/checkout/ })).toHaveAttribute(
      'href',
      `/a/prophet-aiops-app/remediations/${RESTART_ID}`
    );
    expect(within(listed[1]).getByText('Deployment/shop/checkout')).toBeInTheDocument();
    expect(within(listed[1]).getByTestId('expires-in')).toHaveTextContent(/^expires in 2[45]m \d\ds$/);
    expect(within(listed[0]).getByText('dry-run')).toBeInTheDocument();
    expect(screen.getByText('2 proposals waiting for approval')).toBeInTheDocument();
    // The sidecar is asked for the proposed ones only.
    expect(fake.requests[0].url).toBe(PENDING_URL);
  });

  it('lists only the namespace set in its options', async () => {
    renderPanel({ namespace: 'shop' });
    expect((await items()).map((i) => i.getAttribute('data-proposal'))).toEqual([RESTART_ID]);
  });

  it('says when nothing waits in its namespace', async () => {
    renderPanel({ namespace: 'kube-system' });
    expect(await screen.findByText(/^Nothing waits for approval in kube-system\./)).toBeInTheDocument();
  });

  it('approves inline with the comment, then fetches the waiting proposals again', async () => {
    const { fake } = renderPanel();
    const restart = (await items())[1];
    fake.routes[decisionUrl(RESTART_ID, 'approve')] = ok({
      changed: true,
      proposal: checkoutRestart(now, { state: 'approved' }),
    });
    const afterwards = remediationList(now);
    fake.routes[PENDING_URL] = ok({ ...afterwards, proposals: afterwards.proposals.slice(0, 1) });

    fireEvent.change(within(restart).getByRole('textbox', { name: /^Comment on Restart/ }), {
      target: { value: 'go ahead' },
    });
    fireEvent.click(within(restart).getByRole('button', { name: 'Approve' }));

    expect(
      await screen.findByText(
        'Restart Deployment shop/checkout before its pods run out of memory: Approved: the sidecar runs the action now, then verifies it.'
      )
    ).toBeInTheDocument();
    expect(fake.posts.map((p) => [p.url, p.data])).toEqual([
      [`${PROXY}/remediations/${RESTART_ID}/approve`, { comment: 'go ahead' }],
    ]);
    expect((await items()).map((i) => i.getAttribute('data-proposal'))).toEqual([PAYMENTS_SCALE_ID]);
    expect(fake.requests.filter((r) => r.url === PENDING_URL)).toHaveLength(2);
  });

  it('does not reject without a comment', async () => {
    const { fake } = renderPanel();
    const restart = (await items())[1];
    fireEvent.click(within(restart).getByRole('button', { name: 'Reject' }));
    expect(await within(restart).findByText(/^Rejecting needs a comment/)).toBeInTheDocument();
    expect(fake.posts).toHaveLength(0);
  });

  it('offers a Viewer no buttons', async () => {
    renderPanel({ role: 'Viewer' });
    await items();
    expect(await screen.findAllByText('Approving needs the Editor role; you are signed in as a Viewer.')).toHaveLength(
      2
    );
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  it('fetches again when the dashboard refreshes (its time range moves)', async () => {
    const { fake, view, props } = renderPanel();
    await items();
    const later = { ...props.timeRange, to: dateTime(props.timeRange.to.valueOf() + 30_000) };
    view.rerender(<ApprovalsPanel {...props} timeRange={later} />);
    await items();
    expect(fake.requests.filter((r) => r.url === PENDING_URL)).toHaveLength(2);
  });
});
