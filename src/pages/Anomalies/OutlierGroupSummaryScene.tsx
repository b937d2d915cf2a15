import React from 'react';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import { Text } from '@grafana/ui';
import type { OutlierGroupRow } from '../../datasource/outlierFrames';
import { formatRelative } from '../../shared/formatCrossing';
import { frameRows } from '../../shared/sceneData';
import { Stat } from '../../shared/Stat';
import { SummaryHeadline } from '../../shared/SummaryHeadline';
import { useNow } from '../../shared/useNow';
import { GroupSize } from './outlierParts';
import { loadingOrError } from '../../shared/loadingOrError';

/** The headline of a group drilldown: which group, compared on which features, how many rogue members. */
export class OutlierGroupSummaryScene extends SceneObjectBase<SceneObjectState> {
  static Component = OutlierGroupSummaryRenderer;
}

function OutlierGroupSummaryRenderer({ model }: SceneComponentProps<OutlierGroupSummaryScene>) {
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
    <SummaryHeadline
      testId="outlier-group-summary"
      title={group.title}
      labels={group.groupLabels}
      alignStats="flex-start"
    >
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
    </SummaryHeadline>
  );
}
