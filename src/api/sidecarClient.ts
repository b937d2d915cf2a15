import { getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import pluginJson from '../plugin.json';
import type {
  AnomalyDetail,
  AnomalyList,
  ApiError,
  CapacityForecast,
  ForecastDetail,
  FindingList,
  ForecastList,
  Incident,
  IncidentList,
  IncidentSeverity,
  JobStatus,
  OutlierGroupResult,
  OutlierList,
  SidecarStatus,
  SloDetail,
  SloList,
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
};
