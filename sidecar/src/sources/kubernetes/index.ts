// Entry point for the rest of the sidecar: pick the Kubernetes source (the simulated cluster in demo mode, the real
// API server otherwise) and the pieces built on it.
import type { Logger } from '../../forecasts/logger.ts';
import type { SimulatedCluster } from '../simulator/cluster.ts';
import type { Backoff } from './list-watch.ts';
import { KubeClientSource, loadKubeConfig, type LoadedKubeConfig } from './kube-client-source.ts';
import { SimulatedKubernetesSource } from './simulated-source.ts';
import type { KubernetesSource } from './types.ts';

export interface KubernetesSourceConfig {
  /** The simulated cluster of demo mode; when given, the simulator serves the objects and nothing is contacted. */
  simulator?: SimulatedCluster | null;
  /** A kubeconfig file (wins over in-cluster and default discovery). */
  kubeconfig?: string | null;
  context?: string | null;
  /** The namespace of K8sGPT's Results (the K8sGPT resource's namespace); all namespaces when absent. */
  resultsNamespace?: string | null;
  logger: Logger;
  clock?: () => number;
  backoff?: Backoff;
}

export interface KubernetesSourceBundle {
  source: KubernetesSource;
  /** How the cluster was found; null for the simulator. */
  origin: LoadedKubeConfig['origin'] | null;
}

export function createKubernetesSource(config: KubernetesSourceConfig): KubernetesSourceBundle {
  if (config.simulator) {
    return {
      source: new SimulatedKubernetesSource({ cluster: config.simulator, clock: config.clock, logger: config.logger }),
      origin: null,
    };
  }
  const loaded = loadKubeConfig({ kubeconfig: config.kubeconfig, context: config.context });
  config.logger.info({ server: loaded.server, origin: loaded.origin }, 'kubernetes API configured');
  const source = new KubeClientSource({
    kubeConfig: loaded.kubeConfig,
    resultsNamespace: config.resultsNamespace,
    logger: config.logger,
    clock: config.clock,
    backoff: config.backoff,
  });
  return { source, origin: loaded.origin };
}

export {
  KubeClientSource,
  loadKubeConfig,
  K8SGPT_GROUP,
  K8SGPT_VERSION,
  K8SGPT_RESULTS,
} from './kube-client-source.ts';
export type { KubeClientSourceOptions, KubeConfigChoice, LoadedKubeConfig } from './kube-client-source.ts';
export { SimulatedKubernetesSource, type SimulatedKubernetesSourceOptions } from './simulated-source.ts';
export {
  SIMULATED_K8SGPT_NAMESPACE,
  SIMULATED_INCIDENT_LABEL,
  ANALYSIS_INTERVAL_MS,
  EVENT_TTL_MS,
  simulatedResults,
  simulatedEvents,
  buildSimulatedKubeModel,
} from './simulated-objects.ts';
export { RecentEvents, type RecentEventsOptions, type EventQuery, type EventChange } from './recent-events.ts';
export { ListWatchLoop, DEFAULT_BACKOFF, type Backoff, type ResourceTransport } from './list-watch.ts';
export { toKubeEvent, toResultObject } from './objects.ts';
export { objectKey } from './types.ts';
export type {
  K8sGptResultObject,
  KubeEvent,
  KubeObjectMeta,
  KubernetesSource,
  KubernetesSourceHealth,
  ListEventsOptions,
  ResourceWatch,
  WatchEvent,
  WatchListener,
} from './types.ts';
