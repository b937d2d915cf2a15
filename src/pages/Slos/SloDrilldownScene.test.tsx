import React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { DataFrame, FieldConfigSource } from '@grafana/data';
import { setBackendSrv } from '@grafana/runtime';
import { sceneGraph, SceneFlexItem, VizPanel } from '@grafana/scenes';
import { registerSidecarDataSource } from '../../datasource/SidecarDataSource';
import { FakeAnswer, fail, fakeSidecarBackend, ok, PROXY } from '../../test/fakeSidecarBackend';
import { installBlankPanelPluginsForTests } from '../../test/panelPluginsForTests';
import { installRunRequestForTests } from '../../test/runRequestForTests';
import { installTransformersForTests } from '../../test/transformersForTests';
import { buildSloBudgetChart } from './sloCharts';
import { buildSloDrilldownScene } from './SloDrilldownScene';
import { sloDetail } from './sloFixtures';

const now = Date.now();
const HOUR = 3600_000;
const ID = 'payments-api-availability';

beforeAll(() => {
  installRunRequestForTests();
  installTransformersForTests();
  installBlankPanelPluginsForTests();
  registerSidecarDataSource();
});

function renderDrilldown(
  answer: FakeAnswer,
  routes: Record<string, FakeAnswer> = {},
  range?: { from: string; to: string }
) {
  const fake = fakeSidecarBackend({ [`${PROXY}/slos/${ID}`]: answer, ...routes });
  setBackendSrv(fake.backend);
  const scene = buildSloDrilldownScene(ID);
  if (range) {
    sceneGraph.getTimeRange(scene).setState(range);
  }
  render(<scene.Component model={scene} />);
  return { scene, fake };
}

function panel(scene: ReturnType<typeof buildSloDrilldownScene>, title: string): VizPanel {
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

describe('SLO drilldown', () => {
  it('feeds the burn-down the history, the forecast cone and the exhaustion mark, from one fetch', async () => {
    // A chosen range, so the range fit (which refetches) stays out of the way.
    const { scene, fake } = renderDrilldown(ok(sloDetail(now)), {}, { from: 'now-2d', to: 'now+4d' });
    const burnDown = panel(scene, 'Error budget burn-down');
    await waitFor(() => expect(seriesOf(burnDown)).toHaveLength(2));

    const [budget, mark] = seriesOf(burnDown);
    expect(budget.refId).toBe('sloBudget');
    expect(field(budget, 'actual')?.values).toEqual([0.5, 0.45, 0.38, 0.31, null, null, null]);
    expect(field(budget, 'forecast')?.values).toEqual([null, null, null, 0.31, 0.17, 0.02, -0.12]);
    expect(field(budget, 'lower')?.values.slice(3)).toEqual([0.31, 0.1, -0.08, -0.25]);
    expect(field(budget, 'upper')?.values.slice(3)).toEqual([0.31, 0.22, 0.12, 0.01]);
    expect(mark.refId).toBe('sloExhaustion');
    expect(field(mark, 'time')?.values).toEqual([now + 44 * HOUR, now + 52 * HOUR, now + 72 * HOUR]);
    expect(field(mark, 'exhaustion')?.values).toEqual([null, 0, null]);

    const [errorRatio, ...others] = seriesOf(panel(scene, 'Error ratio'));
    expect(others).toEqual([]);
    expect(field(errorRatio, 'error budget')?.values).toEqual([0.002, 0.002, 0.002, 0.002]);
    expect(fake.requests).toHaveLength(1);
  });

  it('draws the cone filled, the exhaustion as a point over its range and a dashed zero line', () => {
    const config = buildSloBudgetChart().state.fieldConfig;
    expect(override(config, 'upper', 'fillBelowTo')).toBe('lower');
    expect(override(config, 'forecast', 'lineStyle')).toEqual({ fill: 'dash', dash: [6, 4] });
    expect(override(config, 'exhaustion', 'drawStyle')).toBe('points');
    expect(override(config, 'exhaustion', 'color')).toEqual({ mode: 'fixed', fixedColor: 'red' });
    expect(override(config, 'exhaustion range', 'lineWidth')).toBe(6);
    expect(config.defaults.thresholds?.steps.at(-1)).toEqual({ value: 0, color: 'red' });
    expect(config.defaults.custom).toMatchObject({
      thresholdsStyle: { mode: 'dashed' },
      axisSoftMin: 0,
    });
    expect(config.defaults.max).toBe(1);
  });

  it('heads the page with SLI against objective, budget, exhaustion with its range, budget at the end and safe burn', async () => {
    renderDrilldown(ok(sloDetail(now)));
    const summary = await screen.findByTestId('slo-summary');
    expect(within(summary).getByRole('heading', { name: 'Payments API availability' })).toBeInTheDocument();
    expect(within(summary).getByText('99.860%')).toBeInTheDocument();
    expect(within(summary).getByText(/^objective 99\.8% · 144K bad of 104\.2M$/)).toBeInTheDocument();
    expect(within(summary).getByText('31.0%')).toBeInTheDocument();
    expect(within(summary).getByText(/^in 2d (3|4)h$/)).toBeInTheDocument();
    expect(within(summary).getByText(/earliest in 1d (19|20)h, latest in (2d 23h|3d)$/)).toBeInTheDocument();
    expect(within(summary).getByText('Budget left in 30d')).toBeInTheDocument();
    expect(within(summary).getByText('-190.0%')).toBeInTheDocument();
    expect(within(summary).getByText('range -240.0% to -120.0%')).toBeInTheDocument();
    expect(within(summary).getByText('0.31×')).toBeInTheDocument();
    expect(within(summary).getByText('now 3.40× over 1h')).toBeInTheDocument();
    expect(within(summary).getByText('ticket alert firing')).toBeInTheDocument();
  });

  it('colours each burn-rate window against the alerts reading it and says how long the budget lasts at that rate', async () => {
    renderDrilldown(ok(sloDetail(now)));
    const table = await screen.findByRole('table', { name: 'Burn-rate windows' });
    const rows = within(table).getAllByRole('row').slice(1);
    const text = rows.map((r) =>
      within(r)
        .getAllByRole('cell')
        .map((c) => c.textContent)
    );
    expect(text.map((r) => r[0])).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
    // 0.31 of a 30-day budget at 3.4× lasts 0.31 × 30d ÷ 3.4 = 2d 17h.
    expect(text[2]).toEqual(['1h', '3.40×', 'page 14.4×', '2d 17h']);
    expect(text[4]).toEqual(['6h', '3.10×', 'page 6×, ticket 1×', '3d']);
    // 6h burns above its ticket factor (1) but not its page factor (6); 5m is over 1 with no ticket reading it.
    expect(rows[4].className).not.toBe(rows[0].className);
    expect(rows[0].className).toBe(rows[6].className);
  });

  it('lists the multiwindow alerts with both windows, thresholds, current burns and which fires', async () => {
    renderDrilldown(ok(sloDetail(now)));
    const table = await screen.findByRole('table', { name: 'Burn-rate alerts' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      within(rows[0])
        .getAllByRole('cell')
        .map((c) => c.textContent)
    ).toEqual(['page', '1h and 5m', '14.4×error ratio 2.88%', '3.40×', '2.10×', '2d 2h', 'inactive']);
    expect(within(rows[2]).getByText('firing')).toBeInTheDocument();
    expect(within(rows[2]).getByText('1d and 2h')).toBeInTheDocument();
    expect(rows.filter((r) => within(r).queryByText('firing'))).toHaveLength(1);
  });

  it('fits the time range to the history and the forecast once the detail arrives', async () => {
    const { scene } = renderDrilldown(ok(sloDetail(now)));
    // History starts 3h ago and the forecast ends in 3 days (the fixture); the default is 30 days each way.
    await waitFor(() => expect(sceneGraph.getTimeRange(scene).state).toMatchObject({ from: 'now-1d', to: 'now+3d' }));
  });

  it('keeps a time range someone chose', async () => {
    const { scene } = renderDrilldown(ok(sloDetail(now)), {}, { from: 'now-7d', to: 'now+7d' });
    await screen.findByTestId('slo-summary');
    expect(sceneGraph.getTimeRange(scene).state).toMatchObject({ from: 'now-7d', to: 'now+7d' });
  });

  it('fetches and shows the rules only when the section is opened, with a copy button', async () => {
    const file = [
      '# Generated by prophet-aiops',
      'groups:',
      '  - name: prophet-slo-alerts-cart-api-availability',
      '    rules: []',
      `  - name: prophet-slo-alerts-${ID}`,
      '    rules:',
      '      - alert: SLOErrorBudgetBurn',
      '',
    ].join('\n');
    const { fake } = renderDrilldown(ok(sloDetail(now)), { [`${PROXY}/slos/rules`]: ok(file) });
    await screen.findByTestId('slo-summary');
    expect(fake.requests.map((r) => r.url)).not.toContain(`${PROXY}/slos/rules`);

    fireEvent.click(screen.getByRole('button', { name: /Prometheus rules/ }));
    const yaml = await screen.findByLabelText('Prometheus rules YAML');
    expect(yaml.textContent).toContain(`prophet-slo-alerts-${ID}`);
    expect(yaml.textContent).not.toContain('cart-api');
    expect(screen.getByRole('button', { name: /Copy rules/ })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Rule file for every SLO/ })).toHaveAttribute(
      'href',
      `${PROXY}/slos/rules`
    );
  });

  it('says an unknown SLO is not found, links back to the list and hides the empty charts', async () => {
    const { scene } = renderDrilldown(
      fail(404, { error: 'Not Found', message: `SLO "${ID}" not found`, statusCode: 404 })
    );
    expect(await screen.findByText('SLO not found')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to all SLOs' })).toHaveAttribute('href', '/a/prophet-aiops-app/slos');
    const items = sceneGraph.findAllObjects(scene, (o) => o instanceof SceneFlexItem) as SceneFlexItem[];
    await waitFor(() => expect(items.filter((i) => i.state.isHidden)).toHaveLength(4));
    expect(screen.queryByRole('table')).toBeNull();
  });
});
