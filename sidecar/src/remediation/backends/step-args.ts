// Helpers every backend shares, so the Kubernetes backend and the simulated cluster plan and check steps by the same
// rules (a demo proposal plans the steps a real cluster would): the proposal's target checked against the kinds an
// action changes, typed step arguments, bounded scaling and the restartedAt time format.
import { BackendError, type StepSpec } from '../backend.ts';
import type { ActionTarget, RemediationProposal } from '../types.ts';

/** The namespace and name of a namespaced target, after checking it is a kind the action changes. */
export function namespacedTarget(
  proposal: RemediationProposal,
  kind: ActionTarget['kind'] | ReadonlyArray<ActionTarget['kind']>
): { namespace: string; name: string } {
  const { target } = proposal;
  const kinds = typeof kind === 'string' ? [kind] : kind;
  if (!kinds.includes(target.kind) || !target.namespace || !target.name) {
    throw new BackendError(
      `${proposal.action} works on a ${kinds.join(' or ')} with a namespace and name; proposal ${proposal.id} targets ` +
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

export function recordArg(step: StepSpec, key: string): Record<string, string> {
  const value = step.args[key];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BackendError(`step "${step.name}" (${step.op}) has no label-map argument "${key}"`);
  }
  return value;
}

export function timeArg(step: StepSpec, key: string): number {
  const ms = Date.parse(stringArg(step, key));
  if (!Number.isFinite(ms)) {
    throw new BackendError(`step "${step.name}" (${step.op}) argument "${key}" is not an RFC 3339 time`);
  }
  return ms;
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

/** RFC 3339 without fractions, as `kubectl rollout restart` writes restartedAt. */
export function rfc3339(at: number): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
