import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { setBackendSrv } from '@grafana/runtime';
import { registerSidecarDataSource } from '../../datasource/SidecarDataSource';
import { fail, fakeSidecarBackend, ok, PROXY } from '../../test/fakeSidecarBackend';
import { installRunRequestForTests } from '../../test/runRequestForTests';
import { sloList, sloSummary } from './sloFixtures';
import { SloListScene } from './SloListScene';
import { buildSloListPageScene } from './slosPage';

const now = Date.now();

beforeAll(() => {
  installRunRequestForTests();
  registerSidecarDataSource();
});

function renderList(answer: ReturnType<typeof ok>, scene = buildSloListPageScene()) {
  setBackendSrv(fakeSidecarBackend({ [`${PROXY}/slos`]: answer }).backend);
  return render(<scene.Component model={scene} />);
}

const bodyRows = (table: HTMLElement) => within(table).getAllByRole('row').slice(1);
const cells = (row: HTMLElement) => within(row).getAllByRole('cell');

describe('SLO list page', () => {
  it("keeps the sidecar's order (soonest exhaustion first) and links each SLO to its detail", async () => {
    renderList(ok(sloList(now)));
    const table = await screen.findByRole('table', { name: 'SLOs' });
    expect(bodyRows(table).map((r) => within(r).getByRole('link').getAttribute('href'))).toEqual([
      '/a/prophet-aiops-app/slos/checkout-api-availability',
      '/a/prophet-aiops-app/slos/payments-api-availability',
      '/a/prophet-aiops-app/slos/shop-frontend-latency',
      '/a/prophet-aiops-app/slos/search-api-latency',
      '/a/prophet-aiops-app/slos/cart-api-availability',
      '/a/prophet-aiops-app/slos/ledger-api-availability',
      '/a/prophet-aiops-app/slos/orders-api-availability',
    ]);
  });

  it('shows objective and window, SLI, budget, 1h and 6h burn, alert state, exhaustion and state', async () => {
    renderList(ok(sloList(now)));
    const [checkout, payments, shop, search, cart, ledger, orders] = bodyRows(
      await screen.findByRole('table', { name: 'SLOs' })
    );
    expect(cells(payments).map((c) => c.textContent)).toEqual([
      'Payments API availabilitypayments-api · ratio',
      '99.8%30d rolling',
      '99.860%',
      '31.0%',
      '3.40×',
      '3.10×',
      'ticket',
      expect.stringMatching(/^in 2d (3|4)hearliest in 1d (19|20)h, latest in (2d 23h|3d)$/),
      'ok',
    ]);
    // The exhaustion's wall-clock time is on hover.
    expect(within(payments).getByText(/^in 2d/)).toHaveAttribute(
      'title',
      expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d$/)
    );
    expect(within(payments).getByRole('meter', { name: 'Error budget remaining' })).toHaveAttribute(
      'aria-valuenow',
      '31'
    );

    expect(within(checkout).getByText('-12.0%')).toBeInTheDocument();
    expect(within(checkout).getByText('page')).toBeInTheDocument();
    expect(within(checkout).getAllByText('15.2×')).toHaveLength(2);
    expect(within(checkout).getByText(/^exhausted (2h 59m|3h) ago$/)).toBeInTheDocument();
    expect(within(shop).getByText('not within 30d')).toBeInTheDocument();
    expect(within(search).getByText('calendar month')).toBeInTheDocument();
    expect(within(search).getByText('not before the period resets')).toBeInTheDocument();
    expect(within(cart).getByText('no traffic')).toBeInTheDocument();
    expect(within(ledger).getByText('query failed: bad_data: parse error')).toBeInTheDocument();
    expect(within(ledger).getByText('not enough history')).toBeInTheDocument();
    expect(within(orders).getByText('pending')).toBeInTheDocument();
    expect(within(orders).getByText('not computed yet')).toBeInTheDocument();
  });

  it('filters by service and by alert state, keeping the order', async () => {
    setBackendSrv(fakeSidecarBackend({ [`${PROXY}/slos`]: ok(sloList(now)) }).backend);
    const firing = new SloListScene({ alert: 'firing' });
    const { unmount } = render(<firing.Component model={firing} />);
    const links = async () =>
      within(await screen.findByRole('table', { name: 'SLOs' }))
        .getAllByRole('link')
        .map((l) => l.textContent);
    expect(await links()).toEqual(['Checkout API availability', 'Payments API availability']);
    unmount();

    const byService = new SloListScene({ service: 'shop-frontend' });
    render(<byService.Component model={byService} />);
    expect(await links()).toEqual(['Frontend latency under 0.5 s']);
  });

  it('reads its filters from the URL and ignores an unknown alert state', () => {
    const scene = new SloListScene();
    scene.urlSync?.updateFromUrl({ service: 'cart-api', alert: 'paging' });
    expect(scene.state).toMatchObject({ service: 'cart-api', alert: undefined });
    scene.urlSync?.updateFromUrl({ alert: 'ticket' });
    expect(scene.state).toMatchObject({ service: undefined, alert: 'ticket' });
  });

  it('explains how to configure SLOs when there are none', async () => {
    renderList(ok({ generatedAt: now, slos: [] }));
    expect(await screen.findByText('No SLOs configured')).toBeInTheDocument();
    expect(screen.getByText(/Configuration → SLOs/)).toBeInTheDocument();
    expect(screen.getByText(/objective: 0\.998/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('says when the sidecar runs its example SLOs, and not otherwise', async () => {
    const examples = ['payments-api', 'shop-frontend'].map((service) =>
      sloSummary(now, { id: `${service}-x`, service, source: 'defaults' })
    );
    const { unmount } = renderList(ok({ generatedAt: now, slos: examples }));
    expect(await screen.findByText("These are the sidecar's example SLOs")).toBeInTheDocument();
    unmount();
    renderList(ok(sloList(now)));
    await screen.findByRole('table', { name: 'SLOs' });
    expect(screen.queryByText("These are the sidecar's example SLOs")).toBeNull();
  });

  it('names an unreachable sidecar', async () => {
    renderList(fail(502));
    expect(await screen.findByText('Sidecar unreachable')).toBeInTheDocument();
  });
});
