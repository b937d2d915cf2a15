import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { setBackendSrv } from '@grafana/runtime';
import { registerSidecarDataSource } from '../../datasource/SidecarDataSource';
import { fail, fakeSidecarBackend, ok, PROXY } from '../../test/fakeSidecarBackend';
import { forecastList, jobs } from '../../test/fixtures';
import { installRunRequestForTests } from '../../test/runRequestForTests';
import { buildForecastsListPageScene } from './forecastsPage';
import { ForecastsListScene } from './ForecastsListScene';

const now = Date.now();

beforeAll(() => {
  installRunRequestForTests();
  registerSidecarDataSource();
  registerSidecarDataSource(); // the second registration must be harmless (app remounts)
});

function renderForecastsPage() {
  const scene = buildForecastsListPageScene();
  return render(<scene.Component model={scene} />);
}

describe('Forecasts list page', () => {
  it('lists forecasts soonest crossing first with relative crossing time and range', async () => {
    setBackendSrv(
      fakeSidecarBackend({ [`${PROXY}/forecasts`]: ok(forecastList(now)), [`${PROXY}/jobs`]: ok(jobs(now)) }).backend
    );
    renderForecastsPage();

    const table = await screen.findByRole('table', { name: 'Forecasts' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('link').getAttribute('href'))).toEqual([
      '/a/prophet-aiops-app/forecasts/disk-a',
      '/a/prophet-aiops-app/forecasts/disk-b',
      '/a/prophet-aiops-app/forecasts/mem-a',
    ]);
    expect(within(rows[0]).getByText(/^in 2h (9|10)m$/)).toBeInTheDocument();
    expect(within(rows[0]).getByText(/^earliest in 1h (49|50)m, latest in 2h (39|40)m$/)).toBeInTheDocument();
    expect(within(rows[0]).getByText('{instance="node-1", mountpoint="/"}')).toBeInTheDocument();
    expect(within(rows[0]).getByText('0.82')).toBeInTheDocument();
    expect(within(rows[1]).getByText(/latest beyond the horizon/)).toBeInTheDocument();
    expect(within(rows[2]).getByText('No crossing within horizon')).toBeInTheDocument();
  });

  it('filters by job', async () => {
    setBackendSrv(
      fakeSidecarBackend({ [`${PROXY}/forecasts`]: ok(forecastList(now)), [`${PROXY}/jobs`]: ok(jobs(now)) }).backend
    );
    const scene = new ForecastsListScene({ job: 'memory' });
    render(<scene.Component model={scene} />);
    const table = await screen.findByRole('table', { name: 'Forecasts' });
    expect(
      within(table)
        .getAllByRole('link')
        .map((l) => l.textContent)
    ).toEqual(['Memory working set']);
  });

  it('explains an empty list with the job states', async () => {
    setBackendSrv(
      fakeSidecarBackend({
        [`${PROXY}/forecasts`]: ok({ generatedAt: now, forecasts: [] }),
        [`${PROXY}/jobs`]: ok(jobs(now)),
      }).backend
    );
    renderForecastsPage();
    expect(await screen.findByText('No forecasts yet')).toBeInTheDocument();
    const jobsTable = screen.getByRole('table', { name: 'Forecast jobs' });
    expect(within(jobsTable).getByText('pending')).toBeInTheDocument();
    expect(within(jobsTable).getByText('never')).toBeInTheDocument();
  });

  it("shows the sidecar's message and a link to the config page when the sidecar fails", async () => {
    setBackendSrv(
      fakeSidecarBackend({
        [`${PROXY}/forecasts`]: fail(401, { error: 'Unauthorized', message: 'invalid bearer token', statusCode: 401 }),
        [`${PROXY}/jobs`]: ok(jobs(now)),
      }).backend
    );
    renderForecastsPage();
    expect(await screen.findByText('Sidecar error 401: invalid bearer token')).toBeInTheDocument();
    expect(screen.getByText('Sidecar refused the request')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /app configuration/ })).toHaveAttribute(
      'href',
      '/plugins/prophet-aiops-app'
    );
  });

  it('names an unreachable sidecar', async () => {
    setBackendSrv(fakeSidecarBackend({ [`${PROXY}/forecasts`]: fail(502), [`${PROXY}/jobs`]: fail(502) }).backend);
    renderForecastsPage();
    expect(await screen.findByText('Sidecar unreachable')).toBeInTheDocument();
  });
});
