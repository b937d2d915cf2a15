// MetricSource over the simulated cluster: PromQL is evaluated in-process against samples generated on the
// scrape grid on demand, so the demo needs no Prometheus.
import { matches, type Matcher } from './promql/ast.ts';
import { evaluateRange } from './promql/evaluate.ts';
import type { RawSeries, SampleStore } from './promql/values.ts';
import type { MetricSource, RangeQuery, Series, SourceHealth } from './metric-source.ts';
import type { SimulatedCluster } from './simulator/cluster.ts';
import type { SimSeries } from './simulator/series.ts';

export class SimulatorSource implements MetricSource {
  readonly cluster: SimulatedCluster;
  #lastSuccessAt: number | null = null;
  #lastError: string | null = null;
  readonly #clock: () => number;

  constructor(cluster: SimulatedCluster, options: { clock?: () => number } = {}) {
    this.cluster = cluster;
    this.#clock = options.clock ?? Date.now;
  }

  async queryRange(query: RangeQuery, signal?: AbortSignal): Promise<Series[]> {
    signal?.throwIfAborted();
    try {
      const result = evaluateRange({ ...query, store: new SimulatorStore(this.cluster) });
      this.#lastSuccessAt = this.#clock();
      return result;
    } catch (e) {
      this.#lastError = (e as Error).message;
      throw e;
    }
  }

  health(): SourceHealth {
    // The simulator cannot be unreachable; a refused query is the query's fault, not the source's.
    return { kind: 'simulator', state: 'ok', url: null, lastSuccessAt: this.#lastSuccessAt, lastError: this.#lastError };
  }
}

/** Generates raw samples for one query evaluation; caches them so repeated selectors of a series cost nothing. */
export class SimulatorStore implements SampleStore {
  readonly #cluster: SimulatedCluster;
  readonly #cache = new Map<SimSeries, { fromMs: number; toMs: number; raw: RawSeries }>();

  constructor(cluster: SimulatedCluster) {
    this.#cluster = cluster;
  }

  select(matchers: Matcher[], fromMs: number, toMs: number): RawSeries[] {
    const nameEq = matchers.find((m) => m.name === '__name__' && m.op === '=');
    const candidates = nameEq
      ? (this.#cluster.seriesByName.get(nameEq.value) ?? [])
      : [...this.#cluster.seriesByName.values()].flat();
    const out: RawSeries[] = [];
    for (const s of candidates) {
      if (s.endMs < fromMs || s.startMs > toMs) {continue;}
      if (!matchers.every((m) => matches(m, s.labels[m.name]))) {continue;}
      out.push(this.#samples(s, fromMs, toMs));
    }
    return out;
  }

  #samples(s: SimSeries, fromMs: number, toMs: number): RawSeries {
    const cached = this.#cache.get(s);
    if (cached && cached.fromMs <= fromMs && cached.toMs >= toMs) {return cached.raw;}
    const step = this.#cluster.scrapeIntervalMs;
    const first = Math.ceil(Math.max(fromMs, s.startMs) / step) * step;
    const last = Math.floor(Math.min(toMs, s.endMs) / step) * step;
    const count = last >= first ? (last - first) / step + 1 : 0;
    const t = new Float64Array(count);
    const v = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      t[i] = first + i * step;
      v[i] = s.value(t[i]);
    }
    // The first scrape after a series disappears writes a staleness marker.
    const staleAfterMs = s.endMs >= this.#cluster.horizon.endMs ? Infinity : Math.floor(s.endMs / step) * step + step;
    const raw: RawSeries = { labels: s.labels, t, v, staleAfterMs };
    this.#cache.set(s, { fromMs, toMs, raw });
    return raw;
  }
}
