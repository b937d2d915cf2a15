import { BackendSrv, BackendSrvRequest, FetchResponse } from '@grafana/runtime';
import { Observable, of, throwError } from 'rxjs';

/** What a fake route answers: JSON for 200, or an HTTP failure shaped like getBackendSrv().fetch's FetchError. */
export type FakeAnswer = { status: 200; body: unknown } | { status: number; body?: unknown } | { unreachable: true };

export const ok = (body: unknown): FakeAnswer => ({ status: 200, body });
export const fail = (status: number, body?: unknown): FakeAnswer => ({ status, body });

/**
 * A fake BackendSrv (for setBackendSrv) that plays Grafana's plugin proxy in front of the sidecar: it answers
 * `fetch` by URL path from a table of canned, contract-shaped answers and records every request it saw.
 */
export function fakeSidecarBackend(routes: Record<string, FakeAnswer>) {
  const requests: BackendSrvRequest[] = [];
  const fetch = <T>(options: BackendSrvRequest): Observable<FetchResponse<T>> => {
    requests.push(options);
    const answer = routes[`${options.method ?? 'GET'} ${options.url}`] ?? routes[options.url];
    if (!answer) {
      return throwError(() => ({
        status: 404,
        statusText: 'Not Found',
        data: { message: 'Not found' },
        config: options,
      }));
    }
    if ('unreachable' in answer) {
      // What fetch reports when the browser gets no response at all.
      return throwError(() => ({ status: 0, statusText: '', data: undefined, config: options }));
    }
    if (answer.status >= 400) {
      return throwError(() => ({ status: answer.status, statusText: 'Error', data: answer.body, config: options }));
    }
    return of({
      data: answer.body as T,
      status: answer.status,
      statusText: 'OK',
      ok: true,
      headers: new Headers(),
      redirected: false,
      type: 'basic',
      url: options.url,
      config: options,
    });
  };
  return { backend: { fetch } as unknown as BackendSrv, requests };
}

export const PROXY = '/api/plugin-proxy/prophet-aiops-app/api';
