// Stand-in for Grafana core's BackendSrv (not on npm): the same fetch() contract the plugin relies on — JSON
// in and out, FetchResponse on 2xx, a FetchError-shaped rejection otherwise — over the browser's fetch, against
// the host server (which plays Grafana's HTTP API and plugin proxy).
import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import { lastValueFrom, Observable } from 'rxjs';

function withParams(url: string, params: BackendSrvRequest['params']): string {
  if (!params || Object.keys(params).length === 0) {
    return url;
  }
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null) {
        search.append(key, String(item));
      }
    }
  }
  return `${url}${url.includes('?') ? '&' : '?'}${search}`;
}

async function parseBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') {
    return undefined;
  }
  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  if (!isJson) {
    return text;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function send<T>(options: BackendSrvRequest, signal: AbortSignal): Promise<FetchResponse<T>> {
  const method = (options.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = { Accept: 'application/json', ...(options.headers ?? {}) };
  let body: BodyInit | undefined;
  if (options.data !== undefined && method !== 'GET') {
    headers['Content-Type'] ??= 'application/json';
    body = typeof options.data === 'string' ? options.data : JSON.stringify(options.data);
  }
  const url = withParams(options.url, options.params);
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body, signal, credentials: 'same-origin' });
  } catch (err) {
    // Grafana reports a request that never got an answer with status 0 and no data.
    const failure: FetchError = { status: 0, statusText: String(err), data: undefined, config: options };
    throw failure;
  }
  const data = await parseBody(response);
  if (!response.ok) {
    const failure: FetchError = {
      status: response.status,
      statusText: response.statusText,
      data,
      message: typeof data === 'object' && data !== null ? (data as { message?: string }).message : undefined,
      config: options,
    };
    throw failure;
  }
  return {
    data: data as T,
    status: response.status,
    statusText: response.statusText,
    ok: response.ok,
    headers: response.headers,
    redirected: response.redirected,
    type: response.type,
    url: response.url,
    config: options,
  };
}

export class StandInBackendSrv implements BackendSrv {
  fetch<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
    return new Observable((subscriber) => {
      const abort = new AbortController();
      send<T>(options, abort.signal).then(
        (response) => {
          subscriber.next(response);
          subscriber.complete();
        },
        (err) => subscriber.error(err)
      );
      return () => abort.abort();
    });
  }

  async request<T>(options: BackendSrvRequest): Promise<T> {
    return (await lastValueFrom(this.fetch<T>(options))).data;
  }

  datasourceRequest<T>(options: BackendSrvRequest): Promise<FetchResponse<T>> {
    return lastValueFrom(this.fetch<T>(options));
  }

  get<T>(url: string, params?: BackendSrvRequest['params'], _requestId?: string, options?: Partial<BackendSrvRequest>) {
    return this.request<T>({ ...options, url, params, method: 'GET' });
  }

  delete<T>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) {
    return this.request<T>({ ...options, url, data, method: 'DELETE' });
  }

  post<T>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) {
    return this.request<T>({ ...options, url, data, method: 'POST' });
  }

  patch<T>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) {
    return this.request<T>({ ...options, url, data, method: 'PATCH' });
  }

  put<T>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) {
    return this.request<T>({ ...options, url, data, method: 'PUT' });
  }

  chunked(): Observable<FetchResponse<Uint8Array | undefined>> {
    throw new Error('StandInBackendSrv.chunked: streaming responses are not used by this plugin');
  }
}
