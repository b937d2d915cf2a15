// The one interface every Kubernetes source implements: the real API server (through @kubernetes/client-node) and
// the simulated cluster of demo mode. It lists and watches the two resources the sidecar reads: K8sGPT Result
// objects (core.k8sgpt.ai/v1alpha1) and core/v1 Events.

/** The metadata fields the sidecar reads; everything else an object carries is kept as is. */
export interface KubeObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  /** RFC 3339 time, as the API serves it. */
  creationTimestamp?: string;
  labels?: Record<string, string>;
}

/**
 * A K8sGPT Result as the API serves it. `spec` and `status` stay untyped here: K8sGPT's own JSON output uses other key
 * casings than the CRD (`Error`/`Text` vs `error`/`text`), so their fields are read by the findings normaliser, which
 * accepts both and skips what it cannot read.
 */
export interface K8sGptResultObject {
  apiVersion?: string;
  kind?: string;
  metadata: KubeObjectMeta;
  spec?: unknown;
  status?: unknown;
}

/** A core/v1 Event, with its times as epoch milliseconds (null when the event does not carry that time). */
export interface KubeEvent {
  metadata: KubeObjectMeta;
  /** What the event is about. */
  involvedObject: { kind: string; namespace: string | null; name: string; uid: string | null };
  reason: string;
  message: string;
  /** Normal or Warning (other values are kept as given). */
  type: string;
  /** How many times it happened (1 when the event does not say). */
  count: number;
  firstSeen: number | null;
  /** The last occurrence: lastTimestamp, else eventTime, else firstTimestamp, else the object's creation. */
  lastSeen: number | null;
  /** The component that reported it (kubelet, default-scheduler, karpenter, …). */
  source: string | null;
}

/** What a watch reports. `synced` follows each complete (re)list: the source then holds every current object. */
export type WatchEvent<T> =
  | { type: 'added'; object: T }
  | { type: 'modified'; object: T; previous: T }
  | { type: 'deleted'; object: T }
  | { type: 'synced'; objects: T[] };

export interface WatchListener<T> {
  (event: WatchEvent<T>): void;
}

export interface ResourceWatch {
  /** Resolves after the first complete list has been reported (and `synced` emitted). */
  readonly synced: Promise<void>;
  /** Stop watching: aborts the request under way and resolves once nothing more will be emitted. */
  stop(): Promise<void>;
}

export interface KubernetesSourceHealth {
  kind: 'kubernetes' | 'simulator';
  /** ok: the last list or watch succeeded; degraded: the last one failed and is being retried; unknown: not started. */
  state: 'ok' | 'degraded' | 'unknown';
  /** The API server URL; null for the simulator. */
  server: string | null;
  lastSuccessAt: number | null;
  lastError: string | null;
}

export interface ListEventsOptions {
  /** Only events about objects in this namespace (all namespaces when absent). */
  namespace?: string;
  /** A field selector such as "type=Warning" or "involvedObject.kind=Pod". */
  fieldSelector?: string;
}

export interface KubernetesSource {
  /** Every K8sGPT Result now (in the configured namespace, or all namespaces). */
  listResults(signal?: AbortSignal): Promise<K8sGptResultObject[]>;
  /** List, then watch Results: added/modified/deleted as they happen, `synced` after every complete (re)list. */
  watchResults(listener: WatchListener<K8sGptResultObject>): ResourceWatch;
  listEvents(options?: ListEventsOptions, signal?: AbortSignal): Promise<KubeEvent[]>;
  watchEvents(listener: WatchListener<KubeEvent>, options?: ListEventsOptions): ResourceWatch;
  health(): KubernetesSourceHealth;
}

/** "<namespace>/<name>" of an object ("<name>" for a cluster-scoped one): the identity watches and trackers key on. */
export function objectKey(meta: Pick<KubeObjectMeta, 'name' | 'namespace'>): string {
  return meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name;
}
