// The remediation backend for a real cluster, through @kubernetes/client-node: Deployment restart, scale and
// rollback, HPA bounds, pod deletion, node cordon and drain. Previews are server-side dry-runs (dryRun=All) of the
// very patch, delete or eviction the step would send, shown as before/after YAML with a diff. Each action family
// lives in its own file; this one routes proposals by action and stored steps by op.
import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubeConfig, type KubeConfigChoice } from '../../../sources/kubernetes/kube-client-source.ts';
import { BackendError, type RemediationBackend, type StepSpec } from '../../backend.ts';
import type { ActionPreview, RemediationAction, RemediationProposal } from '../../types.ts';
import type { ActionFamily } from './family.ts';
import { hpaActions } from './hpa-actions.ts';
import { makeKubeClients, type KubeClients, type KubeClientsOptions } from './kube-clients.ts';
import { nodeActions } from './node-actions.ts';
import { podActions } from './pod-actions.ts';
import { workloadActions } from './workload-actions.ts';

const FAMILIES: readonly ActionFamily[] = [workloadActions, hpaActions, podActions, nodeActions];

export interface KubernetesBackendOptions extends KubeClientsOptions {
  kubeConfig: KubeConfig;
}

export class KubernetesBackend implements RemediationBackend {
  readonly actions: readonly RemediationAction[] = FAMILIES.flatMap((family) => family.actions);
  /** The step ops this backend runs (a composite routes stored steps by op). */
  readonly ops: readonly string[] = [...new Set(FAMILIES.flatMap((family) => family.ops))];
  readonly previewSource = 'kubernetes-dry-run' as const;
  readonly #kube: KubeClients;

  constructor(options: KubernetesBackendOptions) {
    this.#kube = makeKubeClients(options.kubeConfig, options);
  }

  async preview(proposal: RemediationProposal, now: number): Promise<ActionPreview> {
    return this.#byAction(proposal).preview(this.#kube, proposal, now);
  }

  async plan(proposal: RemediationProposal, now: number): Promise<StepSpec[]> {
    return this.#byAction(proposal).plan(this.#kube, proposal, now);
  }

  async run(step: StepSpec): Promise<string> {
    return this.#byOp(step).run(this.#kube, step);
  }

  async tookEffect(step: StepSpec): Promise<boolean | 'unknown'> {
    return this.#byOp(step).tookEffect(this.#kube, step);
  }

  #byAction(proposal: RemediationProposal): ActionFamily {
    const family = FAMILIES.find((candidate) => candidate.actions.includes(proposal.action));
    if (!family) {
      throw new BackendError(`the Kubernetes backend does not carry out ${proposal.action}`);
    }
    return family;
  }

  #byOp(step: StepSpec): ActionFamily {
    const family = FAMILIES.find((candidate) => candidate.ops.includes(step.op));
    if (!family) {
      throw new BackendError(`the Kubernetes backend does not run op ${step.op} (step "${step.name}")`);
    }
    return family;
  }
}

/** The backend for the cluster config.kubernetes names (kubeconfig file, in-cluster or default; optional context). */
export function createKubernetesBackend(choice: KubeConfigChoice, options: KubeClientsOptions = {}): KubernetesBackend {
  return new KubernetesBackend({ ...options, kubeConfig: loadKubeConfig(choice).kubeConfig });
}
