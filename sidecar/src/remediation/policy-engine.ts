// What the manager asks of the policies, in one place: which subjects call for which proposals, whether a proposal
// may be made or executed now, and what to propose when a fix did not work. create-remediation builds it from the
// loaded policies (policy/*.ts); manager tests pass their own.
import type { GuardResult, PolicySubject, ProposalDraft, RemediationPolicy } from './policy/policy-types.ts';
import type { RemediationProposal } from './types.ts';

export interface PolicyMatch {
  policy: RemediationPolicy;
  draft: ProposalDraft;
}

/** retryable: a limit that passes with time (concurrency, rate): the proposal stays approved and is tried again. */
export type ExecutionGuardResult = { ok: true } | { ok: false; reason: string; retryable: boolean };

export interface PolicyEngine {
  /** The global dry-run switch (remediation.dryRun). */
  readonly dryRun: boolean;
  readonly policies: readonly RemediationPolicy[];
  match(subjects: readonly PolicySubject[], now: number): PolicyMatch[];
  /** Namespaces, kinds, cooldown: may this draft become a proposal? `history`: every stored proposal. */
  proposalGuard(
    policy: RemediationPolicy,
    draft: ProposalDraft,
    history: readonly RemediationProposal[],
    now: number
  ): GuardResult;
  /** Concurrency, rate limit, blast radius (from proposal.preview.impact): may it execute now? */
  executionGuard(
    policy: RemediationPolicy,
    proposal: RemediationProposal,
    history: readonly RemediationProposal[],
    now: number
  ): ExecutionGuardResult;
  /** The next proposal when `proposal`'s verification failed, or null. */
  followUp(policy: RemediationPolicy, proposal: RemediationProposal, now: number): ProposalDraft | null;
}
