// The one interface every metric source implements: the real Prometheus HTTP API and the simulated cluster.

export type Labels = Record<string, string>;

/** A canonical key for a label set: equal sets give equal keys whatever order a source returned them in. */
export function labelsKey(labels: Labels): string {
  let out = '';
  for (const name of Object.keys(labels).sort()) {
    out += `${name}\u0000${labels[name]}\u0001`;
  }
  return out;
}

export interface RangeQuery {
  /** PromQL expression. */
  query: string;
  /** Epoch milliseconds, inclusive. */
  startMs: number;
  /** Epoch milliseconds, inclusive. */
  endMs: number;
  stepMs: number;
}

/** One result series on the query's step grid: timestamps[i] = startMs + i * stepMs; missing samples are NaN. */
export interface Series {
  labels: Labels;
  timestamps: number[];
  values: number[];
}

export interface SourceHealth {
  kind: 'prometheus' | 'simulator';
  state: 'ok' | 'degraded' | 'unknown';
  url: string | null;
  lastSuccessAt: number | null;
  lastError: string | null;
}

export interface MetricSource {
  queryRange(query: RangeQuery, signal?: AbortSignal): Promise<Series[]>;
  health(): SourceHealth;
}

/** Thrown for a query the source refuses (bad PromQL, unsupported function): not retried. */
export class QueryError extends Error {
  override name = 'QueryError';
}

/** Thrown when the source cannot be reached or answered with a server error after retries. */
export class SourceUnavailableError extends Error {
  override name = 'SourceUnavailableError';
}
