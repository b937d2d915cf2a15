import { DataQueryRequest, DataSourceApi, LoadingState, PanelData } from '@grafana/data';
import { setRunRequest, toDataQueryError } from '@grafana/runtime';
import { catchError, from, map, Observable, of } from 'rxjs';

/**
 * Grafana injects runRequest at startup; in Jest we install a minimal one that, like Grafana's, turns the
 * datasource's answer into PanelData and a rejected query into an Error state with `errors`.
 */
export function installRunRequestForTests() {
  setRunRequest((ds: DataSourceApi, request: DataQueryRequest): Observable<PanelData> =>
    from(Promise.resolve(ds.query(request) as Promise<{ data: PanelData['series'] }>)).pipe(
      map((res) => ({ state: LoadingState.Done, series: res.data, timeRange: request.range, request })),
      catchError((err) =>
        of({
          state: LoadingState.Error,
          series: [],
          errors: [toDataQueryError(err)],
          timeRange: request.range,
          request,
        })
      )
    )
  );
}
