// The safety limits of a policy, checked against the proposals already stored. Before a draft becomes a proposal:
// namespaces, kinds, no second open proposal for the same action and target, the cooldown after the last
// execution. Before an approved proposal executes: concurrent executions, the rate limit and the blast radius of
// its preview. Every refusal is a sentence for the audit log and the UI; `retryable` says whether waiting helps.
// Dry-run executions count like real ones: a dry run shows what would happen, limits included.
import { formatDuration } from '../../config/duration.ts';
import { targetRef } from '../backend.ts';
import { isFinalState } from '../lifecycle.ts';
import { PROPOSAL_STATES } from '../names.ts';
import type { RemediationStore } from '../remediation-store.ts';
import type { ActionPreview, RemediationAction, RemediationProposal } from '../types.ts';
import type { GuardResult, ProposalDraft, RemediationPolicy } from './policy-types.ts';
import { valueMatches } from './value-matchers.ts';

export type ProposalHistory = Pick<RemediationStore, 'listProposals'>;

const OPEN_STATES = PROPOSAL_STATES.filter((s) => !isFinalState(s));

const DONE_TO_TARGET: Record<RemediationAction, string> = {
  'rollout-restart': 'restarted',
  scale: 'scaled',
  rollback: 'rolled back',
  'scale-hpa': 'raised',
  'delete-pod': 'deleted',
  'cordon-node': 'cordoned',
  'drain-node': 'drained',
  silence: 'silenced',
  'k8sgpt-analysis': 'analysed',
};

const OK: GuardResult = { ok: true };

/** "45s", "12m", "1h5m": rounded to the minute from a minute on. */
function roughDuration(ms: number, round: (x: number) => number = Math.round): string {
  if (ms < 60_000) {
    return formatDuration(Math.max(1_000, round(ms / 1_000) * 1_000));
  }
  return formatDuration(round(ms / 60_000) * 60_000);
}

/** The namespace a target belongs to for the namespace rules; a silence belongs to its alert's namespace. */
function namespaceOf(draft: Pick<ProposalDraft, 'target' | 'params'>): string | null {
  return (
    draft.target.namespace ?? (draft.target.kind === 'Alert' ? (draft.params.silenceMatchers?.namespace ?? null) : null)
  );
}

function blocked(reason: string, retryAt?: number): GuardResult {
  return retryAt === undefined
    ? { ok: false, reason, retryable: false }
    : { ok: false, reason, retryable: true, retryAt };
}

/** Whether `draft` may become a proposal now. */
export function checkProposalGuards(
  draft: ProposalDraft,
  policy: RemediationPolicy,
  history: ProposalHistory,
  now: number
): GuardResult {
  const { action } = policy;
  const ref = targetRef(draft.target);
  if (action.kinds.length > 0 && !action.kinds.includes(draft.target.kind)) {
    return blocked(
      `kinds: policy ${policy.name} may change ${action.kinds.join(', ')}, not a ${draft.target.kind} (${ref})`
    );
  }
  const namespace = namespaceOf(draft);
  if (namespace !== null) {
    const forbidden = action.namespaces.forbid.find((ns) => valueMatches(ns, namespace));
    if (forbidden !== undefined) {
      return blocked(
        `namespace ${namespace} is forbidden for policy ${policy.name}` +
          (forbidden === namespace ? '' : ` (forbid: ${forbidden})`) +
          `: ${ref} is left alone`
      );
    }
    if (action.namespaces.allow.length > 0 && !action.namespaces.allow.some((ns) => valueMatches(ns, namespace))) {
      return blocked(
        `namespace ${namespace} is not among those policy ${policy.name} may change (${action.namespaces.allow.join(', ')}): ${ref} is left alone`
      );
    }
  }
  const open = history.listProposals({ action: draft.action, target: ref, states: OPEN_STATES, limit: 1 })[0];
  if (open) {
    return blocked(`already proposed: ${open.id} (${open.state}) is the open ${draft.action} proposal for ${ref}`);
  }
  const last = lastExecution(history.listProposals({ action: draft.action, target: ref }));
  if (last && now - last.startedAt < action.cooldownMs) {
    const dry = last.dryRun ? ' (as a dry run)' : '';
    return blocked(
      `cooldown: ${ref} was ${DONE_TO_TARGET[draft.action]}${dry} ${roughDuration(now - last.startedAt, Math.floor)} ago; ` +
        `next allowed in ${roughDuration(last.startedAt + action.cooldownMs - now, Math.ceil)} (cooldown ${formatDuration(action.cooldownMs)})`,
      last.startedAt + action.cooldownMs
    );
  }
  return OK;
}

function lastExecution(proposals: readonly RemediationProposal[]): { startedAt: number; dryRun: boolean } | null {
  let last: { startedAt: number; dryRun: boolean } | null = null;
  for (const p of proposals) {
    if (p.execution && (last === null || p.execution.startedAt > last.startedAt)) {
      last = { startedAt: p.execution.startedAt, dryRun: p.execution.dryRun };
    }
  }
  return last;
}

/** Whether approved `proposal` may start executing now, given its preview's blast radius. */
export function checkExecutionGuards(
  proposal: RemediationProposal,
  policy: RemediationPolicy,
  history: ProposalHistory,
  now: number,
  impact: ActionPreview['impact']
): GuardResult {
  const { action } = policy;
  const ref = targetRef(proposal.target);
  const { maxPodsAffected, maxReplicasChanged } = action.blastRadius;
  if (impact.podsAffected > maxPodsAffected) {
    return blocked(
      `blast radius: ${proposal.action} of ${ref} affects ${impact.podsAffected} pods, more than the ${maxPodsAffected} policy ${policy.name} allows`
    );
  }
  if (impact.replicasChanged > maxReplicasChanged) {
    return blocked(
      `blast radius: ${proposal.action} of ${ref} changes ${impact.replicasChanged} replicas, more than the ${maxReplicasChanged} policy ${policy.name} allows`
    );
  }
  const others = history.listProposals({ action: proposal.action }).filter((p) => p.id !== proposal.id);
  const running = others.filter((p) => p.state === 'executing');
  if (running.length >= action.maxConcurrent) {
    const which = running.map((p) => targetRef(p.target)).join(', ');
    return {
      ok: false,
      reason: `concurrency: ${running.length} ${proposal.action} already executing (${which}); policy ${policy.name} allows ${action.maxConcurrent} at a time, so this one waits`,
      retryable: true,
    };
  }
  const { max, perMs } = action.rateLimit;
  const recent = others
    .map((p) => p.execution?.startedAt)
    .filter((t): t is number => t !== undefined && t > now - perMs && t <= now)
    .sort((a, b) => a - b);
  if (recent.length >= max) {
    // The block lifts when enough of the window's executions have aged out of it.
    const retryAt = recent[recent.length - max] + perMs;
    return blocked(
      `rate limit: ${recent.length} ${proposal.action} executions started in the last ${formatDuration(perMs)} ` +
        `(policy ${policy.name} allows ${max}); next allowed in ${roughDuration(retryAt - now, Math.ceil)}`,
      retryAt
    );
  }
  return OK;
}
