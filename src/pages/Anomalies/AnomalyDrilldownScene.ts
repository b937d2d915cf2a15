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
import { buildAnomalyBandChart, buildAnomalyScoreChart } from './anomalyCharts';
import { AnomalyEventsScene } from './AnomalyEventsScene';
import { AnomalySummaryScene } from './AnomalySummaryScene';

export const ANOMALY_DETAIL_QUERIES = ['anomalySummary', 'anomalySeries', 'anomalyScore', 'anomalyEvents'] as const;

/**
 * One series: summary, band chart, score and events share a single runner (the detail is fetched once). The
 * default range is the shipped detection window (6h); the sidecar returns only that window's points.
 */
export function buildAnomalyDrilldownScene(anomalyId: string): EmbeddedScene {
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-6h', to: 'now' }),
    $data: new SceneQueryRunner({
      datasource: SIDECAR_DATASOURCE_REF,
      queries: ANOMALY_DETAIL_QUERIES.map((queryType) => sidecarQuery({ queryType, anomalyId })),
    }),
    controls: [new SceneTimePicker({}), new SceneRefreshPicker({})],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        new SceneFlexItem({ body: new AnomalySummaryScene({}) }),
        new SceneFlexItem({ minHeight: 340, body: buildAnomalyBandChart() }),
        new SceneFlexItem({ minHeight: 200, body: buildAnomalyScoreChart() }),
        new SceneFlexItem({ body: new AnomalyEventsScene({}) }),
      ],
    }),
  });
}
