import React from 'react';
import { render, screen, waitFor, within } from '@testing-library/react';
import { DataFrame, FieldConfigSource } from '@grafana/data';
import { setBackendSrv } from '@grafana/runtime';
import { sceneGraph, VizPanel } from '@grafana/scenes';
import { registerSidecarDataSource } from '../../datasource/SidecarDataSource';
import { anomalyDetail } from '../../test/anomalyFixtures';
import { fail, fakeSidecarBackend, ok, PROXY } from '../../test/fakeSidecarBackend';
import { installBlankPanelPluginsForTests } from '../../test/panelPluginsForTests';
import { installRunRequestForTests } from '../../test/runRequestForTests';
import { installTransformersForTests } from '../../test/transformersForTests';
import { buildAnomalyBandChart, buildAnomalyScoreChart } from './anomalyCharts';
import { buildAnomalyDrilldownScene } from './AnomalyDrilldownScene';

const now = Date.now();

beforeAll(() => {
  installRunRequestForTests();
  installTransformersForTests();
  installBlankPanelPluginsForTests();
  registerSidecarDataSource();
});

function renderDrilldown(answer: ReturnType<typeof ok>) {
  const fake = fakeSidecarBackend({ [`${PROXY}/anomalies/cpu-checkout`]: answer });
  setBackendSrv(fake.backend);
  const scene = buildAnomalyDrilldownScene('cpu-checkout');
  render(<scene.Component model={scene} />);
  return { scene, fake };
}

function panel(scene: ReturnType<typeof buildAnomalyDrilldownScene>, title: string): VizPanel {
  const found = sceneGraph.findObject(scene, (o) => o instanceof VizPanel && o.state.title === title);
  expect(found).toBeInstanceOf(VizPanel);
  return found as VizPanel;
}

const seriesOf = (p: VizPanel): DataFrame[] => sceneGraph.getData(p).state.data?.series ?? [];
const field = (frame: DataFrame, name: string) => frame.fields.find((f) => f.name === name);
const override = (config: FieldConfigSource, name: string, id: string) =>
  config.overrides
    .find((o) => o.matcher.options === name)
    ?.properties.find((p) => p.id === id || p.id === `custom.${id}`)?.value;

describe('Anomaly drilldown', () => {
  it('feeds the band chart value, expected, the band and the flagged points, and the score chart its threshold', async () => {
    const { scene, fake } = renderDrilldown(ok(anomalyDetail(now)));
    const band = panel(scene, 'Value and band');
    await waitFor(() => expect(seriesOf(band)).toHaveLength(1));

    const [frame] = seriesOf(band);
    expect(frame.refId).toBe('anomalySeries');
    expect(frame.fields.map((f) => f.name)).toEqual(['time', 'value', 'expected', 'lower', 'upper', 'anomaly']);
    expect(field(frame, 'value')?.values).toEqual([0.5, 0.55, 0.6, 1.6, 1.8]);
    expect(field(frame, 'anomaly')?.values).toEqual([null, null, null, 1.6, 1.8]);

    const [scoreFrame, ...others] = seriesOf(panel(scene, 'Anomaly score'));
    expect(others).toEqual([]);
    expect(scoreFrame.refId).toBe('anomalyScore');
    expect(field(scoreFrame, 'threshold')?.values).toEqual([0.8, 0.8, 0.8, 0.8, 0.8]);
    // Summary, band, score and events come from one fetch of the detail.
    expect(fake.requests).toHaveLength(1);
  });

  it('draws the flagged points as marks over a filled band, and the score on a 0–1 axis', () => {
    const config = buildAnomalyBandChart().state.fieldConfig;
    expect(override(config, 'anomaly', 'drawStyle')).toBe('points');
    expect(override(config, 'anomaly', 'showPoints')).toBe('always');
    expect(override(config, 'anomaly', 'color')).toEqual({ mode: 'fixed', fixedColor: 'red' });
    expect(override(config, 'upper', 'fillBelowTo')).toBe('lower');
    expect(override(config, 'expected', 'lineStyle')).toEqual({ fill: 'dash', dash: [6, 4] });
    const score = buildAnomalyScoreChart().state.fieldConfig;
    expect(score.defaults).toMatchObject({ min: 0, max: 1 });
    expect(override(score, 'threshold', 'lineStyle')).toEqual({ fill: 'dash', dash: [10, 10] });
  });

  it('heads the page with the series, its latest anomaly and a link to its forecast, then lists the events', async () => {
    renderDrilldown(ok(anomalyDetail(now)));
    const summary = await screen.findByTestId('anomaly-summary');
    expect(within(summary).getByRole('heading', { name: 'Container CPU' })).toBeInTheDocument();
    expect(within(summary).getByText(/^spike up, 3\.2× band, since \d\d:\d\d$/)).toBeInTheDocument();
    expect(within(summary).getByText('0.93')).toBeInTheDocument();
    expect(within(summary).getByRole('link', { name: 'Forecast of this series' })).toHaveAttribute(
      'href',
      '/a/prophet-aiops-app/forecasts/container-cpu-abc'
    );

    const events = screen.getByRole('table', { name: 'Anomaly events' });
    const rows = within(events).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0].textContent)).toEqual(['spike', 'dip']);
    expect(within(rows[0]).getByText('ongoing')).toBeInTheDocument();
    expect(within(rows[0]).getByText('3.2× band')).toBeInTheDocument();
    expect(within(rows[1]).queryByText('ongoing')).toBeNull();
  });

  it('shows the sidecar’s 404 for an unknown series', async () => {
    renderDrilldown(fail(404, { error: 'Not Found', message: 'no anomaly series cpu-checkout', statusCode: 404 }));
    expect(await screen.findByText('Sidecar error 404: no anomaly series cpu-checkout')).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Anomaly events' })).toBeNull();
  });
});
