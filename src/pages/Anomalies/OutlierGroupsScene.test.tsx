import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { setBackendSrv } from '@grafana/runtime';
import { registerSidecarDataSource } from '../../datasource/SidecarDataSource';
import { outlierGroup, outlierList } from '../../test/anomalyFixtures';
import { fail, fakeSidecarBackend, ok, PROXY } from '../../test/fakeSidecarBackend';
import { installRunRequestForTests } from '../../test/runRequestForTests';
import { buildOutliersPageScene } from './anomaliesPage';
import { buildOutlierGroupDrilldownScene } from './OutlierGroupDrilldownScene';

const now = Date.now();

beforeAll(() => {
  installRunRequestForTests();
  registerSidecarDataSource();
});

const rowOf = (table: HTMLElement, text: string) =>
  within(table)
    .getAllByRole('row')
    .find((r) => within(r).queryByText(text) !== null)!;

describe('Outliers tab', () => {
  it('lists each group with its features and size, the rogue member as a red badge with its reason', async () => {
    setBackendSrv(fakeSidecarBackend({ [`${PROXY}/outliers`]: ok(outlierList(now)) }).backend);
    const scene = buildOutliersPageScene();
    render(<scene.Component model={scene} />);

    const table = await screen.findByRole('table', { name: 'Outlier groups' });
    const [checkout, gpu] = within(table).getAllByRole('row').slice(1);
    expect(within(checkout).getByRole('link', { name: 'Pods of shop/checkout' })).toHaveAttribute(
      'href',
      '/a/prophet-aiops-app/anomalies/outliers/pods-checkout'
    );
    expect(within(checkout).getByText('{namespace="shop", deployment="checkout"}')).toBeInTheDocument();
    expect(within(checkout).getByText('cpu, memory, restarts')).toBeInTheDocument();
    expect(within(checkout).getByText('1 of 3 outlying')).toBeInTheDocument();
    expect(within(checkout).getByText('checkout-2')).toBeInTheDocument();
    expect(within(checkout).queryByText('checkout-1')).toBeNull();
    expect(within(checkout).getByText('memory 2.1 GiB, 3.5× the group median 620 MiB')).toBeInTheDocument();
    expect(within(checkout).getByText(/^outlying \d\d:\d\d–\d\d:\d\d$/)).toBeInTheDocument();

    expect(within(gpu).getByText('too small')).toBeInTheDocument();
    expect(within(gpu).getByText('2 members, not compared')).toBeInTheDocument();
  });

  it('explains an empty list and shows sidecar errors', async () => {
    setBackendSrv(fakeSidecarBackend({ [`${PROXY}/outliers`]: ok({ generatedAt: now, groups: [] }) }).backend);
    const empty = buildOutliersPageScene();
    const { unmount } = render(<empty.Component model={empty} />);
    expect(await screen.findByText('No outlier groups yet')).toBeInTheDocument();
    unmount();

    setBackendSrv(fakeSidecarBackend({ [`${PROXY}/outliers`]: fail(502) }).backend);
    const failing = buildOutliersPageScene();
    render(<failing.Component model={failing} />);
    expect(await screen.findByText('Sidecar unreachable')).toBeInTheDocument();
  });
});

describe('Outlier group drilldown', () => {
  it('highlights the rogue member’s row, with its reason, interval and latest feature values', async () => {
    const fake = fakeSidecarBackend({ [`${PROXY}/outliers/pods-checkout`]: ok(outlierGroup(now)) });
    setBackendSrv(fake.backend);
    const scene = buildOutlierGroupDrilldownScene('pods-checkout');
    render(<scene.Component model={scene} />);

    const summary = await screen.findByTestId('outlier-group-summary');
    expect(within(summary).getByRole('heading', { name: 'Pods of shop/checkout' })).toBeInTheDocument();
    expect(within(summary).getByText('1 of 3 outlying')).toBeInTheDocument();

    const table = screen.getByRole('table', { name: 'Members' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent)
    ).toEqual(['Member', 'Status', 'Outlying share', 'cpu', 'memory', 'restarts', 'Why and when']);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0].firstChild?.textContent)).toEqual([
      'checkout-2',
      'checkout-1',
      'checkout-3',
    ]);
    const rogue = rowOf(table, 'checkout-2');
    const normal = rowOf(table, 'checkout-1');
    expect(within(rogue).getByText('outlier')).toBeInTheDocument();
    expect(within(normal).queryByText('outlier')).toBeNull();
    expect(within(normal).getByText('normal')).toBeInTheDocument();
    expect(getComputedStyle(rogue).backgroundColor).not.toBe(getComputedStyle(normal).backgroundColor);
    expect(within(rogue).getByText('memory 2.1 GiB, 3.5× the group median 620 MiB')).toBeInTheDocument();
    expect(within(rogue).getByText('60%')).toBeInTheDocument();
    expect(within(rogue).getByText('2.25 Bil')).toBeInTheDocument();
    expect(fake.requests).toHaveLength(1);
  });
});
