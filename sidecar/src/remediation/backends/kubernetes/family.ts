// What each family of Kubernetes actions (workloads, HPAs, pods, nodes) gives the backend, and API objects as plain
// JSON for previews and stored steps. Target and step-argument checks are shared with the simulated cluster
// (../step-args.ts).
import type { StepSpec } from '../../backend.ts';
import type { ActionPreview, RemediationAction, RemediationProposal } from '../../types.ts';
import type { KubeClients } from './kube-clients.ts';

export interface ActionFamily {
  readonly actions: readonly RemediationAction[];
  /** The step ops it plans, and so the ones it runs (stored steps carry the op, not the action). */
  readonly ops: readonly string[];
  preview(kube: KubeClients, proposal: RemediationProposal, now: number): Promise<ActionPreview>;
  plan(kube: KubeClients, proposal: RemediationProposal, now: number): Promise<StepSpec[]>;
  run(kube: KubeClients, step: StepSpec): Promise<string>;
  tookEffect(kube: KubeClients, step: StepSpec): Promise<boolean | 'unknown'>;
}

/**
 * An API object as plain JSON (the generated client's Dates become ISO strings) without its status: what a
 * preview shows and a step stores. The action changes spec and metadata; status is the controllers' to fill in.
 */
export function plainObject(object: object | undefined): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(object ?? {})) as Record<string, unknown>;
  delete plain.status;
  return plain;
}
