import type { EvidenceRef, ProposalTrigger, RemediationProposal } from '../../api/types';
import { findingsUrl, forecastUrl, incidentUrl, k8sgptFindingsUrl } from '../../shared/links';
import { prefixRoute } from '../../utils/utils.routing';
import { anomalyUrl } from '../Anomalies/anomalyLinks';

/**
 * The Remediations page: /a/<app>/remediations (tab "Proposals"), …/remediations/audit, …/remediations/policies,
 * and one proposal at …/remediations/<id>. The router ranks the static tab segments above ":id", so a proposal's
 * page never shadows a tab.
 */
export const REMEDIATIONS_PATH = 'remediations';
export const AUDIT_TAB_PATH = 'audit';
export const POLICIES_TAB_PATH = 'policies';

export const remediationsUrl = () => prefixRoute(REMEDIATIONS_PATH);
export const remediationUrl = (id: string) => `${remediationsUrl()}/${encodeURIComponent(id)}`;
export const remediationAuditUrl = (proposalId?: string) =>
  `${remediationsUrl()}/${AUDIT_TAB_PATH}${proposalId ? `?proposal=${encodeURIComponent(proposalId)}` : ''}`;
export const remediationPoliciesUrl = () => `${remediationsUrl()}/${POLICIES_TAB_PATH}`;

/**
 * Where a piece of a proposal's evidence is shown: anomalies and forecasts have drilldowns; alerts, findings and
 * events are shown on their incident's page (or, for a finding without one, on the K8sGPT tab). Null: nowhere.
 */
export function proposalEvidenceUrl(ref: EvidenceRef, incidentId: string | null): string | null {
  switch (ref.type) {
    case 'anomaly':
      return anomalyUrl(ref.id);
    case 'forecast':
      return forecastUrl(ref.id);
    case 'finding':
      return incidentId ? incidentUrl(incidentId) : k8sgptFindingsUrl();
    default:
      return incidentId ? incidentUrl(incidentId) : null;
  }
}

/** Where the thing that set a proposal off is shown. */
export function triggerUrl(trigger: ProposalTrigger, incidentId: RemediationProposal['incidentId']): string | null {
  switch (trigger.type) {
    case 'incident':
      return incidentUrl(trigger.id);
    case 'anomaly':
      return anomalyUrl(trigger.id);
    case 'forecast':
      return forecastUrl(trigger.id);
    case 'finding':
      return incidentId ? incidentUrl(incidentId) : k8sgptFindingsUrl();
    case 'alert':
      return incidentId ? incidentUrl(incidentId) : findingsUrl();
  }
}
