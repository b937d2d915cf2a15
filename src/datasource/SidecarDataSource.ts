import { DataFrame, DataQueryRequest, DataQueryResponse } from '@grafana/data';
import { DataQuery } from '@grafana/schema';
import { registerRuntimeDataSource, RuntimeDataSource } from '@grafana/scenes';
import { sidecarClient } from '../api/sidecarClient';
import type { ForecastDetail } from '../api/types';
import { backtestFrame, capacityFrame, forecastListFrame, forecastSeriesFrame, jobsFrame, statusFrame } from './frames';

export type SidecarQueryType =
  'forecastList' | 'forecastSeries' | 'forecastSummary' | 'forecastBacktest' | 'jobs' | 'capacity' | 'status';

/** queryType stays `string` (as in DataQuery) so Scenes' registry accepts the datasource; see SidecarQueryType. */
export interface SidecarQuery extends DataQuery {
  /** Required by the forecast* detail query types. */
  forecastId?: string;
}

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
    // Several targets (series, summary, backtest) often ask for the same forecast: fetch each detail once.
    const details = new Map<string, Promise<ForecastDetail>>();
    const detail = (id: string) => {
      if (!details.has(id)) {
        details.set(id, this.client.getForecast(id));
      }
      return details.get(id)!;
    };
    const targets = request.targets.filter((t) => !t.hide);
    const frames = await Promise.all(targets.map((t) => this.runTarget(t, detail)));
    return { data: frames.flat() };
  }

  private async runTarget(t: SidecarQuery, detail: (id: string) => Promise<ForecastDetail>): Promise<DataFrame[]> {
    switch (t.queryType) {
      case 'forecastList':
        return [forecastListFrame((await this.client.listForecasts()).forecasts, t.refId)];
      case 'forecastSeries':
        return [forecastSeriesFrame(await detail(requireId(t)), t.refId)];
      case 'forecastSummary':
        return [forecastListFrame([await detail(requireId(t))], t.refId)];
      case 'forecastBacktest':
        return [backtestFrame(await detail(requireId(t)), t.refId)];
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

function requireId(t: SidecarQuery): string {
  if (!t.forecastId) {
    throw new Error(`Query ${t.refId} (${t.queryType}) needs a forecastId`);
  }
  return t.forecastId;
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
  refId?: string;
}): SidecarQuery {
  return { refId: query.queryType, ...query };
}
