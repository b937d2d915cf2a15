import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import { Badge, Text, useStyles2 } from '@grafana/ui';
import type { AnomalyEventRow } from '../../datasource/anomalyFrames';
import { kindLabel } from '../../shared/formatAnomaly';
import { formatRelative } from '../../shared/formatCrossing';
import { getTableStyles } from '../../shared/JobStatesTable';
import { frameRows } from '../../shared/sceneData';
import { useNow } from '../../shared/useNow';

const time = (t: number) => dateTimeFormat(t, { format: 'YYYY-MM-DD HH:mm' });

/** Every anomaly of the detection window, newest first; open ones are marked ongoing. */
export class AnomalyEventsScene extends SceneObjectBase<SceneObjectState> {
  static Component = AnomalyEventsRenderer;
}

function AnomalyEventsRenderer({ model }: SceneComponentProps<AnomalyEventsScene>) {
  const styles = useStyles2(getStyles);
  const now = useNow();
  const { data } = sceneGraph.getData(model).useState();
  const frame = data?.series.find((f) => f.refId === 'anomalyEvents');
  if (!frame) {
    return null; // loading and errors are shown once, by the summary above
  }
  const events = frameRows<AnomalyEventRow>(data, 'anomalyEvents');
  return (
    <div className={styles.box}>
      <Text element="h3" variant="h5">
        Events
      </Text>
      {!events.length ? (
        <Text color="secondary">No anomalies in the detection window.</Text>
      ) : (
        <table className={styles.table} aria-label="Anomaly events">
          <thead>
            <tr>
              <th>Kind</th>
              <th>Direction</th>
              <th>Size</th>
              <th>Start</th>
              <th>End</th>
              <th>Peak score</th>
              <th>Reaches limit</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={`${e.kind}-${e.start}`}>
                <td>{kindLabel(e.kind)}</td>
                <td>{e.direction}</td>
                <td>{e.size.toFixed(1)}× band</td>
                <td>{time(e.start)}</td>
                <td>{e.ongoing ? <Badge text="ongoing" color="red" /> : time(e.end)}</td>
                <td>{e.peakScore.toFixed(2)}</td>
                <td>{e.limitAt === null ? '—' : `${time(e.limitAt)} (${formatRelative(e.limitAt, now)})`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css`
    width: 100%;
  `,
  table: getTableStyles(theme),
});
