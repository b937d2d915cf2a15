import { DataFrame, LoadingState, rangeUtil } from '@grafana/data';
import {
  EmbeddedScene,
  SceneFlexItem,
  SceneFlexLayout,
  sceneGraph,
  SceneObject,
  SceneQueryRunner,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
} from '@grafana/scenes';
import { SIDECAR_DATASOURCE_REF, sidecarQuery } from '../../datasource/SidecarDataSource';
import { dataError } from '../../shared/sceneData';
import { SloAlertsScene } from './SloAlertsScene';
import { SloBurnRatesScene } from './SloBurnRatesScene';
import { buildSloBudgetChart, buildSloErrorRatioChart } from './sloCharts';
import { SloRulesScene } from './SloRulesScene';
import { SloSummaryScene } from './SloSummaryScene';

export const SLO_DETAIL_QUERIES = [
  'sloSummary',
  'sloBudget',
  'sloExhaustion',
  'sloErrorRatio',
  'sloBurnRates',
  'sloAlerts',
] as const;

/** A 30-day window back and forth; the first answer fits the range to the SLO's own window and forecast. */
export const DEFAULT_RANGE = { from: 'now-30d', to: 'now+30d' };
const DAY = 86_400_000;

/**
 * The range that shows the whole burn-down: back to the first history point and on to the end of the forecast,
 * in whole days and relative to now so refreshes keep sliding.
 */
export function rangeForBudget(frame: DataFrame, now: number): { from: string; to: string } | null {
  const times = frame.fields.find((f) => f.name === 'time')?.values ?? [];
  if (!times.length) {
    return null;
  }
  const back = Math.max(1, Math.ceil((now - times[0]) / DAY));
  const ahead = Math.ceil((times[times.length - 1] - now) / DAY);
  return { from: `now-${back}d`, to: ahead > 0 ? `now+${ahead}d` : 'now' };
}

/** Behaviour: once the detail arrives, fit the time range to it unless someone (a URL, a user) already chose one. */
function fitTimeRangeToSlo(scene: SceneObject) {
  const runner = sceneGraph.getData(scene);
  const timeRange = sceneGraph.getTimeRange(scene);
  const fit = () => {
    const data = runner.state.data;
    const frame = data?.series.find((f) => f.refId === 'sloBudget');
    if (data?.state !== LoadingState.Done || !frame) {
      return false;
    }
    const { from, to } = timeRange.state;
    const range = rangeForBudget(frame, Date.now());
    if (range && from === DEFAULT_RANGE.from && to === DEFAULT_RANGE.to && (range.from !== from || range.to !== to)) {
      timeRange.onTimeRangeChange(rangeUtil.convertRawToRange(range));
    }
    return true;
  };
  if (fit()) {
    return;
  }
  const sub = runner.subscribeToState(() => fit() && sub.unsubscribe());
  return () => sub.unsubscribe();
}

/** Behaviour: when the SLO cannot be loaded (unknown id, sidecar down) only the summary's explanation stays. */
function hideOnError(items: SceneFlexItem[]) {
  return (scene: SceneObject) => {
    const runner = sceneGraph.getData(scene);
    const apply = () => {
      const failed = dataError(runner.state.data) !== undefined;
      items.filter((i) => !!i.state.isHidden !== failed).forEach((i) => i.setState({ isHidden: failed }));
    };
    apply();
    const sub = runner.subscribeToState(apply);
    return () => sub.unsubscribe();
  };
}

/**
 * One SLO: headline, burn-down with the forecast cone and exhaustion mark, burn-rate windows, alert rules, error
 * ratio and the generated Prometheus rules. All but the rules share one runner, so the detail is fetched once.
 */
export function buildSloDrilldownScene(sloId: string): EmbeddedScene {
  const details = [
    new SceneFlexItem({ minHeight: 380, body: buildSloBudgetChart() }),
    new SceneFlexItem({
      // Side by side on wide screens (Scenes stacks rows below the md breakpoint).
      body: new SceneFlexLayout({
        direction: 'row',
        children: [
          new SceneFlexItem({ width: '42%', body: new SloBurnRatesScene({}) }),
          new SceneFlexItem({ body: new SloAlertsScene({}) }),
        ],
      }),
    }),
    new SceneFlexItem({ minHeight: 260, body: buildSloErrorRatioChart() }),
    new SceneFlexItem({ body: new SloRulesScene({ sloId }) }),
  ];
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange(DEFAULT_RANGE),
    $data: new SceneQueryRunner({
      datasource: SIDECAR_DATASOURCE_REF,
      queries: SLO_DETAIL_QUERIES.map((queryType) => sidecarQuery({ queryType, sloId })),
    }),
    $behaviors: [fitTimeRangeToSlo, hideOnError(details)],
    controls: [new SceneTimePicker({}), new SceneRefreshPicker({})],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [new SceneFlexItem({ body: new SloSummaryScene({ sloId }) }), ...details],
    }),
  });
}
