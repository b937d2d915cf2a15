import React from 'react';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import type { ForecastRow } from '../../datasource/frames';
import { formatCrossing } from '../../shared/formatCrossing';
import { formatValue } from '../../shared/formatValue';
import { useNow } from '../../shared/useNow';
import { frameRows } from '../../shared/sceneData';
import { Stat } from '../../shared/Stat';
import { SummaryHeadline } from '../../shared/SummaryHeadline';
import { loadingOrError } from '../../shared/loadingOrError';

/** The headline of a drilldown: which series, where it is now, and when it is predicted to cross its threshold. */
export class ForecastSummaryScene extends SceneObjectBase<SceneObjectState> {
  static Component = ForecastSummaryRenderer;
}

function ForecastSummaryRenderer({ model }: SceneComponentProps<ForecastSummaryScene>) {
  const { data } = sceneGraph.getData(model).useState();
  const now = useNow();
  const pending = loadingOrError(data, 'Loading forecast…');
  if (pending) {
    return pending;
  }
  const [row] = frameRows<ForecastRow>(data, 'forecastSummary');
  if (!row) {
    return null;
  }
  const crossing = formatCrossing({ at: row.crossingAt, earliest: row.earliest, latest: row.latest }, now);
  const threshold =
    row.threshold === null
      ? 'none'
      : `${row.direction === 'below' ? '<' : '>'} ${formatValue(row.threshold, row.unit)}`;
  return (
    <SummaryHeadline testId="forecast-summary" title={row.title} labels={row.series}>
      <Stat label="Threshold crossing" value={crossing.text} detail={crossing.range} />
      <Stat label="Current" value={formatValue(row.current, row.unit)} />
      <Stat label="Threshold" value={threshold} />
      <Stat label="Model" value={row.model} detail={row.mase === null ? '' : `MASE ${row.mase.toFixed(2)}`} />
      <Stat label="Job" value={row.job} />
    </SummaryHeadline>
  );
}
