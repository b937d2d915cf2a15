import {
  EmbeddedScene,
  SceneAppPage,
  SceneFlexItem,
  SceneFlexLayout,
  SceneObject,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
} from '@grafana/scenes';
import { AuditScene } from './AuditScene';
import { PoliciesScene } from './PoliciesScene';
import { ProposalListScene } from './ProposalListScene';
import { RemediationDetailScene } from './RemediationDetailScene';
import {
  AUDIT_TAB_PATH,
  POLICIES_TAB_PATH,
  REMEDIATIONS_PATH,
  remediationAuditUrl,
  remediationPoliciesUrl,
  remediationsUrl,
  remediationUrl,
} from './remediationLinks';

function withRefresh(body: SceneObject): EmbeddedScene {
  return new EmbeddedScene({
    controls: [new SceneRefreshPicker({})],
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body })] }),
  });
}

export const buildProposalListPageScene = () => withRefresh(new ProposalListScene());
export const buildPoliciesPageScene = () => withRefresh(new PoliciesScene());
export const buildRemediationDrilldownScene = (proposalId: string) =>
  withRefresh(new RemediationDetailScene({ proposalId }));

/** The audit tab has its own time range: the picker's range is the log's since/until. */
export function buildAuditPageScene(): EmbeddedScene {
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-24h', to: 'now' }),
    controls: [new SceneTimePicker({}), new SceneRefreshPicker({})],
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: new AuditScene() })] }),
  });
}

const PROPOSAL_ROUTE = ':id/*';

/**
 * /remediations (tab "Proposals", one proposal at /remediations/:id), /remediations/audit and
 * /remediations/policies. The router ranks the static tab paths above ":id".
 */
export function buildRemediationsPage(): SceneAppPage {
  const page: SceneAppPage = new SceneAppPage({
    title: 'Remediations',
    subTitle: 'Actions proposed by policy, approved by a person, run once, verified, and recorded in an audit log',
    url: remediationsUrl(),
    routePath: `${REMEDIATIONS_PATH}/*`,
    tabs: [
      new SceneAppPage({
        title: 'Proposals',
        url: remediationsUrl(),
        routePath: '',
        getScene: buildProposalListPageScene,
        drilldowns: [
          {
            routePath: PROPOSAL_ROUTE,
            getPage: (match) => {
              const id = decodeURIComponent(match.params.id ?? '');
              return new SceneAppPage({
                title: 'Remediation',
                subTitle: id,
                url: remediationUrl(id),
                routePath: PROPOSAL_ROUTE,
                getParentPage: () => page,
                getScene: () => buildRemediationDrilldownScene(id),
              });
            },
          },
        ],
      }),
      new SceneAppPage({
        title: 'Audit',
        url: remediationAuditUrl(),
        routePath: AUDIT_TAB_PATH,
        getScene: buildAuditPageScene,
      }),
      new SceneAppPage({
        title: 'Policies',
        url: remediationPoliciesUrl(),
        routePath: POLICIES_TAB_PATH,
        getScene: buildPoliciesPageScene,
      }),
    ],
  });
  return page;
}
