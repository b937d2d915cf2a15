import { EmbeddedScene, SceneAppPage, SceneFlexItem, SceneFlexLayout, SceneRefreshPicker } from '@grafana/scenes';
import { SLOS_PATH, sloUrl, slosUrl } from '../../shared/links';
import { buildSloDrilldownScene } from './SloDrilldownScene';
import { SloListScene } from './SloListScene';

export function buildSloListPageScene(): EmbeddedScene {
  return new EmbeddedScene({
    controls: [new SceneRefreshPicker({})],
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: new SloListScene() })] }),
  });
}

/** /slos: every SLO, soonest budget exhaustion first; /slos/:id: one SLO with its burn-down and alerts. */
export function buildSlosPage(): SceneAppPage {
  return new SceneAppPage({
    title: 'SLOs',
    subTitle: 'Error budgets, burn rates and when each budget runs out, soonest exhaustion first',
    url: slosUrl(),
    routePath: `${SLOS_PATH}/*`,
    getScene: buildSloListPageScene,
    drilldowns: [
      {
        routePath: ':id/*',
        getPage: (match, parent) => {
          const id = decodeURIComponent(match.params.id ?? '');
          return new SceneAppPage({
            title: 'SLO',
            subTitle: id,
            url: sloUrl(id),
            routePath: ':id/*',
            // getParentPage gives the breadcrumb back to the list.
            getParentPage: () => parent,
            getScene: () => buildSloDrilldownScene(id),
          });
        },
      },
    ],
  });
}
