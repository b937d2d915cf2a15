// What each action may change and which parameters it needs: one table, read by policy validation (a policy that
// could never apply is a start-up error) and by matching (which object of the subject a draft targets).
import type { ActionParams, ActionTarget, RemediationAction } from '../types.ts';
import type { TargetSelector } from './policy-types.ts';

export const TARGET_SELECTORS: readonly TargetSelector[] = ['workload', 'pod', 'node', 'hpa', 'alert'];

/** The selectors an action accepts; the first is its default. */
export const SELECTORS_OF: Record<RemediationAction, readonly TargetSelector[]> = {
  'rollout-restart': ['workload'],
  scale: ['workload'],
  rollback: ['workload'],
  'scale-hpa': ['hpa'],
  'delete-pod': ['pod'],
  'cordon-node': ['node'],
  'drain-node': ['node'],
  silence: ['alert'],
  'k8sgpt-analysis': ['workload', 'pod', 'node'],
};

/** The kind of object a selector resolves to (workloads: Deployments only, the one kind every action handles). */
export const KIND_OF: Record<TargetSelector, ActionTarget['kind']> = {
  workload: 'Deployment',
  hpa: 'HorizontalPodAutoscaler',
  pod: 'Pod',
  node: 'Node',
  alert: 'Alert',
};

/** Params as written in YAML (durations as text). */
export type ParamName = 'replicasDelta' | 'maxReplicas' | 'silenceMatchers' | 'silenceDuration' | 'maxPodsEvicted';

export const PARAMS_OF: Record<RemediationAction, { required: readonly ParamName[]; optional: readonly ParamName[] }> =
  {
    'rollout-restart': { required: [], optional: [] },
    scale: { required: ['replicasDelta', 'maxReplicas'], optional: [] },
    rollback: { required: [], optional: [] },
    'scale-hpa': { required: ['replicasDelta', 'maxReplicas'], optional: [] },
    'delete-pod': { required: [], optional: [] },
    'cordon-node': { required: [], optional: [] },
    'drain-node': { required: [], optional: ['maxPodsEvicted'] },
    silence: { required: ['silenceDuration'], optional: ['silenceMatchers'] },
    'k8sgpt-analysis': { required: [], optional: [] },
  };

/** The params an action uses, out of a policy's params (a follow-up action shares its policy's params). */
export function paramsFor(action: RemediationAction, params: ActionParams): ActionParams {
  const used = new Set<string>([...PARAMS_OF[action].required, ...PARAMS_OF[action].optional]);
  const out: ActionParams = {};
  if (used.has('replicasDelta') && params.replicasDelta !== undefined) {
    out.replicasDelta = params.replicasDelta;
  }
  if (used.has('maxReplicas') && params.maxReplicas !== undefined) {
    out.maxReplicas = params.maxReplicas;
  }
  if (used.has('silenceMatchers') && params.silenceMatchers !== undefined) {
    out.silenceMatchers = { ...params.silenceMatchers };
  }
  if (used.has('silenceDuration') && params.silenceDurationMs !== undefined) {
    out.silenceDurationMs = params.silenceDurationMs;
  }
  if (used.has('maxPodsEvicted') && params.maxPodsEvicted !== undefined) {
    out.maxPodsEvicted = params.maxPodsEvicted;
  }
  return out;
}

/** Verbs for titles: "Restart Deployment shop/checkout". */
export const ACTION_VERBS: Record<RemediationAction, string> = {
  'rollout-restart': 'Restart',
  scale: 'Scale',
  rollback: 'Roll back',
  'scale-hpa': 'Raise the maximum of',
  'delete-pod': 'Delete',
  'cordon-node': 'Cordon',
  'drain-node': 'Drain',
  silence: 'Silence',
  'k8sgpt-analysis': 'Ask K8sGPT to analyse',
};

/** Actions that change nothing in the cluster or in alerting. */
export const READ_ONLY_ACTIONS: readonly RemediationAction[] = ['k8sgpt-analysis'];
