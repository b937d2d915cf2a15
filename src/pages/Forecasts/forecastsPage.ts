import { EmbeddedScene, SceneAppPage, SceneFlexItem, SceneFlexLayout, SceneRefreshPicker } from '@grafana/scenes';
import { ROUTES } from '../../constants';
import { forecastUrl } from '../../shared/links';
import { prefixRoute } from '../../utils/utils.routing';
import { buildForecastDrilldownScene } from './ForecastDrilldownScene';
import { ForecastsListScene } from './ForecastsListScene';

export function buildForecastsListPageScene(): EmbeddedScene {
  return new EmbeddedScene({
    controls: [new SceneRefreshPicker({})],
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: new ForecastsListScene() })] }),
  });
}

export function buildForecastsPage(): SceneAppPage {
  return new SceneAppPage({
    title: 'Forecasts',
    subTitle: 'Every forecast series, soonest predicted threshold crossing first',
    url: prefixRoute(ROUTES.Forecasts),
    routePath: `${ROUTES.Forecasts}/*`,
    getScene: buildForecastsListPageScene,
    drilldowns: [
      {
        routePath: ':id/*',
        getPage: (match, parent) => {
          const id = decodeURIComponent(match.params.id ?? '');
          return new SceneAppPage({
            title: 'Forecast',
            subTitle: id,
            url: forecastUrl(id),
            routePath: ':id/*',
            // getParentPage gives the breadcrumb back to the list.
            getParentPage: () => parent,
            getScene: () => buildForecastDrilldownScene(id),
          });
        },
      },
    ],
  });
}
