import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import { Stack, Text, useStyles2 } from '@grafana/ui';
import type { OutlierGroupRow } from '../../datasource/outlierFrames';
import { formatRelative } from '../../shared/formatCrossing';
import { frameRows } from '../../shared/sceneData';
import { Stat } from '../../shared/Stat';
import { useNow } from '../../shared/useNow';
import { GroupSize } from './outlierParts';
import { loadingOrError } from '../../shared/loadingOrError';

/** The headline of a group drilldown: which group, compared on which features, how many rogue members. */
export class OutlierGroupSummaryScene extends SceneObjectBase<SceneObjectState> {
  static Component = OutlierGroupSummaryRenderer;
}

function OutlierGroupSummaryRenderer({ model }: SceneComponentProps<OutlierGroupSummaryScene>) {
  const styles = useStyles2(getStyles);
  const now = useNow();
  const { data } = sceneGraph.getData(model).useState();
  const pending = loadingOrError(data, 'Loading outlier group…');
  if (pending) {
    return pending;
  }
  const [group] = frameRows<OutlierGroupRow>(data, 'outlierGroup');
  if (!group) {
    return null;
  }
  return (
    <div className={styles.box} data-testid="outlier-group-summary">
      <Text element="h2" variant="h3">
        {group.title}
      </Text>
      <div className={styles.labels}>{group.groupLabels}</div>
      <Stack gap={4} wrap="wrap" alignItems="flex-start">
        <div>
          <Text color="secondary" variant="bodySmall">
            Members
          </Text>
          <div>
            <GroupSize group={group} />
          </div>
        </div>
        <Stat label="Compared on" value={group.features.join(', ')} />
        <Stat label="Job" value={group.job} />
        <Stat label="Updated" value={formatRelative(group.updatedAt, now)} />
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
