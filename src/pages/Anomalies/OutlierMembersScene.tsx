import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import { Badge, Text, useStyles2 } from '@grafana/ui';
import type { OutlierGroupRow, OutlierMemberRow } from '../../datasource/outlierFrames';
import { formatValue } from '../../shared/formatValue';
import { getTableStyles } from '../../shared/JobStatesTable';
import { frameRows } from '../../shared/sceneData';
import { useNow } from '../../shared/useNow';
import { Intervals, Reasons } from './outlierParts';

/** Every member of the group with its latest feature values; rogue members first, on a red row. */
export class OutlierMembersScene extends SceneObjectBase<SceneObjectState> {
  static Component = OutlierMembersRenderer;
}

function OutlierMembersRenderer({ model }: SceneComponentProps<OutlierMembersScene>) {
  const styles = useStyles2(getStyles);
  const now = useNow();
  const { data } = sceneGraph.getData(model).useState();
  const [group] = frameRows<OutlierGroupRow>(data, 'outlierGroup');
  const members = frameRows<OutlierMemberRow>(data, 'outlierGroupMembers');
  if (!group) {
    return null; // loading and errors are shown once, by the summary above
  }
  return (
    <div className={styles.box}>
      <Text element="h3" variant="h5">
        Members
      </Text>
      <table className={styles.table} aria-label="Members">
        <thead>
          <tr>
            <th>Member</th>
            <th>Status</th>
            <th>Outlying share</th>
            {group.features.map((f) => (
              <th key={f}>{f}</th>
            ))}
            <th>Why and when</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id} className={m.outlying ? styles.rogue : undefined}>
              <td>
                <div>{m.id}</div>
                <div className={styles.secondary}>{m.series}</div>
              </td>
              <td>{m.outlying ? <Badge text="outlier" color="red" icon="exclamation-triangle" /> : 'normal'}</td>
              <td>{`${Math.round(m.score * 100)}%`}</td>
              {group.features.map((f) => (
                <td key={f}>{formatValue(m.latest[f], 'short')}</td>
              ))}
              <td>
                <Reasons member={m} />
                <Intervals member={m} now={now} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css`
    width: 100%;
  `,
  table: getTableStyles(theme),
  rogue: css`
    background: ${theme.colors.error.transparent};
  `,
  secondary: css`
    color: ${theme.colors.text.secondary};
    font-size: ${theme.typography.bodySmall.fontSize};
    font-family: ${theme.typography.fontFamilyMonospace};
  `,
});
