import {
  EmbeddedScene,
  SceneFlexItem,
  SceneFlexLayout,
  SceneQueryRunner,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
} from '@grafana/scenes';
import { SIDECAR_DATASOURCE_REF, sidecarQuery } from '../../datasource/SidecarDataSource';
import { BacktestScene } from './BacktestScene';
import { buildForecastChart } from './forecastChart';
import { ForecastSummaryScene } from './ForecastSummaryScene';

/**
 * One forecast: summary, chart and backtest share a single runner (the datasource fetches the detail once).
 * The time range reaches into the future because that is where the forecast lives.
 */
export function buildForecastDrilldownScene(forecastId: string): EmbeddedScene {
  const queries = (['forecastSeries', 'forecastSummary', 'forecastBacktest'] as const).map((queryType) =>
    sidecarQuery({ queryType, forecastId })
  );
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-24h', to: 'now+24h' }),
    $data: new SceneQueryRunner({ datasource: SIDECAR_DATASOURCE_REF, queries }),
    controls: [new SceneTimePicker({}), new SceneRefreshPicker({})],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        new SceneFlexItem({ body: new ForecastSummaryScene({}) }),
        new SceneFlexItem({ minHeight: 360, body: buildForecastChart() }),
        new SceneFlexItem({ body: new BacktestScene({}) }),
      ],
    }),
  });
}
