// Test double: a PolicyEngine whose answers the test sets. Every open incident subject with a firing alert gets one
// draft per policy: the policy's action on the incident's workload, triggered by that alert. Guards pass unless the
// test sets a block; followUp proposes the policy's onVerificationFailure action on the same target.
import type { Guard, PolicyEngine, PolicyMatch } from '../../src/remediation/policy-engine.ts';
import type { PolicySubject, ProposalDraft, RemediationPolicy } from '../../src/remediation/policy/policy-types.ts';
import type { RemediationProposal } from '../../src/remediation/types.ts';

export interface ScriptedPolicyEngine extends PolicyEngine {
  dryRun: boolean;
  policies: RemediationPolicy[];
  /** Set to block proposals with this reason. */
  proposalBlock: string | null;
  /** Set to block executions. */
  executionBlock: { reason: string; retryable: boolean } | null;
  executionGuardCalls: number;
}

export function testPolicy(
  name = 'restart-on-leak',
  action: Partial<RemediationPolicy['action']> = {}
): RemediationPolicy {
  return {
    name,
    description: `${name} (test policy)`,
    source: 'test',
    trigger: { alert: { labels: { alertname: 'ContainerMemoryLimitPredicted' } } },
    action: {
      type: 'rollout-restart',
      target: 'workload',
      params: {},
      approval: 'required',
      namespaces: { allow: [], forbid: ['kube-system'] },
      kinds: [],
      cooldownMs: 30 * 60_000,
      maxConcurrent: 1,
      rateLimit: { max: 5, perMs: 3_600_000 },
      blastRadius: { maxPodsAffected: 10, maxReplicasChanged: 5 },
      expiryMs: 30 * 60_000,
      dryRun: false,
      verifyForMs: 3 * 60_000,
      onVerificationFailure: { type: 'rollback', approval: 'required' },
      ...action,
    },
  };
}

function draftFor(policy: RemediationPolicy, subject: PolicySubject, now: number): ProposalDraft | null {
  const alert = subject.alerts.find((a) => a.status === 'firing');
  const workload = subject.scope.workload;
  if (!alert || !workload || !subject.scope.namespace) {
    return null;
  }
  return {
    policy: policy.name,
    action: policy.action.type,
    target: { kind: 'Deployment', namespace: subject.scope.namespace, name: workload.name },
    params: policy.action.params,
    title: `${policy.action.type} Deployment ${subject.scope.namespace}/${workload.name}`,
    rationale: `${alert.alertname} is firing`,
    trigger: { type: 'alert', id: alert.fingerprint, description: `${alert.alertname} firing` },
    incidentId: subject.type === 'incident' ? subject.id : null,
    problemStartedAt: subject.openedAt,
    evidence: [{ type: 'alert', id: alert.fingerprint }],
    approval: policy.action.approval,
    dryRun: policy.action.dryRun,
    expiresAt: now + policy.action.expiryMs,
    followUpOf: null,
  };
}

export function scriptedPolicyEngine(policies: RemediationPolicy[] = [testPolicy()]): ScriptedPolicyEngine {
  const engine: ScriptedPolicyEngine = {
    dryRun: false,
    policies,
    proposalBlock: null,
    executionBlock: null,
    executionGuardCalls: 0,
    match(subjects, now) {
      return subjects.flatMap((subject) =>
        engine.policies.flatMap((policy): PolicyMatch[] => {
          const draft = draftFor(policy, subject, now);
          return draft ? [{ policy, draft: { ...draft, dryRun: draft.dryRun || engine.dryRun } }] : [];
        })
      );
    },
    proposalGuard(): Guard {
      return engine.proposalBlock
        ? { ok: false, reason: engine.proposalBlock, retryable: false, retryAt: null }
        : { ok: true };
    },
    executionGuard(): Guard {
      engine.executionGuardCalls += 1;
      return engine.executionBlock ? { ok: false, retryAt: null, ...engine.executionBlock } : { ok: true };
    },
    followUp(policy, proposal: RemediationProposal, now) {
      const next = policy.action.onVerificationFailure;
      if (!next) {
        return null;
      }
      return {
        ...proposal,
        action: next.type,
        approval: next.approval,
        title: `${next.type} ${proposal.target.name}`,
        rationale: `${proposal.action} did not clear the trigger`,
        expiresAt: now + policy.action.expiryMs,
        followUpOf: proposal.id,
      };
    },
  };
  return engine;
}
