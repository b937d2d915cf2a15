import { DataFrame, DataQueryRequest, DataQueryResponse } from '@grafana/data';
import { DataQuery } from '@grafana/schema';
import { registerRuntimeDataSource, RuntimeDataSource } from '@grafana/scenes';
import { sidecarClient } from '../api/sidecarClient';
import { anomalyEventsFrame, anomalyListFrame, anomalyScoreFrame, anomalySeriesFrame } from './anomalyFrames';
import { findingListFrame, findingSourceFrame } from './findingFrames';
import { incidentFrame, IncidentFrameType, incidentListFrame, isIncidentFrameType } from './incidentFrames';
import { backtestFrame, capacityFrame, forecastListFrame, forecastSeriesFrame, jobsFrame, statusFrame } from './frames';
import { outlierGroupsFrame, outlierMembersFrame } from './outlierFrames';
import {
  sloAlertsFrame,
  sloBudgetFrame,
  sloBurnRatesFrame,
  sloErrorRatioFrame,
  sloExhaustionFrames,
  sloListFrame,
} from './sloFrames';
import { sloRulesFrame } from './sloRules';

export type SidecarQueryType =
  | 'forecastList'
  | 'forecastSeries'
  | 'forecastSummary'
  | 'forecastBacktest'
  | 'jobs'
  | 'capacity'
  | 'status'
  | 'anomalyList'
  | 'anomalySeries'
  | 'anomalyScore'
  | 'anomalySummary'
  | 'anomalyEvents'
  | 'outlierGroups'
  | 'outlierMembers'
  | 'outlierGroup'
  | 'outlierGroupMembers'
  | 'sloList'
  | 'sloSummary'
  | 'sloBudget'
  | 'sloExhaustion'
  | 'sloErrorRatio'
  | 'sloBurnRates'
  | 'sloAlerts'
  | 'sloRules'
  | 'incidentList'
  | IncidentFrameType
  | 'findingList'
  | 'findingSource';

/** queryType stays `string` (as in DataQuery) so Scenes' registry accepts the datasource; see SidecarQueryType. */
export interface SidecarQuery extends DataQuery {
  /** Required by the forecast* detail query types. */
  forecastId?: string;
  /** Required by the anomalySeries/Score/Summary/Events query types. */
  anomalyId?: string;
  /** Required by the outlierGroup and outlierGroupMembers query types. */
  groupId?: string;
  /** Required by the slo* detail query types (all but sloList). */
  sloId?: string;
  /** Required by the incident* detail query types (all but incidentList). */
  incidentId?: string;
  /** incidentList only: just the open (or resolved) incidents; all when unset. */
  incidentStatus?: 'open' | 'resolved';
}

type IdKey = 'forecastId' | 'anomalyId' | 'groupId' | 'sloId' | 'incidentId';

export const SIDECAR_DATASOURCE_REF = { type: 'prophet-aiops-sidecar', uid: 'prophet-aiops-sidecar' };

type Client = typeof sidecarClient;

/**
 * The only path from the sidecar into panels: panels run SceneQueryRunner against this, so time range, refresh,
 * loading and error states come from Scenes instead of each page fetching by hand.
 */
export class SidecarDataSource extends RuntimeDataSource<SidecarQuery> {
  constructor(private readonly client: Client = sidecarClient) {
    super(SIDECAR_DATASOURCE_REF.type, SIDECAR_DATASOURCE_REF.uid);
  }

  async query(request: DataQueryRequest<SidecarQuery>): Promise<DataQueryResponse> {
    // Several targets (series, summary, backtest) often ask for the same answer: fetch each one once per run.
    const fetched = new Map<string, Promise<unknown>>();
    const once: FetchOnce = (key, fetch) => {
      if (!fetched.has(key)) {
        fetched.set(key, fetch());
      }
      return fetched.get(key) as ReturnType<typeof fetch>;
    };
    const targets = request.targets.filter((t) => !t.hide);
    const frames = await Promise.all(targets.map((t) => this.runTarget(t, once)));
    return { data: frames.flat() };
  }

  private async runTarget(t: SidecarQuery, once: FetchOnce): Promise<DataFrame[]> {
    const c = this.client;
    const forecast = () => once(`forecast:${t.forecastId}`, () => c.getForecast(requireId(t, 'forecastId')));
    const anomaly = () => once(`anomaly:${t.anomalyId}`, () => c.getAnomaly(requireId(t, 'anomalyId')));
    const group = () => once(`group:${t.groupId}`, () => c.getOutlierGroup(requireId(t, 'groupId')));
    const outliers = () => once('outliers', () => c.listOutliers());
    const slo = () => once(`slo:${t.sloId}`, () => c.getSlo(requireId(t, 'sloId')));
    const findings = () => once('findings', () => c.listFindings());
    if (isIncidentFrameType(t.queryType)) {
      const incident = await once(`incident:${t.incidentId}`, () => c.getIncident(requireId(t, 'incidentId')));
      return [incidentFrame(t.queryType, incident, t.refId)];
    }
    switch (t.queryType) {
      case 'forecastList':
        return [forecastListFrame((await c.listForecasts()).forecasts, t.refId)];
      case 'forecastSeries':
        return [forecastSeriesFrame(await forecast(), t.refId)];
      case 'forecastSummary':
        return [forecastListFrame([await forecast()], t.refId)];
      case 'forecastBacktest':
        return [backtestFrame(await forecast(), t.refId)];
      case 'anomalyList':
        return [anomalyListFrame((await c.listAnomalies()).anomalies, t.refId)];
      case 'anomalySeries':
        return [anomalySeriesFrame(await anomaly(), t.refId)];
      case 'anomalyScore':
        return [anomalyScoreFrame(await anomaly(), t.refId)];
      case 'anomalySummary':
        return [anomalyListFrame([await anomaly()], t.refId)];
      case 'anomalyEvents':
        return [anomalyEventsFrame(await anomaly(), t.refId)];
      case 'outlierGroups':
        return [outlierGroupsFrame((await outliers()).groups, t.refId)];
      case 'outlierMembers':
        return [outlierMembersFrame((await outliers()).groups, t.refId)];
      case 'outlierGroup':
        return [outlierGroupsFrame([await group()], t.refId)];
      case 'outlierGroupMembers':
        return [outlierMembersFrame([await group()], t.refId)];
      case 'sloList':
        return [sloListFrame((await c.listSlos()).slos, t.refId)];
      case 'sloSummary':
        return [sloListFrame([await slo()], t.refId)];
      case 'sloBudget':
        return [sloBudgetFrame(await slo(), t.refId)];
      case 'sloExhaustion':
        return sloExhaustionFrames(await slo(), t.refId);
      case 'sloErrorRatio':
        return [sloErrorRatioFrame(await slo(), t.refId)];
      case 'sloBurnRates':
        return [sloBurnRatesFrame(await slo(), t.refId)];
      case 'sloAlerts':
        return [sloAlertsFrame(await slo(), t.refId)];
      case 'sloRules':
        return [sloRulesFrame(await c.getSloRules(), requireId(t, 'sloId'), t.refId)];
      case 'incidentList':
        return [incidentListFrame((await c.listIncidents({ status: t.incidentStatus })).incidents, t.refId)];
      case 'findingList':
        return [findingListFrame((await findings()).findings, t.refId)];
      case 'findingSource':
        return [findingSourceFrame((await findings()).source, t.refId)];
      case 'jobs':
        return [jobsFrame(await this.client.listJobs(), t.refId)];
      case 'capacity':
        return [capacityFrame(await this.client.listCapacity(), t.refId)];
      case 'status':
        return [statusFrame(await this.client.getStatus(), t.refId)];
      default:
        throw new Error(`Unknown sidecar query type: ${String(t.queryType)}`);
    }
  }
}

type FetchOnce = <T>(key: string, fetch: () => Promise<T>) => Promise<T>;

function requireId(t: SidecarQuery, key: IdKey): string {
  const id = t[key];
  if (!id) {
    throw new Error(`Query ${t.refId} (${t.queryType}) needs ${/^[aeiou]/.test(key) ? 'an' : 'a'} ${key}`);
  }
  return id;
}

/** Safe to call on every app mount: Scenes throws on a second registration of the same uid, which we ignore. */
export function registerSidecarDataSource(): void {
  try {
    registerRuntimeDataSource({ dataSource: new SidecarDataSource() });
  } catch (e) {
    if (!(e instanceof Error && e.message.includes('already been registered'))) {
      throw e;
    }
  }
}

/** A typed query; refId defaults to the query type, which is how the scenes find their frame. */
export function sidecarQuery(query: {
  queryType: SidecarQueryType;
  forecastId?: string;
  anomalyId?: string;
  groupId?: string;
  sloId?: string;
  incidentId?: string;
  incidentStatus?: 'open' | 'resolved';
  refId?: string;
}): SidecarQuery {
  return { refId: query.queryType, ...query };
}
