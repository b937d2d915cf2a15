import React from 'react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { setBackendSrv } from '@grafana/runtime';
import { SceneObject } from '@grafana/scenes';
import { FakeAnswer, fail, fakeSidecarBackend, ok, PROXY } from '../../test/fakeSidecarBackend';
import { ProposalListScene } from './ProposalListScene';
import { PAYMENTS_SCALE_ID, remediationList, RESTART_ID, ROLLBACK_ID } from './remediationFixtures';
import { buildProposalListPageScene } from './remediationsPage';

const now = Date.now();
const LIST_URL = `${PROXY}/remediations`;

function renderList(routes: Record<string, FakeAnswer>, scene: SceneObject = buildProposalListPageScene()) {
  const fake = fakeSidecarBackend(routes);
  setBackendSrv(fake.backend);
  render(<scene.Component model={scene} />);
  return fake;
}

const bodyRows = async () =>
  within(await screen.findByRole('table', { name: 'Remediation proposals' }))
    .getAllByRole('row')
    .slice(1);
const cells = (row: HTMLElement) =>
  within(row)
    .getAllByRole('cell')
    .map((c) => c.textContent);

describe('Proposals tab', () => {
  it("lists the proposals in the sidecar's order (newest first), each linking to its page", async () => {
    renderList({ [LIST_URL]: ok(remediationList(now)) });
    const rows = await bodyRows();
    expect(rows.map((r) => within(r).getAllByRole('link')[0].getAttribute('href'))).toEqual([
      `/a/prophet-aiops-app/remediations/${PAYMENTS_SCALE_ID}`,
      `/a/prophet-aiops-app/remediations/${RESTART_ID}`,
      `/a/prophet-aiops-app/remediations/${ROLLBACK_ID}`,
    ]);
  });

  it('shows state, dry-run, title and target, action and approval, policy, trigger with its incident, created and deadline', async () => {
    renderList({ [LIST_URL]: ok(remediationList(now)) });
    const [scale, restart, rollback] = await bodyRows();
    expect(cells(restart)).toEqual([
      'proposed',
      'Restart Deployment shop/checkout before its pods run out of memoryDeployment/shop/checkout',
      'Rollout restartapproval required',
      'restart-leaking-deployment',
      'ContainerMemoryLimitPredicted firing for shop/checkout-7b7gb67g55-862k6Incident',
      '5m ago',
      expect.stringMatching(/^expires in 2[45]m \d\ds$/),
    ]);
    expect(within(restart).getByRole('link', { name: 'Incident' })).toHaveAttribute(
      'href',
      '/a/prophet-aiops-app/findings/incidents/inc-af7c7136996d'
    );
    // A dry-run proposal says so beside its state.
    expect(cells(scale)[0]).toBe('proposeddry-run');
    // Decided proposals show when they last changed instead of a countdown.
    expect(cells(rollback)[0]).toBe('rejected');
    expect(cells(rollback)[6]).toBe('updated 45m ago');
  });

  it('counts the proposals per state and filters by state through the sidecar, keeping the filter in the URL state', async () => {
    const scene = new ProposalListScene();
    const rejectedOnly = remediationList(now, { proposals: remediationList(now).proposals.slice(2) });
    const fake = renderList(
      { [LIST_URL]: ok(remediationList(now)), [`${LIST_URL}?state=rejected`]: ok(rejectedOnly) },
      scene
    );
    const filter = await screen.findByRole('radiogroup', { name: 'Filter by state' });
    expect(
      within(filter)
        .getAllByRole('radio')
        .map((r) => r.closest('div')?.textContent?.trim())
    ).toEqual(['All 6', 'proposed 2', 'verified 3', 'rejected 1']);
    fireEvent.click(within(filter).getByRole('radio', { name: 'rejected 1' }));
    expect(await screen.findByText('Roll back Deployment shop/checkout to its previous revision')).toBeInTheDocument();
    expect(await bodyRows()).toHaveLength(1);
    expect(scene.getUrlState()).toEqual({ state: 'rejected' });
    expect(fake.requests.map((r) => r.url)).toEqual([LIST_URL, `${LIST_URL}?state=rejected`]);
  });

  it('reads the state filter from the URL and ignores a state that does not exist', async () => {
    const scene = new ProposalListScene();
    const fake = renderList({ [LIST_URL]: ok(remediationList(now)) }, scene);
    await bodyRows();
    act(() => scene.updateFromUrl({ state: 'verified' }));
    act(() => scene.updateFromUrl({ state: 'bogus' }));
    await screen.findByRole('table', { name: 'Remediation proposals' });
    expect(fake.requests.map((r) => r.url)).toEqual([LIST_URL, `${LIST_URL}?state=verified`, LIST_URL]);
    expect(scene.state.state).toBeUndefined();
  });

  it('says when everything runs as a dry-run', async () => {
    renderList({ [LIST_URL]: ok(remediationList(now, { dryRun: true })) });
    expect(await screen.findByText('Dry-run: remediations change nothing in the cluster')).toBeInTheDocument();
  });

  it('has no dry-run banner otherwise', async () => {
    renderList({ [LIST_URL]: ok(remediationList(now)) });
    await bodyRows();
    expect(screen.queryByText('Dry-run: remediations change nothing in the cluster')).toBeNull();
  });

  it('explains where proposals come from when there are none', async () => {
    renderList({ [LIST_URL]: ok(remediationList(now, { counts: {}, proposals: [] })) });
    expect(await screen.findByText('No remediation proposals')).toBeInTheDocument();
  });

  it('names the sidecar error', async () => {
    renderList({ [LIST_URL]: fail(502) });
    expect(await screen.findByText('Sidecar unreachable')).toBeInTheDocument();
  });
});
