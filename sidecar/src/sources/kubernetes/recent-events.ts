// Recent core/v1 Events, kept current by a watch, for correlating with alerts and findings: which Warning events
// concern a namespace, a pod or a node lately. An event leaves when the API server deletes it (its TTL, an hour by
// default) or when its last occurrence is older than the retention.
import type { Logger } from '../../forecasts/logger.ts';
import {
  objectKey,
  type KubeEvent,
  type KubernetesSource,
  type ListEventsOptions,
  type ResourceWatch,
  type WatchEvent,
} from './types.ts';

export interface RecentEventsOptions extends ListEventsOptions {
  source: KubernetesSource;
  logger: Logger;
  clock?: () => number;
  /** Events whose last occurrence is older than this are not returned; default 1 h. */
  retentionMs?: number;
}

export interface EventQuery {
  /** The involved object's namespace. */
  namespace?: string;
  /** The involved object's kind and/or name (e.g. Pod + name, Node + name). */
  kind?: string;
  name?: string;
  /** Normal or Warning. */
  type?: string;
  /** Only events last seen at or after this time (epoch ms); default now − retention. */
  sinceMs?: number;
}

export type EventChange = { type: 'added' | 'modified' | 'deleted'; event: KubeEvent };

export class RecentEvents {
  readonly #options: RecentEventsOptions;
  readonly #clock: () => number;
  readonly #events = new Map<string, KubeEvent>();
  readonly #listeners = new Set<(change: EventChange) => void>();
  #watch: ResourceWatch | null = null;

  constructor(options: RecentEventsOptions) {
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
  }

  start(): void {
    if (this.#watch) {
      return;
    }
    const { namespace, fieldSelector } = this.#options;
    this.#watch = this.#options.source.watchEvents((event) => this.#apply(event), { namespace, fieldSelector });
    this.#options.logger.info(
      { namespace: namespace ?? null, fieldSelector: fieldSelector ?? null },
      'kubernetes events watch started'
    );
  }

  async stop(): Promise<void> {
    await this.#watch?.stop();
  }

  async synced(): Promise<void> {
    if (!this.#watch) {
      throw new Error('the events watcher has not been started');
    }
    await this.#watch.synced;
  }

  subscribe(listener: (change: EventChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Matching events, the most recently seen first. */
  list(query: EventQuery = {}): KubeEvent[] {
    const since = query.sinceMs ?? this.#clock() - (this.#options.retentionMs ?? 60 * 60_000);
    return [...this.#events.values()]
      .filter(
        (event) =>
          (event.lastSeen ?? 0) >= since &&
          (query.namespace === undefined || event.involvedObject.namespace === query.namespace) &&
          (query.kind === undefined || event.involvedObject.kind === query.kind) &&
          (query.name === undefined || event.involvedObject.name === query.name) &&
          (query.type === undefined || event.type === query.type)
      )
      .sort(
        (a, b) => (b.lastSeen ?? 0) - (a.lastSeen ?? 0) || objectKey(a.metadata).localeCompare(objectKey(b.metadata))
      );
  }

  get size(): number {
    return this.#events.size;
  }

  #apply(change: WatchEvent<KubeEvent>): void {
    if (change.type === 'synced') {
      return; // the watch reported every difference as added/modified/deleted already
    }
    const key = objectKey(change.object.metadata);
    if (change.type === 'deleted') {
      this.#events.delete(key);
    } else {
      this.#events.set(key, change.object);
    }
    for (const listener of this.#listeners) {
      try {
        listener({ type: change.type, event: change.object });
      } catch (error) {
        this.#options.logger.error({ event: key, err: (error as Error).message }, 'events listener failed');
      }
    }
  }
}
