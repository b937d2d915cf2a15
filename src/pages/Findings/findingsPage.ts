import { EmbeddedScene, SceneAppPage, SceneFlexItem, SceneFlexLayout, SceneRefreshPicker } from '@grafana/scenes';
import {
  FINDINGS_PATH,
  findingsUrl,
  INCIDENTS_SEGMENT,
  incidentUrl,
  K8SGPT_TAB_PATH,
  k8sgptFindingsUrl,
} from '../../shared/links';
import { FindingListScene } from './FindingListScene';
import { buildIncidentDrilldownScene } from './IncidentDrilldownScene';
import { IncidentListScene } from './IncidentListScene';

function listScene(body: IncidentListScene | FindingListScene): EmbeddedScene {
  return new EmbeddedScene({
    controls: [new SceneRefreshPicker({})],
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body })] }),
  });
}

export const buildIncidentListPageScene = () => listScene(new IncidentListScene());
export const buildFindingListPageScene = () => listScene(new FindingListScene());

const INCIDENT_ROUTE = `${INCIDENTS_SEGMENT}/:id/*`;

/**
 * /findings (tab "Incidents", one incident at /findings/incidents/:id) and /findings/k8sgpt (tab "K8sGPT findings").
 * Routes are matched inside the page, so the static segments win over ":id".
 */
export function buildFindingsPage(): SceneAppPage {
  const page: SceneAppPage = new SceneAppPage({
    title: 'Findings',
    subTitle: 'Incidents opened by critical alerts, with what broke, why and what to do; and K8sGPT findings',
    url: findingsUrl(),
    routePath: `${FINDINGS_PATH}/*`,
    tabs: [
      new SceneAppPage({
        title: 'Incidents',
        url: findingsUrl(),
        routePath: '',
        getScene: buildIncidentListPageScene,
        drilldowns: [
          {
            routePath: INCIDENT_ROUTE,
            getPage: (match) => {
              const id = decodeURIComponent(match.params.id ?? '');
              return new SceneAppPage({
                title: 'Incident',
                subTitle: id,
                url: incidentUrl(id),
                routePath: INCIDENT_ROUTE,
                // The breadcrumb goes back to the Findings page itself (its first tab is the incident list).
                getParentPage: () => page,
                getScene: () => buildIncidentDrilldownScene(id),
              });
            },
          },
        ],
      }),
      new SceneAppPage({
        title: 'K8sGPT findings',
        url: k8sgptFindingsUrl(),
        routePath: K8SGPT_TAB_PATH,
        getScene: buildFindingListPageScene,
      }),
    ],
  });
  return page;
}
