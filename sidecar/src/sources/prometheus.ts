// MetricSource over a real Prometheus HTTP API (POST /api/v1/query_range), with timeouts, retries and health.
import { QueryError, SourceUnavailableError, type Labels, type MetricSource, type RangeQuery, type Series, type SourceHealth } from './metric-source.ts';

export interface PrometheusSourceOptions {
  /** Base URL, e.g. http://prometheus:9090 (a path prefix such as /prometheus is kept). */
  url: string;
  /** Per attempt. */
  timeoutMs: number;
  /** Extra attempts after the first on network errors, timeouts, 5xx and 429. */
  retries: number;
  /** E.g. { Authorization: 'Bearer …' }. */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  /** First retry delay; doubles each retry (with jitter). Default 250 ms. */
  backoffMs?: number;
  clock?: () => number;
}

interface PromResponse {
  status?: 'success' | 'error';
  errorType?: string;
  error?: string;
  data?: { resultType?: string; result?: Array<{ metric?: Labels; values?: Array<[number, string]> }> };
}

/** A failure worth retrying (the server may recover). */
class RetryableError extends Error {}

export class PrometheusSource implements MetricSource {
  readonly #opts: Required<Omit<PrometheusSourceOptions, 'headers' | 'fetch'>> & { headers: Record<string, string>; fetch: typeof fetch };
  #state: SourceHealth['state'] = 'unknown';
  #lastSuccessAt: number | null = null;
  #lastError: string | null = null;

  constructor(options: PrometheusSourceOptions) {
    if (!/^https?:\/\//.test(options.url)) {throw new Error(`Prometheus url must start with http:// or https://: ${options.url}`);}
    this.#opts = {
      url: options.url.replace(/\/+$/, ''),
      timeoutMs: options.timeoutMs,
      retries: Math.max(0, Math.floor(options.retries)),
      headers: options.headers ?? {},
      fetch: options.fetch ?? globalThis.fetch,
      backoffMs: options.backoffMs ?? 250,
      clock: options.clock ?? Date.now,
    };
  }

  health(): SourceHealth {
    return { kind: 'prometheus', state: this.#state, url: this.#opts.url, lastSuccessAt: this.#lastSuccessAt, lastError: this.#lastError };
  }

  async queryRange(query: RangeQuery, signal?: AbortSignal): Promise<Series[]> {
    const body = new URLSearchParams({
      query: query.query,
      start: String(query.startMs / 1000),
      end: String(query.endMs / 1000),
      step: String(query.stepMs / 1000),
    });
    let lastFailure = '';
    for (let attempt = 0; attempt <= this.#opts.retries; attempt++) {
      if (attempt > 0) {await sleep(this.#opts.backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5), signal);}
      signal?.throwIfAborted();
      try {
        const json = await this.#post(body, signal);
        const series = toSeries(json, query);
        this.#state = 'ok';
        this.#lastSuccessAt = this.#opts.clock();
        this.#lastError = null;
        return series;
      } catch (e) {
        // The caller gave up: not the source's fault, and not worth retrying.
        if (signal?.aborted) {throw signal.reason;}
        if (e instanceof QueryError) {throw e;}
        lastFailure = (e as Error).message;
        if (!(e instanceof RetryableError)) {break;}
      }
    }
    const message = `Prometheus at ${this.#opts.url} failed after ${this.#opts.retries + 1} attempt(s): ${lastFailure}`;
    this.#state = 'degraded';
    this.#lastError = message;
    throw new SourceUnavailableError(message);
  }

  async #post(body: URLSearchParams, signal: AbortSignal | undefined): Promise<PromResponse> {
    const timeout = AbortSignal.timeout(this.#opts.timeoutMs);
    let res: Response;
    try {
      res = await this.#opts.fetch(`${this.#opts.url}/api/v1/query_range`, {
        method: 'POST',
        headers: { ...this.#opts.headers, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body,
        signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
      });
    } catch (e) {
      if (timeout.aborted) {throw new RetryableError(`timed out after ${this.#opts.timeoutMs} ms`);}
      throw new RetryableError(`network error: ${describe(e)}`);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw new RetryableError(timeout.aborted ? `timed out after ${this.#opts.timeoutMs} ms` : `reading response: ${describe(e)}`);
    }
    let json: PromResponse | null = null;
    try {
      json = JSON.parse(text) as PromResponse;
    } catch {
      json = null;
    }
    // Prometheus answers bad PromQL with 400 bad_data and failed evaluation with 422 execution: the query's fault.
    if (json?.status === 'error' && (json.errorType === 'bad_data' || json.errorType === 'execution' || res.status === 400 || res.status === 422)) {
      throw new QueryError(`Prometheus rejected the query: ${json.error ?? json.errorType}`);
    }
    const snippet = json?.error ?? text.slice(0, 200);
    if (res.status >= 500 || res.status === 429) {throw new RetryableError(`HTTP ${res.status}: ${snippet}`);}
    if (!res.ok) {throw new Error(`HTTP ${res.status}: ${snippet}`);} // e.g. 401/403/404: retrying will not help
    if (!json || json.status !== 'success') {throw new RetryableError(`unexpected response: ${text.slice(0, 200)}`);}
    return json;
  }
}

function toSeries(json: PromResponse, query: RangeQuery): Series[] {
  const data = json.data;
  if (!data || data.resultType !== 'matrix' || !Array.isArray(data.result)) {
    throw new RetryableError(`unexpected result type ${data?.resultType ?? 'none'} (expected matrix)`);
  }
  const n = Math.floor((query.endMs - query.startMs) / query.stepMs) + 1;
  const timestamps = Array.from({ length: n }, (_, i) => query.startMs + i * query.stepMs);
  return data.result.map((r) => {
    const values = new Array<number>(n).fill(NaN);
    for (const [ts, raw] of r.values ?? []) {
      // Align on the requested grid (Prometheus returns float seconds).
      const i = Math.round((ts * 1000 - query.startMs) / query.stepMs);
      if (i >= 0 && i < n) {values[i] = parseSampleValue(raw);}
    }
    return { labels: { ...(r.metric ?? {}) }, timestamps: [...timestamps], values };
  });
}

/** Prometheus encodes sample values as strings, including "NaN", "+Inf" and "-Inf". */
export function parseSampleValue(raw: string): number {
  switch (raw) {
    case '+Inf': case 'Inf': return Infinity;
    case '-Inf': return -Infinity;
    case 'NaN': return NaN;
    default: return Number(raw);
  }
}

function describe(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  return err.cause?.code ?? err.cause?.message ?? err.message ?? String(e);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {return reject(signal.reason);}
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
