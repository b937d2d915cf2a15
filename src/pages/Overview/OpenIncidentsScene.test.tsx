import React from 'react';
import { render, screen, waitFor, within } from '@testing-library/react';
import { LoadingState } from '@grafana/data';
import { setBackendSrv } from '@grafana/runtime';
import { sceneGraph } from '@grafana/scenes';
import { registerSidecarDataSource } from '../../datasource/SidecarDataSource';
import { FakeAnswer, fail, fakeSidecarBackend, ok, PROXY } from '../../test/fakeSidecarBackend';
import { installRunRequestForTests } from '../../test/runRequestForTests';
import { CHECKOUT_ID, incidentList, PAYMENTS_ID } from '../Findings/findingsFixtures';
import { OpenIncidentsScene } from './OpenIncidentsScene';

const now = Date.now();
const OPEN = `${PROXY}/incidents?status=open`;

beforeAll(() => {
  installRunRequestForTests();
  registerSidecarDataSource();
});

function renderOpenIncidents(answer: FakeAnswer) {
  const fake = fakeSidecarBackend({ [OPEN]: answer });
  setBackendSrv(fake.backend);
  const scene = new OpenIncidentsScene();
  const view = render(<scene.Component model={scene} />);
  return { fake, view, scene };
}

describe('Overview: open incidents', () => {
  it('asks for the open incidents only and links each to its page and the list to the Findings page', async () => {
    const list = incidentList(now);
    const { fake } = renderOpenIncidents(ok({ ...list, incidents: list.incidents.filter((i) => i.status === 'open') }));
    const table = await screen.findByRole('table', { name: 'Open incidents' });
    expect(
      within(table)
        .getAllByRole('link')
        .map((l) => l.getAttribute('href'))
    ).toEqual([
      `/a/prophet-aiops-app/findings/incidents/${PAYMENTS_ID}`,
      `/a/prophet-aiops-app/findings/incidents/${CHECKOUT_ID}`,
    ]);
    // Compact: what, where, why and since when, without the evidence and status columns.
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent)
    ).toEqual(['Severity', 'Incident', 'Cause and next step', 'Opened']);
    expect(screen.getByRole('link', { name: 'All incidents and findings' })).toHaveAttribute(
      'href',
      '/a/prophet-aiops-app/findings'
    );
    expect(fake.requests.map((r) => r.url)).toEqual([OPEN]);
  });

  it('says there is none', async () => {
    renderOpenIncidents(ok({ generatedAt: now, incidents: [] }));
    expect(await screen.findByText('No open incidents.')).toBeInTheDocument();
  });

  it('stays quiet when the sidecar fails: the health and crossings above and below already say so', async () => {
    const { view, scene } = renderOpenIncidents(
      fail(404, { message: 'Route GET:/api/incidents not found', statusCode: 404 })
    );
    await waitFor(() => expect(sceneGraph.getData(scene).state.data?.state).toBe(LoadingState.Error));
    expect(view.container).toBeEmptyDOMElement();
  });
});
