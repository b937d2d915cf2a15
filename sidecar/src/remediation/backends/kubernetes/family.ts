// What each family of Kubernetes actions (workloads, HPAs, pods, nodes) gives the backend, and the small helpers
// they share: the proposal's target checked against the kind the action works on, typed step arguments, bounded
// scaling, and API objects as plain JSON for previews and stored steps.
import { BackendError, type StepSpec } from '../../backend.ts';
import type { ActionPreview, ActionTarget, RemediationAction, RemediationProposal } from '../../types.ts';
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

/** The namespace and name of a namespaced target, after checking it is the kind the action changes. */
export function namespacedTarget(
  proposal: RemediationProposal,
  kind: ActionTarget['kind']
): { namespace: string; name: string } {
  const { target } = proposal;
  if (target.kind !== kind || !target.namespace || !target.name) {
    throw new BackendError(
      `${proposal.action} works on a ${kind} with a namespace and name; proposal ${proposal.id} targets ` +
        `${target.kind} ${target.namespace ?? '(no namespace)'}/${target.name}`
    );
  }
  return { namespace: target.namespace, name: target.name };
}

export function nodeTarget(proposal: RemediationProposal): string {
  const { target } = proposal;
  if (target.kind !== 'Node' || !target.name) {
    throw new BackendError(`${proposal.action} works on a Node; proposal ${proposal.id} targets ${target.kind}`);
  }
  return target.name;
}

export function stringArg(step: StepSpec, key: string): string {
  const value = step.args[key];
  if (typeof value !== 'string' || value === '') {
    throw new BackendError(`step "${step.name}" (${step.op}) has no string argument "${key}"`);
  }
  return value;
}

export function numberArg(step: StepSpec, key: string): number {
  const value = step.args[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new BackendError(`step "${step.name}" (${step.op}) has no number argument "${key}"`);
  }
  return value;
}

/**
 * Where scaling by params.replicasDelta takes `current`: up to params.maxReplicas at most, never below 0. Scaling up
 * never lowers a count already above the maximum; a count already at the limit is an error (nothing to do).
 */
export function boundedReplicas(proposal: RemediationProposal, what: string, current: number): number {
  const { replicasDelta: delta, maxReplicas: max } = proposal.params;
  if (delta === undefined || !Number.isInteger(delta) || delta === 0) {
    throw new BackendError(`${proposal.action} needs params.replicasDelta, a whole number other than 0`);
  }
  if (max === undefined || !Number.isInteger(max) || max < 0) {
    throw new BackendError(`${proposal.action} needs params.maxReplicas, the count it may not pass`);
  }
  if (delta > 0) {
    if (current >= max) {
      throw new BackendError(`${what} is already at the maximum: ${current}, the limit is ${max}`);
    }
    return Math.min(current + delta, max);
  }
  if (current === 0) {
    throw new BackendError(`${what} is already at 0`);
  }
  return Math.max(0, current + delta);
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

/** JSON with object keys sorted, for comparing two objects whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === 'object' && inner !== null && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner
  );
}

/** RFC 3339 without fractions, as `kubectl rollout restart` writes restartedAt. */
export function rfc3339(at: number): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
