import { getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import pluginJson from '../plugin.json';
import type {
  ActionPreview,
  AnomalyDetail,
  AnomalyList,
  ApiError,
  AuditEvent,
  CapacityForecast,
  FindingList,
  ForecastDetail,
  ForecastList,
  Incident,
  IncidentList,
  IncidentSeverity,
  JobStatus,
  OutlierGroupResult,
  OutlierList,
  ProposalState,
  RemediationAction,
  RemediationAuditList,
  RemediationDecisionRequest,
  RemediationDecisionResult,
  RemediationList,
  RemediationPolicyList,
  RemediationProposal,
  SidecarStatus,
  SloDetail,
  SloList,
  WhoAmI,
} from './types';

/** Every sidecar call goes through Grafana's plugin proxy, which injects the Bearer token from secureJsonData. */
export const SIDECAR_PROXY_URL = `/api/plugin-proxy/${pluginJson.id}/api`;

/** A failed sidecar call; `status` is the HTTP status (undefined when no response came back at all). */
export class SidecarRequestError extends Error {
  constructor(
    message: string,
    readonly status?: number
  ) {
    super(message);
    this.name = 'SidecarRequestError';
  }
}

function isApiError(data: unknown): data is ApiError {
  return typeof data === 'object' && data !== null && typeof (data as ApiError).message === 'string';
}

/** Turns whatever getBackendSrv().fetch threw into one readable message a user can act on. */
export function toSidecarError(err: unknown): SidecarRequestError {
  const e = (err ?? {}) as { status?: number; statusText?: string; data?: unknown };
  const status = typeof e.status === 'number' && e.status > 0 ? e.status : undefined;
  // The sidecar answers with an ApiError body; Grafana's proxy answers 502 with its own (or no) body when it cannot
  // reach the sidecar, so only trust the message when it has the sidecar's shape.
  const sidecarBody = isApiError(e.data) && 'statusCode' in e.data ? e.data : undefined;
  if (status === undefined) {
    return new SidecarRequestError('Sidecar unreachable: no response from Grafana or the sidecar');
  }
  if (sidecarBody) {
    return new SidecarRequestError(`Sidecar error ${status}: ${sidecarBody.message}`, status);
  }
  if (status === 502 || status === 503 || status === 504) {
    return new SidecarRequestError(
      `Sidecar unreachable (${status}): check the sidecar URL in the app configuration`,
      status
    );
  }
  if (status === 401 || status === 403) {
    return new SidecarRequestError(
      `Sidecar request refused (${status}): check the token and your Grafana role`,
      status
    );
  }
  const detail = isApiError(e.data) ? e.data.message : e.statusText || 'unexpected response';
  return new SidecarRequestError(`Sidecar error ${status}: ${detail}`, status);
}

/** The incident list's filters, as the sidecar reads them (GET /api/incidents?status=&namespace=&severity=). */
export interface IncidentFilter {
  status?: 'open' | 'resolved';
  namespace?: string;
  severity?: IncidentSeverity;
}

/** The K8sGPT findings' filters (GET /api/findings?namespace=&severity=). */
export interface FindingFilter {
  namespace?: string;
  severity?: IncidentSeverity;
}

/** `?a=1&b=2` from the filter's set values, in a stable order; empty when nothing is set. */
export function queryString(filter: object = {}): string {
  const params = new URLSearchParams();
  Object.entries(filter)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .sort(([a], [b]) => a.localeCompare(b))
    .forEach(([key, value]) => params.set(key, String(value)));
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The proposal list's filters (GET /api/remediations?state=a,b&action=&target=&incident=&limit=). */
export interface RemediationFilter {
  state?: ProposalState[];
  action?: RemediationAction;
  target?: string;
  incident?: string;
  limit?: number;
}

/** The audit log's filters (GET /api/remediations/audit and …/audit/export); since/until in epoch ms. */
export interface AuditFilter {
  proposal?: string;
  event?: AuditEvent[];
  actor?: string;
  target?: string;
  action?: RemediationAction;
  since?: number;
  until?: number;
  limit?: number;
}

/** Lists go to the sidecar comma-separated (state=a,b); an empty list is no filter. */
function withLists<F extends object>(filter: F): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(filter).map(([key, value]) => [key, Array.isArray(value) ? value.join(',') : value])
  );
}

export type RemediationDecision = 'approve' | 'reject';

async function get<T>(path: string, responseType: 'json' | 'text' = 'json'): Promise<T> {
  try {
    const response = await lastValueFrom(
      // showErrorAlert: false — callers render the error in place; Grafana's toast would duplicate it.
      getBackendSrv().fetch<T>({
        url: `${SIDECAR_PROXY_URL}/${path}`,
        method: 'GET',
        showErrorAlert: false,
        responseType,
      })
    );
    return response.data;
  } catch (err) {
    throw toSidecarError(err);
  }
}

async function post<T>(path: string, body: unknown): Promise<T> {
  try {
    const response = await lastValueFrom(
      getBackendSrv().fetch<T>({
        url: `${SIDECAR_PROXY_URL}/${path}`,
        method: 'POST',
        data: body,
        showErrorAlert: false,
        showSuccessAlert: false,
      })
    );
    return response.data;
  } catch (err) {
    throw toDecisionError(err);
  }
}

/**
 * A refused decision: the sidecar's own 401/403/409 message as it is (it names the role and what is needed), or,
 * when Grafana's plugin proxy refused before the sidecar saw the request, what its POST route asks for.
 */
function toDecisionError(err: unknown): SidecarRequestError {
  const error = toSidecarError(err);
  const data = (err as { data?: unknown } | undefined)?.data;
  const fromSidecar = isApiError(data) && 'statusCode' in data;
  if (error.status === 403 && !fromSidecar) {
    return new SidecarRequestError(
      'Grafana refused the request (403): approving and rejecting a remediation need the Editor role',
      403
    );
  }
  return error;
}

const remediationPath = (id: string) => `remediations/${encodeURIComponent(id)}`;

/** The one typed client for the sidecar's REST API (see sidecar/src/api/contract.ts). */
export const sidecarClient = {
  listForecasts: () => get<ForecastList>('forecasts'),
  getForecast: (id: string) => get<ForecastDetail>(`forecasts/${encodeURIComponent(id)}`),
  listJobs: () => get<JobStatus[]>('jobs'),
  listCapacity: () => get<CapacityForecast[]>('capacity'),
  getStatus: () => get<SidecarStatus>('status'),
  listAnomalies: () => get<AnomalyList>('anomalies'),
  getAnomaly: (id: string) => get<AnomalyDetail>(`anomalies/${encodeURIComponent(id)}`),
  listOutliers: () => get<OutlierList>('outliers'),
  getOutlierGroup: (id: string) => get<OutlierGroupResult>(`outliers/${encodeURIComponent(id)}`),
  listSlos: () => get<SloList>('slos'),
  getSlo: (id: string) => get<SloDetail>(`slos/${encodeURIComponent(id)}`),
  /** The Prometheus rule file for every SLO; the sidecar answers text/yaml, so it is read as text. */
  getSloRules: () => get<string>('slos/rules', 'text'),
  listIncidents: (filter: IncidentFilter = {}) => get<IncidentList>(`incidents${queryString(filter)}`),
  getIncident: (id: string) => get<Incident>(`incidents/${encodeURIComponent(id)}`),
  listFindings: (filter: FindingFilter = {}) => get<FindingList>(`findings${queryString(filter)}`),
  /** Who Grafana says the signed-in user is, as the sidecar verified it (for showing what they may do). */
  whoami: () => get<WhoAmI>('whoami'),
  listRemediations: (filter: RemediationFilter = {}) =>
    get<RemediationList>(`remediations${queryString(withLists(filter))}`),
  getRemediation: (id: string) => get<RemediationProposal>(remediationPath(id)),
  getRemediationPreview: (id: string) => get<ActionPreview>(`${remediationPath(id)}/preview`),
  listRemediationPolicies: () => get<RemediationPolicyList>('remediations/policies'),
  listRemediationAudit: (filter: AuditFilter = {}) =>
    get<RemediationAuditList>(`remediations/audit${queryString(withLists(filter))}`),
  /** approve or reject; goes through the plugin proxy's POST route, which needs the Editor role. */
  decideRemediation: (id: string, decision: RemediationDecision, comment: string) =>
    post<RemediationDecisionResult>(`${remediationPath(id)}/${decision}`, {
      comment,
    } satisfies RemediationDecisionRequest),
};

/**
 * Where the browser downloads the audit log as a JSON file (the sidecar answers with Content-Disposition:
 * attachment), through the plugin proxy like every other call. A URL rather than a fetch: the browser streams it.
 */
export function remediationAuditExportUrl(filter: AuditFilter = {}): string {
  return `${SIDECAR_PROXY_URL}/remediations/audit/export${queryString(withLists(filter))}`;
}
