import React from 'react';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import type { AnomalyRow } from '../../datasource/anomalyFrames';
import { AppLink } from '../../shared/AppLink';
import { bandPosition, formatAnomalyEvent, formatLimit } from '../../shared/formatAnomaly';
import { formatValue } from '../../shared/formatValue';
import { forecastUrl } from '../../shared/links';
import { frameRows } from '../../shared/sceneData';
import { useNow } from '../../shared/useNow';
import { Stat } from '../../shared/Stat';
import { SummaryHeadline } from '../../shared/SummaryHeadline';
import { loadingOrError } from '../../shared/loadingOrError';

/** The headline of an anomaly drilldown: which series, what is happening now, and where its forecast is. */
export class AnomalySummaryScene extends SceneObjectBase<SceneObjectState> {
  static Component = AnomalySummaryRenderer;
}

function AnomalySummaryRenderer({ model }: SceneComponentProps<AnomalySummaryScene>) {
  const { data } = sceneGraph.getData(model).useState();
  const now = useNow();
  const pending = loadingOrError(data, 'Loading anomaly…');
  if (pending) {
    return pending;
  }
  const [row] = frameRows<AnomalyRow>(data, 'anomalySummary');
  if (!row) {
    return null;
  }
  const latest =
    row.kind && row.direction && row.size !== null && row.start !== null && row.end !== null
      ? formatAnomalyEvent(
          {
            kind: row.kind,
            direction: row.direction,
            size: row.size,
            start: row.start,
            end: row.end,
            ongoing: !!row.ongoing,
          },
          now
        )
      : 'none in the detection window';
  const band =
    row.bandLower === null || row.bandUpper === null
      ? '—'
      : `${formatValue(row.bandLower, row.unit)} – ${formatValue(row.bandUpper, row.unit)}`;
  return (
    <SummaryHeadline
      testId="anomaly-summary"
      title={row.title}
      labels={row.series}
      aside={row.forecastId && <AppLink href={forecastUrl(row.forecastId)}>Forecast of this series</AppLink>}
    >
      <Stat label="Latest anomaly" value={latest} detail={formatLimit(row.limitAt, now)} />
      <Stat label="Score" value={row.score.toFixed(2)} detail={`flagged from ${row.threshold.toFixed(2)}`} />
      <Stat label="Current" value={formatValue(row.current, row.unit)} detail={bandPosition(row.anomalous)} />
      <Stat label="Band" value={band} />
      <Stat label="Events" value={String(row.eventCount)} detail="in the detection window" />
      <Stat label="Job" value={row.job} />
    </SummaryHeadline>
  );
}
