// KubernetesSource over the simulated cluster (demo mode): the Results and Events of simulated-objects.ts at the
// clock's time. A watch looks at the cluster every pollIntervalMs and reports what changed since it last looked
// (added, modified, deleted), after a first `synced` like a list. Deterministic: the same seed, anchor and clock
// give the same objects and the same events.
import type { Logger } from '../../forecasts/logger.ts';
import type { SimulatedCluster } from '../simulator/cluster.ts';
import { reconcileInto } from './list-watch.ts';
import { toKubeEvent, toResultObject, type Converted } from './objects.ts';
import {
  buildSimulatedKubeModel,
  simulatedEvents,
  simulatedResults,
  type SimulatedKubeModel,
} from './simulated-objects.ts';
import {
  objectKey,
  type K8sGptResultObject,
  type KubeEvent,
  type KubernetesSource,
  type KubernetesSourceHealth,
  type ListEventsOptions,
  type ResourceWatch,
  type WatchEvent,
  type WatchListener,
} from './types.ts';

export interface SimulatedKubernetesSourceOptions {
  cluster: SimulatedCluster;
  clock?: () => number;
  /** How often a watch looks at the simulated cluster; default 5 s. */
  pollIntervalMs?: number;
  logger?: Logger;
}

type Raw = Record<string, unknown>;

/** "a=b,c!=d" field selectors on dotted paths, as the API server applies them to events. */
export function fieldSelectorMatcher(selector: string | undefined): (raw: Raw) => boolean {
  const terms = (selector ?? '')
    .split(',')
    .map((term) => term.trim())
    .filter(Boolean)
    .map((term) => {
      const match = /^([^!=]+)(!=|==|=)(.*)$/.exec(term);
      if (!match) {
        throw new Error(`unsupported field selector "${term}"`);
      }
      return { path: match[1].trim().split('.'), negate: match[2] === '!=', value: match[3].trim() };
    });
  return (raw) =>
    terms.every(({ path, negate, value }) => {
      let v: unknown = raw;
      for (const part of path) {
        v = typeof v === 'object' && v !== null ? (v as Raw)[part] : undefined;
      }
      return ((v === undefined || v === null ? '' : String(v)) === value) !== negate;
    });
}

class PollingWatch<T> implements ResourceWatch {
  readonly synced: Promise<void>;
  readonly #cache = new Map<string, T>();
  readonly #timer: NodeJS.Timeout;
  readonly #snapshot: () => T[];
  readonly #key: (object: T) => string;
  readonly #version: (object: T) => string | undefined;
  readonly #listener: WatchListener<T>;
  readonly #logger: Logger | undefined;
  readonly #onStop: () => void;
  #stopped = false;

  constructor(options: {
    snapshot: () => T[];
    key: (object: T) => string;
    version: (object: T) => string | undefined;
    listener: WatchListener<T>;
    pollIntervalMs: number;
    logger?: Logger;
    onStop: () => void;
  }) {
    this.#snapshot = options.snapshot;
    this.#key = options.key;
    this.#version = options.version;
    this.#listener = options.listener;
    this.#logger = options.logger;
    this.#onStop = options.onStop;
    // The first look is a list: report it (after the caller has kept the handle), then `synced`.
    this.synced = Promise.resolve().then(() => {
      if (!this.#stopped) {
        this.poll(true);
      }
    });
    this.#timer = setInterval(() => this.poll(), options.pollIntervalMs);
    this.#timer.unref();
  }

  /** Look at the cluster now and report what changed. */
  poll(first = false): void {
    if (this.#stopped) {
      return;
    }
    const listed = new Map<string, T>();
    for (const object of this.#snapshot()) {
      listed.set(this.#key(object), object);
    }
    const sameVersion = (a: T, b: T) => {
      const va = this.#version(a);
      return va !== undefined && va === this.#version(b);
    };
    for (const event of reconcileInto(this.#cache, listed, sameVersion)) {
      this.#emit(event);
    }
    if (first) {
      this.#emit({ type: 'synced', objects: [...listed.values()] });
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#onStop();
  }

  #emit(event: WatchEvent<T>): void {
    try {
      this.#listener(event);
    } catch (error) {
      this.#logger?.error({ err: (error as Error).message }, 'simulated kubernetes watch listener failed');
    }
  }
}

export class SimulatedKubernetesSource implements KubernetesSource {
  readonly cluster: SimulatedCluster;
  #model: { version: number; model: SimulatedKubeModel } | null = null;
  readonly #clock: () => number;
  readonly #pollIntervalMs: number;
  readonly #logger: Logger | undefined;
  readonly #watches = new Set<PollingWatch<unknown>>();
  #lastSuccessAt: number | null = null;

  constructor(options: SimulatedKubernetesSourceOptions) {
    this.cluster = options.cluster;
    this.#clock = options.clock ?? Date.now;
    this.#pollIntervalMs = options.pollIntervalMs ?? 5_000;
    this.#logger = options.logger;
  }

  /** The objects' model, rebuilt when an intervention (a remediation action) was recorded since it was built. */
  get model(): SimulatedKubeModel {
    const version = this.cluster.interventions.version;
    if (this.#model?.version !== version) {
      this.#model = { version, model: buildSimulatedKubeModel(this.cluster) };
    }
    return this.#model.model;
  }

  async listResults(signal?: AbortSignal): Promise<K8sGptResultObject[]> {
    signal?.throwIfAborted();
    return this.#results();
  }

  watchResults(listener: WatchListener<K8sGptResultObject>): ResourceWatch {
    return this.#watch(() => this.#results(), listener);
  }

  async listEvents(options: ListEventsOptions = {}, signal?: AbortSignal): Promise<KubeEvent[]> {
    signal?.throwIfAborted();
    return this.#events(options);
  }

  watchEvents(listener: WatchListener<KubeEvent>, options: ListEventsOptions = {}): ResourceWatch {
    fieldSelectorMatcher(options.fieldSelector); // refuse a bad selector now, not at every poll
    return this.#watch(() => this.#events(options), listener);
  }

  health(): KubernetesSourceHealth {
    return { kind: 'simulator', state: 'ok', server: null, lastSuccessAt: this.#lastSuccessAt, lastError: null };
  }

  /** Every open watch looks at the cluster now (tests move the clock, then poll, instead of waiting). */
  poll(): void {
    for (const watch of this.#watches) {
      watch.poll();
    }
  }

  #watch<T extends K8sGptResultObject | KubeEvent>(snapshot: () => T[], listener: WatchListener<T>): ResourceWatch {
    const watch: PollingWatch<T> = new PollingWatch<T>({
      snapshot,
      key: (object) => objectKey(object.metadata),
      version: (object) => object.metadata.resourceVersion,
      listener,
      pollIntervalMs: this.#pollIntervalMs,
      logger: this.#logger,
      onStop: () => this.#watches.delete(watch as PollingWatch<unknown>),
    });
    this.#watches.add(watch as PollingWatch<unknown>);
    return watch;
  }

  #results(): K8sGptResultObject[] {
    const now = this.#clock();
    this.#lastSuccessAt = now;
    return convert(simulatedResults(this.cluster, this.model, now), toResultObject);
  }

  #events(options: ListEventsOptions): KubeEvent[] {
    const now = this.#clock();
    this.#lastSuccessAt = now;
    const matches = fieldSelectorMatcher(options.fieldSelector);
    const raws = simulatedEvents(this.cluster, this.model, now).filter(
      (raw) => (!options.namespace || (raw.metadata as Raw).namespace === options.namespace) && matches(raw)
    );
    return convert(raws, toKubeEvent);
  }
}

function convert<T>(raws: Raw[], to: (raw: unknown) => Converted<T>): T[] {
  const out: T[] = [];
  for (const raw of raws) {
    const converted = to(raw);
    if (converted.ok) {
      out.push(converted.object);
    }
  }
  return out;
}
