import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { setBackendSrv } from '@grafana/runtime';
import { SceneObject } from '@grafana/scenes';
import { registerSidecarDataSource } from '../../datasource/SidecarDataSource';
import { FakeAnswer, fakeSidecarBackend, ok, PROXY } from '../../test/fakeSidecarBackend';
import { installRunRequestForTests } from '../../test/runRequestForTests';
import { FindingListScene } from './FindingListScene';
import { findingList } from './findingsFixtures';
import { buildFindingListPageScene } from './findingsPage';

const now = Date.now();

beforeAll(() => {
  installRunRequestForTests();
  registerSidecarDataSource();
});

function renderTab(answer: FakeAnswer, scene: SceneObject = buildFindingListPageScene()) {
  setBackendSrv(fakeSidecarBackend({ [`${PROXY}/findings`]: answer }).backend);
  render(<scene.Component model={scene} />);
}

const bodyRows = async () =>
  within(await screen.findByRole('table', { name: 'K8sGPT findings' }))
    .getAllByRole('row')
    .slice(1);
const cells = (row: HTMLElement) =>
  within(row)
    .getAllByRole('cell')
    .map((c) => c.textContent);

describe('K8sGPT findings tab', () => {
  it('lists findings most severe first, then by namespace, with kind, object, first error and first seen', async () => {
    renderTab(ok(findingList(now)));
    const rows = await bodyRows();
    expect(rows.map((r) => cells(r).slice(0, 3))).toEqual([
      ['critical', 'shop', 'Pod'],
      ['warning', 'frontend', 'Pod'],
      ['warning', 'payments', 'Pod'],
      ['info', 'frontend', 'HorizontalPodAutoscaler'],
    ]);
    expect(cells(rows[0]).slice(3)).toEqual([
      'checkout-7b7gb67g55-862k6of Deployment/checkout',
      'the last termination reason is OOMKilled container=checkout+1 more',
      '3m ago',
    ]);
    // The second error is behind "+1 more"; the first seen time on hover.
    expect(within(rows[0]).getByText('+1 more')).toHaveAttribute('title', 'back-off restarting failed container');
    expect(within(rows[0]).getByText('3m ago')).toHaveAttribute(
      'title',
      expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    );
  });

  it('gives the severity rule that decided each severity on hover', async () => {
    renderTab(ok(findingList(now)));
    const rows = await bodyRows();
    expect(within(rows[0]).getByText('critical').closest('[title]')).toHaveAttribute(
      'title',
      'Severity rule: oom-killed'
    );
    expect(within(rows[3]).getByText('info').closest('[title]')).toHaveAttribute('title', 'Severity rule: by-kind');
  });

  it('filters by severity and namespace', async () => {
    const scene = new FindingListScene({ severity: 'warning' });
    renderTab(ok(findingList(now)), scene);
    expect((await bodyRows()).map((r) => cells(r)[1])).toEqual(['frontend', 'payments']);
    scene.setNamespace('payments');
    expect((await bodyRows()).map((r) => cells(r)[1])).toEqual(['payments']);
    scene.setState({ severity: 'critical' });
    expect(await screen.findByText('No finding matches these filters.')).toBeInTheDocument();
  });

  it.each([
    [{ kind: 'simulator' as const }, 'simulated cluster (demo mode): ok'],
    [{ kind: 'kubernetes' as const }, 'Kubernetes API: ok'],
    [{ kind: 'kubernetes' as const, synced: false }, 'Kubernetes API: syncing…'],
  ])('names the source of the findings: %o', async (source, text) => {
    renderTab(ok(findingList(now, source)));
    expect(await screen.findByText(text)).toBeInTheDocument();
  });

  it('warns that a degraded watch may be out of date, with its last error', async () => {
    renderTab(
      ok(findingList(now, { kind: 'kubernetes', state: 'degraded', lastError: 'watch results: 403 Forbidden' }))
    );
    expect(await screen.findByText('Kubernetes API degraded')).toBeInTheDocument();
    expect(screen.getByText('watch results: 403 Forbidden')).toBeInTheDocument();
    expect(screen.getByText(/may be out of date/)).toBeInTheDocument();
    expect(await bodyRows()).toHaveLength(4);
  });

  it('says how to turn findings on when the watch is disabled', async () => {
    renderTab(ok({ ...findingList(now, { kind: 'disabled', state: 'unknown', synced: false }), findings: [] }));
    expect(await screen.findByText('K8sGPT findings are off')).toBeInTheDocument();
    expect(screen.getByText('kubernetes.enabled: true')).toBeInTheDocument();
    expect(screen.queryByText('No K8sGPT findings')).toBeNull();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('says K8sGPT reports nothing when a healthy watch has no findings', async () => {
    renderTab(ok({ ...findingList(now, { kind: 'kubernetes' }), findings: [] }));
    expect(await screen.findByText('No K8sGPT findings')).toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Severity' })).toBeNull();
  });
});
