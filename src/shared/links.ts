import { ROUTES } from '../constants';
import { prefixRoute } from '../utils/utils.routing';

export function forecastUrl(id: string): string {
  return `${prefixRoute(ROUTES.Forecasts)}/${encodeURIComponent(id)}`;
}

/** The SLO page's route under the app: /a/<app>/slos, one SLO at /a/<app>/slos/<id>. */
export const SLOS_PATH = 'slos';

export const slosUrl = () => prefixRoute(SLOS_PATH);
export const sloUrl = (id: string) => `${slosUrl()}/${encodeURIComponent(id)}`;

/**
 * The Findings page: /a/<app>/findings (tab "Incidents"), /a/<app>/findings/k8sgpt (tab "K8sGPT findings") and one
 * incident at /a/<app>/findings/incidents/<id>.
 */
export const FINDINGS_PATH = 'findings';
export const K8SGPT_TAB_PATH = 'k8sgpt';
export const INCIDENTS_SEGMENT = 'incidents';

export const findingsUrl = () => prefixRoute(FINDINGS_PATH);
export const k8sgptFindingsUrl = () => `${findingsUrl()}/${K8SGPT_TAB_PATH}`;
export const incidentUrl = (id: string) => `${findingsUrl()}/${INCIDENTS_SEGMENT}/${encodeURIComponent(id)}`;
