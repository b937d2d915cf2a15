import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { setBackendSrv } from '@grafana/runtime';
import { FakeAnswer, fakeSidecarBackend, ok, PROXY } from '../../test/fakeSidecarBackend';
import { policyList } from './remediationFixtures';
import { buildPoliciesPageScene } from './remediationsPage';

function renderPolicies(answer: FakeAnswer) {
  setBackendSrv(fakeSidecarBackend({ [`${PROXY}/remediations/policies`]: answer }).backend);
  const scene = buildPoliciesPageScene();
  render(<scene.Component model={scene} />);
}

describe('Policies tab', () => {
  it('lists each policy: name, trigger, action and follow-up, target, approval and limits', async () => {
    renderPolicies(ok(policyList()));
    const table = await screen.findByRole('table', { name: 'Remediation policies' });
    const [row] = within(table).getAllByRole('row').slice(1);
    const cells = within(row).getAllByRole('cell');
    expect(cells.map((c) => c.textContent).slice(0, 5)).toEqual([
      'restart-leaking-deploymentRestart a Deployment whose memory is predicted to reach its limitfrom built-in',
      'alert ContainerMemoryLimitPredicted',
      'Rollout restartif not verified: roll back',
      'the alert’s Deployment',
      'required',
    ]);
    expect(
      within(cells[5])
        .getAllByRole('listitem')
        .map((l) => l.textContent)
    ).toEqual([
      'never in kube-system',
      'cooldown 30m per target',
      'at most 1 at once',
      '3 per 1h',
      '≤ 10 pods affected',
      '≤ 0 replicas changed',
      'expires after 30m',
      'verified over 3m',
    ]);
  });

  it('marks dry-run policies and the global dry-run', async () => {
    const list = policyList({ dryRun: true });
    list.policies[0].dryRun = true;
    renderPolicies(ok(list));
    const table = await screen.findByRole('table', { name: 'Remediation policies' });
    expect(within(table).getByText('dry-run')).toBeInTheDocument();
    expect(screen.getByText('Dry-run: remediations change nothing in the cluster')).toBeInTheDocument();
  });

  it('explains where policies come from when there are none', async () => {
    renderPolicies(ok(policyList({ policies: [] })));
    expect(await screen.findByText('No remediation policies')).toBeInTheDocument();
  });
});
