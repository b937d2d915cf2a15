import { EmbeddedScene, SceneAppPage, SceneFlexItem, SceneFlexLayout, SceneRefreshPicker } from '@grafana/scenes';
import { ROUTES } from '../../constants';
import { prefixRoute } from '../../utils/utils.routing';
import { AttentionListScene } from './AttentionListScene';
import { CapacityScene } from './CapacityScene';
import { OpenIncidentsScene } from './OpenIncidentsScene';
import { SidecarHealthScene } from './SidecarHealthScene';

export function buildOverviewScene(): EmbeddedScene {
  return new EmbeddedScene({
    controls: [new SceneRefreshPicker({})],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        new SceneFlexItem({ body: new SidecarHealthScene() }),
        new SceneFlexItem({ body: new OpenIncidentsScene() }),
        new SceneFlexItem({ body: new AttentionListScene() }),
        new SceneFlexItem({ body: new CapacityScene() }),
      ],
    }),
  });
}

export function buildOverviewPage(): SceneAppPage {
  return new SceneAppPage({
    title: 'Overview',
    subTitle: 'What needs attention now: open incidents, predicted threshold crossings, capacity and source health',
    url: prefixRoute(ROUTES.Overview),
    routePath: `${ROUTES.Overview}/*`,
    getScene: buildOverviewScene,
  });
}
