// Stand-in for Grafana core's runRequest (not on npm), which @grafana/scenes' query runner calls: run the
// datasource's query, emit Loading then Done with data frames, or Error with `errors` — the states a panel shows.
import {
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  LoadingState,
  type PanelData,
  toDataFrame,
} from '@grafana/data';
import { toDataQueryError } from '@grafana/runtime';
import { catchError, from, isObservable, map, type Observable, of, startWith } from 'rxjs';

export function standInRunRequest(datasource: DataSourceApi, request: DataQueryRequest): Observable<PanelData> {
  const base = { timeRange: request.range, request };
  const answer = datasource.query(request);
  const responses: Observable<DataQueryResponse> = isObservable(answer) ? answer : from(answer);
  return responses.pipe(
    map((response): PanelData => ({
      ...base,
      state: response.errors?.length ? LoadingState.Error : (response.state ?? LoadingState.Done),
      series: (response.data ?? []).map(toDataFrame),
      errors: response.errors,
    })),
    startWith<PanelData>({ ...base, state: LoadingState.Loading, series: [] }),
    catchError((err) =>
      of<PanelData>({ ...base, state: LoadingState.Error, series: [], errors: [toDataQueryError(err)] })
    )
  );
}
