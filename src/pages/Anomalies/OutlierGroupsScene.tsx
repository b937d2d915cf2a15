import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState, SceneQueryRunner } from '@grafana/scenes';
import { Alert, useStyles2 } from '@grafana/ui';
import { SIDECAR_DATASOURCE_REF, sidecarQuery } from '../../datasource/SidecarDataSource';
import type { OutlierGroupRow, OutlierMemberRow } from '../../datasource/outlierFrames';
import { AppLink } from '../../shared/AppLink';
import { getTableStyles } from '../../shared/JobStatesTable';
import { frameRows } from '../../shared/sceneData';
import { useNow } from '../../shared/useNow';
import { outlierGroupUrl } from './anomalyLinks';
import { GroupSize, RogueMember } from './outlierParts';
import { loadingOrError } from '../../shared/loadingOrError';

/** Every group of look-alike series (pods of a deployment, nodes of a nodepool), groups with rogue members first. */
export class OutlierGroupsScene extends SceneObjectBase<SceneObjectState> {
  constructor(state: Partial<SceneObjectState> = {}) {
    super({
      $data: new SceneQueryRunner({
        datasource: SIDECAR_DATASOURCE_REF,
        queries: [sidecarQuery({ queryType: 'outlierGroups' }), sidecarQuery({ queryType: 'outlierMembers' })],
      }),
      ...state,
    });
  }

  static Component = OutlierGroupsRenderer;
}

function OutlierGroupsRenderer({ model }: SceneComponentProps<OutlierGroupsScene>) {
  const styles = useStyles2(getStyles);
  const now = useNow();
  const { data } = sceneGraph.getData(model).useState();
  const pending = loadingOrError(data, 'Loading outlier groups…');
  if (pending) {
    return pending;
  }
  const groups = frameRows<OutlierGroupRow>(data, 'outlierGroups');
  const members = frameRows<OutlierMemberRow>(data, 'outlierMembers');
  if (!groups.length) {
    return (
      <Alert severity="info" title="No outlier groups yet">
        The sidecar has not compared any group yet. Outlier jobs run on a schedule; come back after their first run.
      </Alert>
    );
  }
  return (
    <table className={styles.table} aria-label="Outlier groups">
      <thead>
        <tr>
          <th>Group</th>
          <th>Features</th>
          <th>Members</th>
          <th>Rogue members and why</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => {
          const rogue = members.filter((m) => m.groupId === g.id && m.outlying);
          return (
            <tr key={g.id}>
              <td>
                <AppLink href={outlierGroupUrl(g.id)}>{g.title}</AppLink>
                <div className={styles.secondary}>{g.groupLabels}</div>
              </td>
              <td>{g.features.join(', ')}</td>
              <td>
                <GroupSize group={g} />
              </td>
              <td>{rogue.length ? rogue.map((m) => <RogueMember key={m.id} member={m} now={now} />) : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: getTableStyles(theme),
  secondary: css`
    color: ${theme.colors.text.secondary};
    font-size: ${theme.typography.bodySmall.fontSize};
    font-family: ${theme.typography.fontFamilyMonospace};
  `,
});
