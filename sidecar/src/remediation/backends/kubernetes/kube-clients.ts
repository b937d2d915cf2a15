// The typed @kubernetes/client-node clients the Kubernetes backend's action families share, and the options every
// request gets: a timeout of its own (the generated client sets none, and a hung API server must not hang an
// execution) and, for patches, the patch's Content-Type (the generated client would send JSON patch otherwise).
import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  Observable,
  PatchStrategy,
  type ConfigurationOptions,
  type KubeConfig,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';

/** The dryRun value that runs every admission stage and stores nothing. */
export const DRY_RUN_ALL = 'All';

export interface KubeClients {
  apps: AppsV1Api;
  core: CoreV1Api;
  autoscaling: AutoscalingV2Api;
  /** Written into managedFields of what the sidecar patches, so `kubectl get -o yaml` shows who changed it. */
  fieldManager: string;
  /** Options for one request: a fresh timeout, and the Content-Type when it is a patch. */
  options(patch?: PatchStrategy): ConfigurationOptions;
}

export interface KubeClientsOptions {
  /** Per request; default 30 s. */
  requestTimeoutMs?: number;
  /** Default "prophet-aiops". */
  fieldManager?: string;
}

export function makeKubeClients(kubeConfig: KubeConfig, options: KubeClientsOptions = {}): KubeClients {
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  return {
    apps: kubeConfig.makeApiClient(AppsV1Api),
    core: kubeConfig.makeApiClient(CoreV1Api),
    autoscaling: kubeConfig.makeApiClient(AutoscalingV2Api),
    fieldManager: options.fieldManager ?? 'prophet-aiops',
    options: (patch) => ({
      middleware: [
        {
          pre: (context: RequestContext) => {
            context.setSignal(AbortSignal.timeout(timeoutMs));
            if (patch) {
              context.setHeaderParam('Content-Type', patch);
            }
            return new Observable(Promise.resolve(context));
          },
          post: (response: ResponseContext) => new Observable(Promise.resolve(response)),
        },
      ],
      middlewareMergeStrategy: 'append',
    }),
  };
}

export { PatchStrategy };
