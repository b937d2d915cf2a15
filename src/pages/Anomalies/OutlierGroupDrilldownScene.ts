import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, SceneQueryRunner, SceneRefreshPicker } from '@grafana/scenes';
import { SIDECAR_DATASOURCE_REF, sidecarQuery } from '../../datasource/SidecarDataSource';
import { OutlierGroupSummaryScene } from './OutlierGroupSummaryScene';
import { OutlierMembersScene } from './OutlierMembersScene';

/** One group: its headline and every member, rogue ones highlighted; one runner, the group fetched once. */
export function buildOutlierGroupDrilldownScene(groupId: string): EmbeddedScene {
  return new EmbeddedScene({
    $data: new SceneQueryRunner({
      datasource: SIDECAR_DATASOURCE_REF,
      queries: [
        sidecarQuery({ queryType: 'outlierGroup', groupId }),
        sidecarQuery({ queryType: 'outlierGroupMembers', groupId }),
      ],
    }),
    controls: [new SceneRefreshPicker({})],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        new SceneFlexItem({ body: new OutlierGroupSummaryScene({}) }),
        new SceneFlexItem({ body: new OutlierMembersScene({}) }),
      ],
    }),
  });
}
