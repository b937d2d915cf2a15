// Policies against a subject (an incident, or a lone finding, anomaly or forecast): one draft proposal per policy
// and target, with the trigger the verifier will watch, the evidence and when the problem began. Pure: no store, no
// clock; whether a draft may become a proposal is for the guards (guards.ts) to say.
import { formatDuration } from '../../config/duration.ts';
import type { EvidenceRef } from '../../incidents/types.ts';
import { targetRef } from '../backend.ts';
import type { ActionParams, ActionTarget, RemediationAction, RemediationProposal } from '../types.ts';
import { ACTION_VERBS, paramsFor } from './action-targets.ts';
import type { PolicySubject, ProposalDraft, RemediationPolicy } from './policy-types.ts';
import { resolveTarget } from './resolve-target.ts';
import { triggerMatches } from './trigger-matches.ts';

export interface SkippedPolicy {
  policy: string;
  /** A sentence: "ContainerMemoryLimitPredicted firing for db/postgres-0 matched, but its workload is a …". */
  reason: string;
}

export interface PolicyMatchResult {
  drafts: ProposalDraft[];
  /** Triggers that matched without a target the action can change. */
  skipped: SkippedPolicy[];
}

/** "Deployment shop/checkout", "Node ip-10-0-1-7": targets in sentences. */
export function targetText(target: ActionTarget): string {
  if (target.kind === 'Alert') {
    return `alert ${target.name}`;
  }
  return target.namespace === null
    ? `${target.kind} ${target.name}`
    : `${target.kind} ${target.namespace}/${target.name}`;
}

/** "Restart Deployment shop/checkout", "Raise the maximum of HorizontalPodAutoscaler shop/frontend by 2 (at most 20)". */
export function draftTitle(action: RemediationAction, target: ActionTarget, params: ActionParams): string {
  const verb = ACTION_VERBS[action];
  const what = targetText(target);
  switch (action) {
    case 'scale':
      return `${verb} ${what} up by ${params.replicasDelta} replicas (at most ${params.maxReplicas})`;
    case 'scale-hpa':
      return `${verb} ${what} by ${params.replicasDelta} replicas (at most ${params.maxReplicas})`;
    case 'rollback':
      return `${verb} ${what} to its previous revision`;
    case 'drain-node':
      return `${verb} ${what} (at most ${params.maxPodsEvicted} pods evicted)`;
    case 'silence': {
      const name = params.silenceMatchers?.alertname;
      const duration = params.silenceDurationMs === undefined ? '' : ` for ${formatDuration(params.silenceDurationMs)}`;
      return `${verb} ${name ? `${name} alerts` : what}${duration}`;
    }
    default:
      return `${verb} ${what}`;
  }
}

function rationale(policy: RemediationPolicy, description: string, more: number): string {
  const also = more > 0 ? ` (and ${more} more on the same target)` : '';
  const why = policy.description ? ` ${policy.description}` : '';
  return `${description}${also}. Policy ${policy.name}:${why || ` ${policy.action.type} on a match.`}`;
}

/** Every draft the policies make for this subject, in policy order; one per policy and target. */
export function matchPolicies(
  policies: readonly RemediationPolicy[],
  subject: PolicySubject,
  now: number,
  options: { globalDryRun: boolean }
): PolicyMatchResult {
  const drafts: ProposalDraft[] = [];
  const skipped: SkippedPolicy[] = [];
  for (const policy of policies) {
    const byTarget = new Map<string, { draft: ProposalDraft; description: string; items: number }>();
    const reasons = new Set<string>();
    for (const match of triggerMatches(policy.trigger, subject, now)) {
      const resolved = resolveTarget(policy.action.target, match, subject);
      if (!resolved.ok) {
        reasons.add(`${match.trigger.description} matched, but ${resolved.reason}`);
        continue;
      }
      const key = targetRef(resolved.target);
      const existing = byTarget.get(key);
      const startedAt = Math.min(subject.openedAt, match.startedAt);
      if (existing) {
        // Another item on the same target: one proposal, with every item as its evidence.
        existing.items += 1;
        existing.draft.evidence = mergeEvidence(existing.draft.evidence, match.evidence);
        existing.draft.problemStartedAt = Math.min(existing.draft.problemStartedAt, startedAt);
        continue;
      }
      const params = paramsFor(policy.action.type, policy.action.params);
      if (policy.action.type === 'silence' && params.silenceMatchers === undefined) {
        // Silence exactly the alert that was proposed: all of its labels.
        const silenced = subject.alerts.find((a) => a.fingerprint === resolved.target.name);
        params.silenceMatchers = silenced ? { alertname: silenced.alertname, ...silenced.labels } : {};
      }
      byTarget.set(key, {
        description: match.trigger.description,
        items: 1,
        draft: {
          policy: policy.name,
          action: policy.action.type,
          target: resolved.target,
          params,
          title: draftTitle(policy.action.type, resolved.target, params),
          rationale: '',
          trigger: { ...match.trigger },
          incidentId: subject.type === 'incident' ? subject.id : null,
          problemStartedAt: startedAt,
          evidence: [...match.evidence],
          approval: policy.action.approval,
          dryRun: policy.action.dryRun || options.globalDryRun,
          expiresAt: now + policy.action.expiryMs,
          followUpOf: null,
        },
      });
    }
    for (const { draft, description, items } of byTarget.values()) {
      draft.rationale = rationale(policy, description, items - 1);
      drafts.push(draft);
    }
    skipped.push(...[...reasons].map((reason) => ({ policy: policy.name, reason })));
  }
  return { drafts, skipped };
}

function mergeEvidence(a: readonly EvidenceRef[], b: readonly EvidenceRef[]): EvidenceRef[] {
  const seen = new Set(a.map((r) => `${r.type}/${r.id}`));
  return [...a, ...b.filter((r) => !seen.has(`${r.type}/${r.id}`))];
}

/**
 * The next step after `proposal` was not verified: the policy's onVerificationFailure action on the same target,
 * watching the same trigger, with MTTR still counted from the original problem. null when the policy names none,
 * or when `proposal` is itself a follow-up (a chain stops after one step: a person decides what comes next).
 */
export function followUpDraft(
  proposal: RemediationProposal,
  policy: RemediationPolicy,
  now: number,
  options: { globalDryRun?: boolean } = {}
): ProposalDraft | null {
  const next = policy.action.onVerificationFailure;
  if (!next || proposal.followUpOf !== null) {
    return null;
  }
  const params = paramsFor(next.type, { ...policy.action.params, ...proposal.params });
  return {
    policy: policy.name,
    action: next.type,
    target: { ...proposal.target },
    params,
    title: draftTitle(next.type, proposal.target, params),
    rationale:
      `${proposal.title} did not clear "${proposal.trigger.description}" within ${formatDuration(policy.action.verifyForMs)}. ` +
      `Policy ${policy.name} proposes this next.`,
    trigger: { ...proposal.trigger },
    incidentId: proposal.incidentId,
    problemStartedAt: proposal.problemStartedAt,
    evidence: [...proposal.evidence],
    approval: next.approval,
    dryRun: policy.action.dryRun || (options.globalDryRun ?? false),
    expiresAt: now + policy.action.expiryMs,
    followUpOf: proposal.id,
  };
}
