// The background job that keeps the findings current: it watches K8sGPT Results through a KubernetesSource (the
// real API or the simulated cluster), normalises each into a Finding and feeds the FindingsTracker, whose
// listeners hear new / updated / gone once per real change. An unreadable Result is skipped with a warning naming
// it (once per object and reason), never stopping the watch.
import type { Logger } from '../forecasts/logger.ts';
import {
  objectKey,
  type K8sGptResultObject,
  type KubernetesSource,
  type ResourceWatch,
  type WatchEvent,
} from '../sources/kubernetes/types.ts';
import { normalizeResult, type Finding } from './finding.ts';
import { FindingsTracker, type FindingsListener, type TrackedFinding } from './tracker.ts';

export interface FindingsWatcherOptions {
  source: KubernetesSource;
  logger: Logger;
  clock?: () => number;
  /** A tracker of your own (e.g. with listeners already subscribed); a new one otherwise. */
  tracker?: FindingsTracker;
}

export interface FindingsWatcherStatus {
  /** Whether the first complete list of Results has been applied. */
  synced: boolean;
  findings: number;
  /** Results skipped as unreadable now. */
  unreadable: number;
}

export class FindingsWatcher {
  readonly tracker: FindingsTracker;
  readonly #options: FindingsWatcherOptions;
  readonly #unreadable = new Map<string, string>();
  #watch: ResourceWatch | null = null;
  #synced = false;

  constructor(options: FindingsWatcherOptions) {
    this.#options = options;
    this.tracker = options.tracker ?? new FindingsTracker({ clock: options.clock, logger: options.logger });
  }

  /** Start watching (list, then watch); a second call does nothing. */
  start(): void {
    if (this.#watch) {
      return;
    }
    this.#watch = this.#options.source.watchResults((event) => this.#apply(event));
    this.#options.logger.info({ source: this.#options.source.health().kind }, 'k8sgpt findings watch started');
  }

  /** Stop watching; resolves once no more changes will be reported. The findings held stay readable. */
  async stop(): Promise<void> {
    await this.#watch?.stop();
  }

  /** Resolves once the first complete list has been applied. */
  async synced(): Promise<void> {
    if (!this.#watch) {
      throw new Error('the findings watcher has not been started');
    }
    await this.#watch.synced;
  }

  subscribe(listener: FindingsListener): () => void {
    return this.tracker.subscribe(listener);
  }

  list(): TrackedFinding[] {
    return this.tracker.list();
  }

  get(id: string): TrackedFinding | undefined {
    return this.tracker.get(id);
  }

  status(): FindingsWatcherStatus {
    return { synced: this.#synced, findings: this.tracker.size, unreadable: this.#unreadable.size };
  }

  #apply(event: WatchEvent<K8sGptResultObject>): void {
    switch (event.type) {
      case 'added':
      case 'modified': {
        const finding = this.#read(event.object);
        if (finding) {
          this.tracker.upsert(finding);
        } else {
          this.tracker.remove(objectKey(event.object.metadata), 'unreadable');
        }
        break;
      }
      case 'deleted': {
        const id = objectKey(event.object.metadata);
        this.#unreadable.delete(id);
        this.tracker.remove(id, 'deleted');
        break;
      }
      case 'synced': {
        const findings: Finding[] = [];
        const listed = new Set<string>();
        for (const object of event.objects) {
          listed.add(objectKey(object.metadata));
          const finding = this.#read(object);
          if (finding) {
            findings.push(finding);
          }
        }
        for (const id of [...this.#unreadable.keys()]) {
          if (!listed.has(id)) {
            this.#unreadable.delete(id);
          }
        }
        this.tracker.replaceAll(findings);
        if (!this.#synced) {
          this.#synced = true;
          this.#options.logger.info(
            { findings: this.tracker.size, unreadable: this.#unreadable.size },
            'k8sgpt findings synced'
          );
        }
        break;
      }
    }
  }

  #read(object: K8sGptResultObject): Finding | null {
    const id = objectKey(object.metadata);
    const normalized = normalizeResult(object);
    if (normalized.ok) {
      this.#unreadable.delete(id);
      return normalized.finding;
    }
    if (this.#unreadable.get(id) !== normalized.reason) {
      this.#unreadable.set(id, normalized.reason);
      this.#options.logger.warn(
        { result: normalized.object, reason: normalized.reason },
        `skipping K8sGPT Result ${normalized.object}: ${normalized.reason}`
      );
    }
    return null;
  }
}
