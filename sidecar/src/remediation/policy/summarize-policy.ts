// A policy as GET /api/remediations/policies lists it: its trigger and target in words, and its limits.
import { formatDuration } from '../../config/duration.ts';
import type { RemediationPolicySummary } from '../../api/contract.ts';
import { KIND_OF } from './action-targets.ts';
import type { PolicyTrigger, RemediationPolicy } from './policy-types.ts';

function labelText(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([name, value]) =>
    value.startsWith('~') ? `${name}=~"${value.slice(1)}"` : `${name}="${value}"`
  );
  return `{${parts.join(', ')}}`;
}

/** "alert ContainerMemoryLimitPredicted", "forecast container-memory under 1h", "K8sGPT finding on a Pod matching …". */
export function triggerText(trigger: PolicyTrigger): string {
  if (trigger.alert) {
    const { alertname, ...rest } = trigger.alert.labels;
    const name =
      alertname === undefined
        ? 'alert'
        : `alert ${alertname.startsWith('~') ? `=~"${alertname.slice(1)}"` : alertname}`;
    return Object.keys(rest).length > 0 ? `${name} ${labelText(rest)}` : name;
  }
  if (trigger.incident) {
    const severity = trigger.incident.severity?.join(' or ');
    const labels = trigger.incident.labels ? ` with an alert ${labelText(trigger.incident.labels)}` : '';
    return `${severity ? `${severity} ` : ''}incident${labels}`;
  }
  if (trigger.finding) {
    const kind = trigger.finding.kind ? ` on a ${trigger.finding.kind}` : '';
    const errors = trigger.finding.errorMatches ? ` matching /${trigger.finding.errorMatches}/` : '';
    return `K8sGPT finding${kind}${errors}`;
  }
  if (trigger.anomaly) {
    const { job, kinds, direction, minScore } = trigger.anomaly;
    const parts = [
      job ?? null,
      kinds?.join(' or ') ?? null,
      direction ?? null,
      minScore === undefined ? null : `score ≥ ${minScore}`,
    ].filter((p) => p !== null);
    return parts.length > 0 ? `anomaly ${parts.join(', ')}` : 'any ongoing anomaly';
  }
  if (trigger.forecast) {
    return `forecast ${trigger.forecast.job ?? '(any job)'} under ${formatDuration(trigger.forecast.timeToThresholdUnderMs)}`;
  }
  return 'nothing';
}

export function summarizePolicy(policy: RemediationPolicy): RemediationPolicySummary {
  const { action } = policy;
  return {
    name: policy.name,
    description: policy.description,
    source: policy.source,
    trigger: triggerText(policy.trigger),
    action: action.type,
    target: `${action.target} (${KIND_OF[action.target]})`,
    approval: action.approval,
    dryRun: action.dryRun,
    limits: {
      forbiddenNamespaces: [...action.namespaces.forbid],
      allowedNamespaces: [...action.namespaces.allow],
      cooldownMs: action.cooldownMs,
      maxConcurrent: action.maxConcurrent,
      rateLimit: { ...action.rateLimit },
      maxPodsAffected: action.blastRadius.maxPodsAffected,
      maxReplicasChanged: action.blastRadius.maxReplicasChanged,
      expiryMs: action.expiryMs,
      verifyForMs: action.verifyForMs,
    },
    onVerificationFailure: action.onVerificationFailure?.type ?? null,
  };
}
