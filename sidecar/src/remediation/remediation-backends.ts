// Which backend carries out remediation actions: in demo mode the simulated cluster (restarts really end its leak),
// its K8sGPT and, when the simulated Alertmanager runs, its silences; in live mode the Kubernetes API when
// kubernetes.enabled, plus Alertmanager silences when alertmanager.url is set and K8sGPT analyses when
// k8sgpt.analyzeUrl is. No cluster to act on: null, and remediation lists as disabled.
import type { SimulatedAlertmanager } from '../alerts/simulated-alertmanager.ts';
import type { Config } from '../config/index.ts';
import { K8sGptAnalyzeClient } from '../findings/k8sgpt-analyze-client.ts';
import type { Logger } from '../forecasts/logger.ts';
import type { SimulatedCluster } from '../sources/simulator/cluster.ts';
import { messageOf } from './actors.ts';
import type { RemediationBackend, StepSpec } from './backend.ts';
import { AlertmanagerSilencesBackend } from './backends/alertmanager-silences.ts';
import { createCompositeBackend } from './backends/composite-backend.ts';
import { K8sGptAnalysisBackend } from './backends/k8sgpt-analysis-backend.ts';
import { createKubernetesBackend } from './backends/kubernetes/kubernetes-backend.ts';
import { SimulatedClusterBackend } from './backends/simulated/simulated-cluster-backend.ts';
import { SimulatedK8sGptBackend } from './backends/simulated/simulated-k8sgpt-backend.ts';
import { SimulatedSilencesBackend } from './backends/simulated/simulated-silences-backend.ts';
import type { RemediationStore } from './remediation-store.ts';

export interface ChosenBackend {
  backend: RemediationBackend;
  kind: 'kubernetes' | 'simulator';
}

export interface BackendChoiceOptions {
  config: Config;
  /** The demo's simulated cluster, or null in live mode. */
  cluster: SimulatedCluster | null;
  simulatedAlertmanager: SimulatedAlertmanager | null;
  logger: Logger;
  clock?: () => number;
  /** Stored proposals: in demo mode their done steps are replayed into the fresh simulated cluster. */
  history?: Pick<RemediationStore, 'listProposals'>;
}

export function chooseRemediationBackend(options: BackendChoiceOptions): ChosenBackend | null {
  const { config, cluster, clock, logger } = options;
  if (cluster) {
    const clusterBackend = new SimulatedClusterBackend({ cluster, clock });
    const silences = options.simulatedAlertmanager
      ? new SimulatedSilencesBackend({ alertmanager: options.simulatedAlertmanager, clock })
      : null;
    replayHistory(silences ? [clusterBackend, silences] : [clusterBackend], options.history, logger);
    const k8sgpt = new SimulatedK8sGptBackend({ cluster, clock });
    const backends: RemediationBackend[] = silences ? [clusterBackend, k8sgpt, silences] : [clusterBackend, k8sgpt];
    return { backend: createCompositeBackend(backends), kind: 'simulator' };
  }
  if (!config.kubernetes.enabled) {
    return null;
  }
  let kubernetes: RemediationBackend;
  try {
    kubernetes = createKubernetesBackend({
      kubeconfig: config.kubernetes.kubeconfig || null,
      context: config.kubernetes.context || null,
    });
  } catch (error) {
    logger.error({ error: messageOf(error) }, 'remediation disabled: cannot load the Kubernetes client configuration');
    return null;
  }
  const backends = [kubernetes];
  if (config.alertmanager.url) {
    backends.push(new AlertmanagerSilencesBackend({ url: config.alertmanager.url }));
  }
  if (config.k8sgpt.analyzeUrl) {
    const client = new K8sGptAnalyzeClient({
      url: config.k8sgpt.analyzeUrl,
      timeoutMs: config.k8sgpt.analyzeTimeoutMs,
    });
    backends.push(
      new K8sGptAnalysisBackend({
        client,
        onAnalysis: (namespace, outcome) =>
          logger.info(
            { namespace, problems: outcome.problems, findings: outcome.findings.length },
            'K8sGPT analysis requested by a remediation'
          ),
      })
    );
  }
  return { backend: createCompositeBackend(backends), kind: 'kubernetes' };
}

interface Replayable {
  readonly ops: readonly string[];
  replay(step: StepSpec, atMs: number): string;
}

/**
 * The simulated cluster and Alertmanager live in memory and start fresh with the process: the steps stored done
 * (dry-runs changed nothing) are replayed at the times they ran, oldest first, so a restart the demo already made
 * stays made — and a resumed execution's tookEffect sees it.
 */
function replayHistory(
  backends: readonly Replayable[],
  history: BackendChoiceOptions['history'],
  logger: Logger
): void {
  const done = (history?.listProposals() ?? [])
    .filter((p) => p.execution && !p.execution.dryRun)
    .flatMap((p) => p.execution!.steps.filter((s) => s.status === 'done').map((step) => ({ proposal: p.id, step })))
    .sort((a, b) => (a.step.startedAt ?? 0) - (b.step.startedAt ?? 0));
  for (const { proposal, step } of done) {
    const backend = backends.find((b) => b.ops.includes(step.op));
    try {
      backend?.replay(step, step.startedAt ?? step.finishedAt ?? 0);
    } catch (error) {
      logger.warn(
        { proposal, step: step.name, error: messageOf(error) },
        'could not replay a remediation step into the simulator'
      );
    }
  }
}
