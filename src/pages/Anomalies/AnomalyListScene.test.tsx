import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { setBackendSrv } from '@grafana/runtime';
import { registerSidecarDataSource } from '../../datasource/SidecarDataSource';
import { anomalyList, anomalySummary } from '../../test/anomalyFixtures';
import { fail, fakeSidecarBackend, ok, PROXY } from '../../test/fakeSidecarBackend';
import { installRunRequestForTests } from '../../test/runRequestForTests';
import { buildAnomalyListPageScene } from './anomaliesPage';

const now = Date.now();
// Jest runs in UTC, so the page's wall-clock times are the ISO times.
const clock = (t: number) => new Date(t).toISOString().slice(11, 16);

beforeAll(() => {
  installRunRequestForTests();
  registerSidecarDataSource();
});

function renderAnomaliesTab(answer: ReturnType<typeof ok>) {
  setBackendSrv(fakeSidecarBackend({ [`${PROXY}/anomalies`]: answer }).backend);
  const scene = buildAnomalyListPageScene();
  return render(<scene.Component model={scene} />);
}

describe('Anomalies tab', () => {
  it('lists the anomalous series in the sidecar’s severity order with what happened and since when', async () => {
    const list = anomalyList(now);
    renderAnomaliesTab(ok(list));

    const table = await screen.findByRole('table', { name: 'Anomalies' });
    const rows = within(table).getAllByRole('row').slice(1);
    // The quiet series (no event, inside its band) is counted, not listed.
    expect(rows.map((r) => within(r).getAllByRole('link')[0].textContent)).toEqual([
      'Container CPU',
      'Container memory',
      'p99 latency',
    ]);
    expect(within(rows[0]).getAllByRole('link')[0]).toHaveAttribute(
      'href',
      '/a/prophet-aiops-app/anomalies/cpu-checkout'
    );
    const spikeStart = list.anomalies[0].latestEvent!.start;
    expect(within(rows[0]).getByText(`spike up, 3.2× band, since ${clock(spikeStart)}`)).toBeInTheDocument();
    expect(within(rows[0]).getByText('{namespace="shop", pod="checkout-7d9"}')).toBeInTheDocument();
    expect(within(rows[0]).getByText('0.93')).toBeInTheDocument();
    expect(within(rows[0]).getByText('above band')).toBeInTheDocument();
    expect(within(rows[0]).getByText('band 0.40 – 0.90')).toBeInTheDocument();
    expect(within(rows[0]).getByRole('link', { name: 'Forecast' })).toHaveAttribute(
      'href',
      '/a/prophet-aiops-app/forecasts/container-cpu-abc'
    );
    expect(within(rows[1]).getByText(/^reaches its limit in 2h (9|10)m$/)).toBeInTheDocument();
    expect(within(rows[1]).queryByRole('link', { name: 'Forecast' })).toBeNull();
    expect(within(rows[2]).getByText(/^level shift down, 1\.5× band, \d\d:\d\d–\d\d:\d\d$/)).toBeInTheDocument();
    expect(within(rows[2]).getByText('0.30')).toBeInTheDocument();
    expect(screen.getByText('1 other series is inside its band.')).toBeInTheDocument();
  });

  it('says so when the sidecar has no results yet', async () => {
    renderAnomaliesTab(ok({ generatedAt: now, anomalies: [] }));
    expect(await screen.findByText('No anomaly results yet')).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('says nothing is anomalous when every series is quiet', async () => {
    renderAnomaliesTab(
      ok({ generatedAt: now, anomalies: [anomalySummary(now, { id: 'a' }), anomalySummary(now, { id: 'b' })] })
    );
    expect(await screen.findByText('Nothing anomalous')).toBeInTheDocument();
    expect(screen.getByText(/All 2 series are inside their band/)).toBeInTheDocument();
  });

  it("shows the sidecar's message and a link to the config page when the sidecar fails", async () => {
    renderAnomaliesTab(fail(401, { error: 'Unauthorized', message: 'invalid bearer token', statusCode: 401 }));
    expect(await screen.findByText('Sidecar error 401: invalid bearer token')).toBeInTheDocument();
    expect(screen.getByText('Sidecar refused the request')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /app configuration/ })).toHaveAttribute(
      'href',
      '/plugins/prophet-aiops-app'
    );
  });

  it('names a sidecar without the anomaly routes (404) instead of showing an empty page', async () => {
    renderAnomaliesTab(
      fail(404, { error: 'Not Found', message: 'Route GET:/api/anomalies not found', statusCode: 404 })
    );
    expect(await screen.findByText('Sidecar error 404: Route GET:/api/anomalies not found')).toBeInTheDocument();
  });
});
