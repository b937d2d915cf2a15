// Turns a policy's draft into a stored proposal: not when an earlier proposal already covers the same problem
// (silently), not when a guard refuses (audited as 'blocked', once per refusal rather than every check), and not
// without a preview (nobody should approve what cannot be shown: a target that does not exist is 'blocked' with the
// backend's message). A policy that approves automatically approves at once, as the system actor.
import type { Logger } from '../forecasts/logger.ts';
import { auditOf, messageOf, policyActor } from './actors.ts';
import { targetRef, type RemediationBackend } from './backend.ts';
import { isFinalState } from './lifecycle.ts';
import { blockKey, type PolicyEngine } from './policy-engine.ts';
import type { ProposalDraft, RemediationPolicy } from './policy/policy-types.ts';
import type { RemediationStore } from './remediation-store.ts';
import type { RemediationProposal } from './types.ts';
import { randomBytes } from 'node:crypto';

export interface ProposalMakerOptions {
  store: RemediationStore;
  backend: RemediationBackend;
  policies: Pick<PolicyEngine, 'proposalGuard'>;
  logger: Logger;
  /** A proposal was approved by its policy (metrics, execution). */
  onApproved: (proposal: RemediationProposal) => void;
}

export class ProposalMaker {
  readonly #o: ProposalMakerOptions;
  /** The last refusal audited per (policy, target, trigger): a guard that holds for hours is audited once. */
  readonly #blocked = new Map<string, string>();

  constructor(options: ProposalMakerOptions) {
    this.#o = options;
  }

  /** Makes one proposal from a draft unless it is a repeat or refused. */
  async propose(policy: RemediationPolicy, draft: ProposalDraft, now: number): Promise<RemediationProposal | null> {
    const ref = targetRef(draft.target);
    // Only proposals of the same policy, action and target can be repeats, except for a follow-up (rare: after a
    // failed verification), which any proposal following the same one is.
    const earlier =
      draft.followUpOf === null
        ? this.#o.store.listProposals({ policy: draft.policy, action: draft.action, target: ref })
        : this.#o.store.listProposals();
    if (earlier.some((p) => isRepeat(p, draft, policy, now))) {
      return null;
    }
    const key = `${policy.name}|${ref}|${draft.trigger.type}:${draft.trigger.id}`;
    const guard = this.#o.policies.proposalGuard(policy, draft, now);
    if (!guard.ok) {
      this.#noteBlocked(key, blockKey(guard), policy, draft, guard.reason, now);
      return null;
    }
    const proposal: RemediationProposal = {
      ...draft,
      id: newProposalId(now),
      state: 'proposed',
      createdAt: now,
      updatedAt: now,
      decision: null,
      preview: null,
      execution: null,
      verification: null,
      version: 1,
    };
    try {
      proposal.preview = await this.#o.backend.preview(proposal, now);
    } catch (error) {
      const reason = `preview failed: ${messageOf(error)}`;
      this.#noteBlocked(key, reason, policy, draft, reason, now);
      return null;
    }
    const detail = {
      policy: policy.name,
      trigger: `${draft.trigger.type}:${draft.trigger.id}`,
      approval: draft.approval,
      dryRun: draft.dryRun,
      followUpOf: draft.followUpOf,
    };
    const audit = auditOf(proposal, 'proposed', now, policyActor(policy.name), draft.rationale, detail);
    if (!this.#o.store.insertProposal(proposal, [audit])) {
      return null;
    }
    this.#blocked.delete(key);
    this.#o.logger.info(
      { proposal: proposal.id, policy: policy.name, target: targetRef(proposal.target) },
      'remediation proposed'
    );
    if (proposal.approval === 'automatic') {
      this.#approveAutomatically(proposal, policy, now);
    }
    return proposal;
  }

  #approveAutomatically(proposal: RemediationProposal, policy: RemediationPolicy, now: number): void {
    const actor = policyActor(policy.name);
    const comment = `approved automatically by policy ${policy.name}`;
    const result = this.#o.store.transition(
      proposal.id,
      ['proposed'],
      (p) => ({ ...p, state: 'approved', updatedAt: now, decision: { by: actor, at: now, comment } }),
      [auditOf(proposal, 'approved', now, actor, comment, { automatic: true })],
      proposal.version
    );
    if (result.ok) {
      this.#o.onApproved(result.proposal);
    }
  }

  /** `why` identifies the refusal (see blockKey); `reason` is its wording for the audit entry. */
  #noteBlocked(
    key: string,
    why: string,
    policy: RemediationPolicy,
    draft: ProposalDraft,
    reason: string,
    now: number
  ): void {
    if (this.#blocked.get(key) === why) {
      return;
    }
    this.#blocked.set(key, why);
    // No proposal exists, so the entry names none (proposalId ""); the target and policy say what was refused.
    const subject = { id: '', action: draft.action, target: draft.target };
    this.#o.store.appendAudit(
      auditOf(subject, 'blocked', now, policyActor(policy.name), reason, {
        policy: policy.name,
        trigger: `${draft.trigger.type}:${draft.trigger.id}`,
        followUpOf: draft.followUpOf,
      })
    );
  }
}

/** rem-<base36 time><random>: sorts by creation time, unguessable enough to not collide. */
function newProposalId(now: number): string {
  return `rem-${now.toString(36)}${randomBytes(3).toString('hex')}`;
}

/**
 * Whether `existing` already covers `draft` (same policy, action and target), so that no proposal is made and
 * nothing is audited: while it is open; ever, for the same incident or the same occurrence of the trigger (an
 * incident whose alerts come and go, a second pod's alert, is one problem); and for the cooldown after a "no"
 * (rejected or expired), so a person is not asked again at once. A follow-up is covered by one of the same proposal.
 */
function isRepeat(
  existing: RemediationProposal,
  draft: ProposalDraft,
  policy: RemediationPolicy,
  now: number
): boolean {
  if (draft.followUpOf !== null) {
    return existing.followUpOf === draft.followUpOf;
  }
  const sameTarget =
    existing.policy === draft.policy &&
    existing.action === draft.action &&
    targetRef(existing.target) === targetRef(draft.target);
  if (!sameTarget) {
    return false;
  }
  if (!isFinalState(existing.state)) {
    return true;
  }
  const sameTrigger = existing.trigger.type === draft.trigger.type && existing.trigger.id === draft.trigger.id;
  const sameProblem =
    (existing.incidentId !== null && existing.incidentId === draft.incidentId) ||
    (sameTrigger && existing.problemStartedAt === draft.problemStartedAt);
  if (sameProblem) {
    return true;
  }
  const declined = existing.state === 'rejected' || existing.state === 'expired';
  return declined && sameTrigger && now - existing.updatedAt < policy.action.cooldownMs;
}
