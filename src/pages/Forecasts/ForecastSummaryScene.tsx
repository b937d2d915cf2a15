import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import { Stack, Text, useStyles2 } from '@grafana/ui';
import type { ForecastRow } from '../../datasource/frames';
import { formatCrossing } from '../../shared/formatCrossing';
import { formatValue } from '../../shared/formatValue';
import { useNow } from '../../shared/useNow';
import { frameRows } from '../../shared/sceneData';
import { Stat } from '../../shared/Stat';
import { loadingOrError } from '../../shared/loadingOrError';

/** The headline of a drilldown: which series, where it is now, and when it is predicted to cross its threshold. */
export class ForecastSummaryScene extends SceneObjectBase<SceneObjectState> {
  static Component = ForecastSummaryRenderer;
}

function ForecastSummaryRenderer({ model }: SceneComponentProps<ForecastSummaryScene>) {
  const styles = useStyles2(getStyles);
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
    <div className={styles.box} data-testid="forecast-summary">
      <Text element="h2" variant="h3">
        {row.title}
      </Text>
      <div className={styles.labels}>{row.series}</div>
      <Stack gap={4} wrap="wrap">
        <Stat label="Threshold crossing" value={crossing.text} detail={crossing.range} />
        <Stat label="Current" value={formatValue(row.current, row.unit)} />
        <Stat label="Threshold" value={threshold} />
        <Stat label="Model" value={row.model} detail={row.mase === null ? '' : `MASE ${row.mase.toFixed(2)}`} />
        <Stat label="Job" value={row.job} />
      </Stack>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css`
    width: 100%;
    display: flex;
    flex-direction: column;
    gap: ${theme.spacing(1)};
  `,
  labels: css`
    font-family: ${theme.typography.fontFamilyMonospace};
    color: ${theme.colors.text.secondary};
  `,
});
