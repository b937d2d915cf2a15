import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { setBackendSrv } from '@grafana/runtime';
import { SceneObject } from '@grafana/scenes';
import { registerSidecarDataSource } from '../../datasource/SidecarDataSource';
import { FakeAnswer, fail, fakeSidecarBackend, ok, PROXY } from '../../test/fakeSidecarBackend';
import { installRunRequestForTests } from '../../test/runRequestForTests';
import { buildIncidentListPageScene } from './findingsPage';
import {
  CHECKOUT_ID,
  checkoutIncident,
  incidentList,
  PAYMENTS_ID,
  redisIncident,
  REDIS_ID,
  summaryOf,
} from './findingsFixtures';
import { IncidentListScene } from './IncidentListScene';

const now = Date.now();

beforeAll(() => {
  installRunRequestForTests();
  registerSidecarDataSource();
});

function renderList(answer: FakeAnswer, scene: SceneObject = buildIncidentListPageScene()) {
  const fake = fakeSidecarBackend({ [`${PROXY}/incidents`]: answer });
  setBackendSrv(fake.backend);
  render(<scene.Component model={scene} />);
  return fake;
}

const bodyRows = (table: HTMLElement) => within(table).getAllByRole('row').slice(1);
const cells = (row: HTMLElement) => within(row).getAllByRole('cell');
const links = async () =>
  within(await screen.findByRole('table', { name: 'Incidents' }))
    .getAllByRole('link')
    .map((l) => l.getAttribute('href'));

describe('Incidents tab', () => {
  it("keeps the sidecar's order (open first) and links each incident to its page", async () => {
    const fake = renderList(ok(incidentList(now)));
    expect(await links()).toEqual([
      `/a/prophet-aiops-app/findings/incidents/${PAYMENTS_ID}`,
      `/a/prophet-aiops-app/findings/incidents/${CHECKOUT_ID}`,
      `/a/prophet-aiops-app/findings/incidents/${REDIS_ID}`,
    ]);
    // Every incident, whatever the filters: they filter in the page.
    expect(fake.requests.map((r) => r.url)).toEqual([`${PROXY}/incidents`]);
  });

  it('shows severity, title and place, cause and next step, evidence, when it opened and its status', async () => {
    renderList(ok(incidentList(now)));
    const [payments, checkout, redis] = bodyRows(await screen.findByRole('table', { name: 'Incidents' }));
    expect(cells(checkout).map((c) => c.textContent)).toEqual([
      'critical',
      'ContainerMemoryLimitPredicted on Deployment shop/checkoutshop / Deployment/checkout / 2 pods',
      'memory of Deployment shop/checkout growing toward its limit→ Restart Deployment shop/checkout before its memory reaches the limit',
      '2 alerts firing1 anomaly2 forecast crossings',
      '36m ago',
      'open',
    ]);
    // The pods behind "2 pods" and the wall-clock opening time are on hover.
    expect(within(checkout).getByText('shop / Deployment/checkout / 2 pods')).toHaveAttribute(
      'title',
      'pod checkout-7b7gb67g55-862k6\npod checkout-7b7gb67g55-9drqk'
    );
    expect(within(checkout).getByText('36m ago')).toHaveAttribute(
      'title',
      expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    );
    expect(within(payments).getByText('1 alert firing')).toBeInTheDocument();
    expect(within(payments).getByText('1 K8sGPT finding')).toBeInTheDocument();
    expect(cells(redis).map((c) => c.textContent)).toEqual([
      'warning',
      'KubePodCrashLooping on StatefulSet data/redisdata / StatefulSet/redis / pod redis-0 / node ip-10-0-1-12.ec2.internal',
      'not explained yet',
      '',
      '3h ago',
      'resolved2h ago',
    ]);
  });

  it('filters on status, severity and namespace, offering the namespaces incidents are in', async () => {
    const scene = new IncidentListScene({ status: 'open', namespace: 'shop' });
    renderList(ok(incidentList(now)), scene);
    expect(await links()).toEqual([`/a/prophet-aiops-app/findings/incidents/${CHECKOUT_ID}`]);

    scene.setState({ status: undefined, namespace: undefined, severity: 'warning' });
    expect(await links()).toEqual([`/a/prophet-aiops-app/findings/incidents/${REDIS_ID}`]);

    scene.setState({ severity: 'info' });
    expect(await screen.findByText('No incident matches these filters.')).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Namespace' })).toBeInTheDocument();
  });

  it('reads its filters from the URL, ignoring values it does not know', () => {
    const scene = new IncidentListScene();
    scene.urlSync?.updateFromUrl({ status: 'closed', severity: 'critical', namespace: 'shop' });
    expect(scene.state).toMatchObject({ status: undefined, severity: 'critical', namespace: 'shop' });
    scene.urlSync?.updateFromUrl({ status: 'resolved', severity: 'page' });
    expect(scene.state).toMatchObject({ status: 'resolved', severity: undefined, namespace: undefined });
    expect(scene.urlSync?.getUrlState()).toEqual({ status: 'resolved', severity: undefined, namespace: undefined });
  });

  it('explains how alerts become incidents when there are none', async () => {
    renderList(ok({ generatedAt: now, incidents: [] }));
    expect(await screen.findByText('No incidents')).toBeInTheDocument();
    expect(screen.getByText('POST /api/alertmanager/webhook')).toBeInTheDocument();
    expect(screen.getByText(/Configuration → Alertmanager alerts/)).toBeInTheDocument();
    expect(screen.getByText(/receiver: prophet-aiops/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('says there is no open incident when every one is resolved, and still lists them', async () => {
    renderList(ok({ generatedAt: now, incidents: [summaryOf(redisIncident(now))] }));
    expect(await screen.findByText('No open incidents')).toBeInTheDocument();
    expect(await links()).toEqual([`/a/prophet-aiops-app/findings/incidents/${REDIS_ID}`]);
  });

  it('names an unreachable sidecar instead of an empty list', async () => {
    renderList(fail(502));
    expect(await screen.findByText('Sidecar unreachable')).toBeInTheDocument();
    expect(screen.queryByText('No incidents')).toBeNull();
  });

  it('says when an incident is not explained yet', async () => {
    const unexplained = { ...summaryOf(checkoutIncident(now)), cause: null, topSuggestion: null };
    renderList(ok({ generatedAt: now, incidents: [unexplained] }));
    const [row] = bodyRows(await screen.findByRole('table', { name: 'Incidents' }));
    expect(within(row).getByText('not explained yet')).toBeInTheDocument();
    expect(within(row).queryByText(/^→/)).toBeNull();
  });
});
