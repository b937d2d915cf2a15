import { EmbeddedScene, SceneAppPage, SceneFlexItem, SceneFlexLayout, SceneRefreshPicker } from '@grafana/scenes';
import { ROUTES } from '../../constants';
import { prefixRoute } from '../../utils/utils.routing';
import { buildAnomalyDrilldownScene } from './AnomalyDrilldownScene';
import { AnomalyListScene } from './AnomalyListScene';
import { anomaliesUrl, anomalyUrl, OUTLIERS_PATH, outlierGroupUrl, outliersUrl } from './anomalyLinks';
import { buildOutlierGroupDrilldownScene } from './OutlierGroupDrilldownScene';
import { OutlierGroupsScene } from './OutlierGroupsScene';

function listScene(body: AnomalyListScene | OutlierGroupsScene): EmbeddedScene {
  return new EmbeddedScene({
    controls: [new SceneRefreshPicker({})],
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body })] }),
  });
}

export const buildAnomalyListPageScene = () => listScene(new AnomalyListScene());
export const buildOutliersPageScene = () => listScene(new OutlierGroupsScene());

const idParam = (params: Record<string, string | undefined>) => decodeURIComponent(params.id ?? '');

/**
 * /anomalies (tab "Anomalies", drilldown /anomalies/:id) and /anomalies/outliers (tab "Outliers", drilldown
 * /anomalies/outliers/:id). Routes are matched inside the page, so the static "outliers" wins over ":id".
 */
export function buildAnomaliesPage(): SceneAppPage {
  const page: SceneAppPage = new SceneAppPage({
    title: 'Anomalies',
    subTitle:
      'Series outside their learned band, most severe first, and rogue members of groups that should behave alike',
    url: prefixRoute(ROUTES.Anomalies),
    routePath: `${ROUTES.Anomalies}/*`,
    tabs: [
      new SceneAppPage({
        title: 'Anomalies',
        url: anomaliesUrl(),
        routePath: '',
        getScene: buildAnomalyListPageScene,
        drilldowns: [
          {
            routePath: ':id/*',
            getPage: (match) => {
              const id = idParam(match.params);
              return new SceneAppPage({
                title: 'Anomaly',
                subTitle: id,
                url: anomalyUrl(id),
                routePath: ':id/*',
                // The breadcrumb goes back to the Anomalies page itself (the tab has the same name).
                getParentPage: () => page,
                getScene: () => buildAnomalyDrilldownScene(id),
              });
            },
          },
        ],
      }),
      new SceneAppPage({
        title: 'Outliers',
        url: outliersUrl(),
        routePath: OUTLIERS_PATH,
        getScene: buildOutliersPageScene,
        drilldowns: [
          {
            routePath: `${OUTLIERS_PATH}/:id/*`,
            getPage: (match, parent) => {
              const id = idParam(match.params);
              return new SceneAppPage({
                title: 'Outlier group',
                subTitle: id,
                url: outlierGroupUrl(id),
                routePath: `${OUTLIERS_PATH}/:id/*`,
                getParentPage: () => parent,
                getScene: () => buildOutlierGroupDrilldownScene(id),
              });
            },
          },
        ],
      }),
    ],
  });
  return page;
}
