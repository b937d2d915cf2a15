import { DataFrameView, LoadingState, PanelData } from '@grafana/data';

/** Rows of the frame a query produced, typed; empty when that query has not answered (yet). */
export function frameRows<T extends object>(data: PanelData | undefined, refId: string): T[] {
  const frame = data?.series.find((f) => f.refId === refId);
  return frame ? new DataFrameView<T>(frame).toArray().map((r) => ({ ...r })) : [];
}

/** The first error message of a query run, (Grafana fills `errors`; `error` is deprecated). */
export function dataError(data: PanelData | undefined): string | undefined {
  return data?.errors?.[0]?.message;
}

/** True until the first answer arrives: a fresh runner has no data, and a first run is Loading with no series. */
export function isFirstLoad(data: PanelData | undefined): boolean {
  return (
    !data || data.state === LoadingState.NotStarted || (data.state === LoadingState.Loading && !data.series.length)
  );
}

/** Whether the sidecar answered 404: the drilldown's id is unknown to it. */
export function isNotFound(data: PanelData | undefined): boolean {
  return /\b404\b/.test(dataError(data) ?? '');
}
