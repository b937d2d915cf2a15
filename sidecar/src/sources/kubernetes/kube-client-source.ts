// KubernetesSource on the real API server, through @kubernetes/client-node: the generated list calls
// (CustomObjectsApi for K8sGPT Results, CoreV1Api for Events, page by page) and its Watch for the streams, driven by
// ListWatchLoop (resume, relist on 410 Gone, backoff). Tests run this same code against an in-process fake API
// server, reached through a kubeconfig file like any cluster.
import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  Observable,
  Watch,
  type ConfigurationOptions,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import type { Logger } from '../../forecasts/logger.ts';
import {
  ListWatchLoop,
  type Backoff,
  type ListResult,
  type ResourceTransport,
  type WatchHandle,
} from './list-watch.ts';
import { toKubeEvent, toResultObject } from './objects.ts';
import {
  objectKey,
  type K8sGptResultObject,
  type KubeEvent,
  type KubernetesSource,
  type KubernetesSourceHealth,
  type ListEventsOptions,
  type ResourceWatch,
  type WatchListener,
} from './types.ts';

export const K8SGPT_GROUP = 'core.k8sgpt.ai';
export const K8SGPT_VERSION = 'v1alpha1';
export const K8SGPT_RESULTS = 'results';

export interface KubeConfigChoice {
  /** A kubeconfig file; when set it wins over in-cluster and default discovery. */
  kubeconfig?: string | null;
  /** A context of that kubeconfig other than its current-context. */
  context?: string | null;
}

export interface LoadedKubeConfig {
  kubeConfig: KubeConfig;
  /** How it was found, for the start-up log. */
  origin: 'kubeconfig-file' | 'in-cluster' | 'default';
  /** The API server URL. */
  server: string;
}

/**
 * The cluster to talk to: the kubeconfig file when one is configured; else in-cluster (service account token and
 * CA) when KUBERNETES_SERVICE_HOST is set, as it is in every pod; else the default kubeconfig ($KUBECONFIG or
 * ~/.kube/config).
 */
export function loadKubeConfig(choice: KubeConfigChoice = {}, env: NodeJS.ProcessEnv = process.env): LoadedKubeConfig {
  const kubeConfig = new KubeConfig();
  let origin: LoadedKubeConfig['origin'];
  if (choice.kubeconfig) {
    kubeConfig.loadFromFile(choice.kubeconfig);
    origin = 'kubeconfig-file';
  } else if (env.KUBERNETES_SERVICE_HOST) {
    kubeConfig.loadFromCluster();
    origin = 'in-cluster';
  } else {
    kubeConfig.loadFromDefault();
    origin = 'default';
  }
  if (choice.context) {
    if (!kubeConfig.getContextObject(choice.context)) {
      throw new Error(`kubeconfig has no context "${choice.context}"`);
    }
    kubeConfig.setCurrentContext(choice.context);
  }
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) {
    throw new Error('kubeconfig names no current cluster');
  }
  return { kubeConfig, origin, server: cluster.server };
}

export interface KubeClientSourceOptions {
  kubeConfig: KubeConfig;
  /** The namespace K8sGPT writes its Results to (its K8sGPT resource's namespace); all namespaces when absent. */
  resultsNamespace?: string | null;
  logger: Logger;
  clock?: () => number;
  backoff?: Backoff;
  /** Objects per list page. */
  pageSize?: number;
  /** How long the API server keeps one watch open before closing it (the loop then resumes). */
  watchTimeoutSeconds?: number;
  /** A watch closed sooner than this without an event counts as failed (backoff, no hot loop); default 1 s. */
  minWatchMs?: number;
}

/** Request options that make the generated client's fetch abortable. */
function withSignal(signal: AbortSignal): ConfigurationOptions {
  return {
    middleware: [
      {
        pre: (context: RequestContext) => {
          context.setSignal(signal);
          return new Observable(Promise.resolve(context));
        },
        post: (response: ResponseContext) => new Observable(Promise.resolve(response)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

interface ListPage {
  items?: unknown[];
  metadata?: { resourceVersion?: string; continue?: string; _continue?: string };
}

export class KubeClientSource implements KubernetesSource {
  readonly server: string;
  readonly #options: KubeClientSourceOptions;
  readonly #custom: CustomObjectsApi;
  readonly #core: CoreV1Api;
  readonly #watch: Watch;
  readonly #clock: () => number;
  #lastSuccessAt: number | null = null;
  #lastErrorAt: number | null = null;
  #lastError: string | null = null;

  constructor(options: KubeClientSourceOptions) {
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
    const cluster = options.kubeConfig.getCurrentCluster();
    if (!cluster) {
      throw new Error('kubeconfig names no current cluster');
    }
    this.server = cluster.server;
    this.#custom = options.kubeConfig.makeApiClient(CustomObjectsApi);
    this.#core = options.kubeConfig.makeApiClient(CoreV1Api);
    this.#watch = new Watch(options.kubeConfig);
  }

  async listResults(signal?: AbortSignal): Promise<K8sGptResultObject[]> {
    const list = await this.#resultsTransport().list(signal ?? new AbortController().signal);
    return convertAll(list.items, toResultObject, this.#options.logger);
  }

  watchResults(listener: WatchListener<K8sGptResultObject>): ResourceWatch {
    return new ListWatchLoop<K8sGptResultObject>({
      transport: this.#resultsTransport(),
      convert: toResultObject,
      key: (object) => objectKey(object.metadata),
      resourceVersion: (object) => object.metadata.resourceVersion,
      listener,
      logger: this.#options.logger,
      backoff: this.#options.backoff,
      clock: this.#clock,
      minWatchMs: this.#options.minWatchMs,
      onOutcome: (outcome) => this.#record(outcome),
    }).start();
  }

  async listEvents(options: ListEventsOptions = {}, signal?: AbortSignal): Promise<KubeEvent[]> {
    const list = await this.#eventsTransport(options).list(signal ?? new AbortController().signal);
    return convertAll(list.items, toKubeEvent, this.#options.logger);
  }

  watchEvents(listener: WatchListener<KubeEvent>, options: ListEventsOptions = {}): ResourceWatch {
    return new ListWatchLoop<KubeEvent>({
      transport: this.#eventsTransport(options),
      convert: toKubeEvent,
      key: (event) => objectKey(event.metadata),
      resourceVersion: (event) => event.metadata.resourceVersion,
      listener,
      logger: this.#options.logger,
      backoff: this.#options.backoff,
      clock: this.#clock,
      minWatchMs: this.#options.minWatchMs,
      onOutcome: (outcome) => this.#record(outcome),
    }).start();
  }

  health(): KubernetesSourceHealth {
    const failing =
      this.#lastErrorAt !== null && (this.#lastSuccessAt === null || this.#lastErrorAt > this.#lastSuccessAt);
    return {
      kind: 'kubernetes',
      state: this.#lastSuccessAt === null && this.#lastErrorAt === null ? 'unknown' : failing ? 'degraded' : 'ok',
      server: this.server,
      lastSuccessAt: this.#lastSuccessAt,
      lastError: this.#lastError,
    };
  }

  #record(outcome: { ok: true } | { ok: false; error: string }): void {
    if (outcome.ok) {
      this.#lastSuccessAt = this.#clock();
    } else {
      this.#lastErrorAt = this.#clock();
      this.#lastError = outcome.error;
    }
  }

  #resultsTransport(): ResourceTransport {
    const namespace = this.#options.resultsNamespace || null;
    const base = `/apis/${K8SGPT_GROUP}/${K8SGPT_VERSION}`;
    const path = namespace
      ? `${base}/namespaces/${encodeURIComponent(namespace)}/${K8SGPT_RESULTS}`
      : `${base}/${K8SGPT_RESULTS}`;
    const common = { group: K8SGPT_GROUP, version: K8SGPT_VERSION, plural: K8SGPT_RESULTS };
    return this.#transport(
      `${K8SGPT_RESULTS}.${K8SGPT_GROUP} in ${namespace ? `namespace ${namespace}` : 'all namespaces'}`,
      path,
      {},
      (page, signal) => {
        const request = { ...common, limit: this.#options.pageSize ?? 500, _continue: page };
        return (
          namespace
            ? this.#custom.listNamespacedCustomObject({ ...request, namespace }, withSignal(signal))
            : this.#custom.listClusterCustomObject(request, withSignal(signal))
        ) as Promise<ListPage>;
      }
    );
  }

  #eventsTransport(options: ListEventsOptions): ResourceTransport {
    const namespace = options.namespace || null;
    const fieldSelector = options.fieldSelector || undefined;
    const path = namespace ? `/api/v1/namespaces/${encodeURIComponent(namespace)}/events` : '/api/v1/events';
    return this.#transport(
      `events in ${namespace ? `namespace ${namespace}` : 'all namespaces'}${fieldSelector ? ` (${fieldSelector})` : ''}`,
      path,
      { fieldSelector },
      (page, signal) => {
        const request = { limit: this.#options.pageSize ?? 500, _continue: page, fieldSelector };
        return (
          namespace
            ? this.#core.listNamespacedEvent({ ...request, namespace }, withSignal(signal))
            : this.#core.listEventForAllNamespaces(request, withSignal(signal))
        ) as Promise<ListPage>;
      }
    );
  }

  #transport(
    description: string,
    path: string,
    selectors: { fieldSelector?: string },
    listPage: (continueToken: string | undefined, signal: AbortSignal) => Promise<ListPage>
  ): ResourceTransport {
    return {
      description,
      list: async (signal): Promise<ListResult> => {
        const items: unknown[] = [];
        let resourceVersion = '';
        let continueToken: string | undefined;
        do {
          const page = await listPage(continueToken, signal);
          items.push(...(page.items ?? []));
          resourceVersion ||= page.metadata?.resourceVersion ?? '';
          // The generated models name it `_continue`; the custom-objects client returns the raw `continue`.
          continueToken = page.metadata?._continue || page.metadata?.continue || undefined;
        } while (continueToken);
        return { items, resourceVersion };
      },
      watch: async (resourceVersion, onEvent): Promise<WatchHandle> => {
        let settled = false;
        let settle!: (error: unknown) => void;
        const ended = new Promise<unknown>((resolve) => {
          settle = (error) => {
            settled = true;
            resolve(error);
          };
        });
        const query: Record<string, string | number | boolean | undefined> = {
          allowWatchBookmarks: true,
          timeoutSeconds: this.#options.watchTimeoutSeconds ?? 300,
          ...selectors,
        };
        if (resourceVersion) {
          query.resourceVersion = resourceVersion;
        }
        const controller = await this.#watch.watch(
          path,
          query,
          (type: string, object: unknown) => onEvent(type, object),
          (error: unknown) => settle(error ?? null)
        );
        // Watch reports a refused request (non-200) through `done` before it returns.
        return { connected: !settled, abort: () => controller.abort(), ended };
      },
    };
  }
}

function convertAll<T>(
  items: unknown[],
  convert: (raw: unknown) => { ok: true; object: T } | { ok: false; reason: string; name: string },
  logger: Logger
): T[] {
  const out: T[] = [];
  for (const raw of items) {
    const converted = convert(raw);
    if (converted.ok) {
      out.push(converted.object);
    } else {
      logger.warn(
        { object: converted.name, reason: converted.reason },
        `skipping unreadable kubernetes object ${converted.name}`
      );
    }
  }
  return out;
}
