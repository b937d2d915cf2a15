// What the manager asks of the policies, in one place: which subjects call for which proposals, whether a proposal
// may be made or executed now, and what to propose when a fix did not work. policyEngine() answers from the loaded
// policies (policy/*.ts) and the store; manager tests pass a scripted one.
import type { RemediationConfig } from '../config/config-types.ts';
import {
  checkExecutionGuards,
  checkProposalGuards,
  followUpDraft,
  matchPolicies,
  type PolicySubject,
  type ProposalDraft,
  type RemediationPolicy,
} from './policy/index.ts';
import type { RemediationStore } from './remediation-store.ts';
import type { RemediationProposal } from './types.ts';

export interface PolicyMatch {
  policy: RemediationPolicy;
  draft: ProposalDraft;
}

/**
 * retryable: a limit that passes with time (cooldown, concurrency, rate limit); an approved proposal then stays
 * approved and is tried again. retryAt: when the block lifts, when known — also what makes two refusals "the same"
 * for the audit log while their wording counts down ("next allowed in 18m", "… in 17m").
 */
export type Guard = { ok: true } | { ok: false; reason: string; retryable: boolean; retryAt: number | null };

export interface PolicyEngine {
  /** The global dry-run switch (remediation.dryRun). */
  readonly dryRun: boolean;
  readonly policies: readonly RemediationPolicy[];
  match(subjects: readonly PolicySubject[], now: number): PolicyMatch[];
  /** Namespaces, kinds, open proposals, cooldown: may this draft become a proposal now? */
  proposalGuard(policy: RemediationPolicy, draft: ProposalDraft, now: number): Guard;
  /** Blast radius (of proposal.preview), concurrency, rate limit: may this approved proposal execute now? */
  executionGuard(policy: RemediationPolicy, proposal: RemediationProposal, now: number): Guard;
  /** The next proposal when `proposal`'s verification failed, or null. */
  followUp(policy: RemediationPolicy, proposal: RemediationProposal, now: number): ProposalDraft | null;
}

/** The key under which a refusal is audited once: its retryAt when it has one, else its wording. */
export function blockKey(guard: Exclude<Guard, { ok: true }>): string {
  return guard.retryAt === null ? guard.reason : `until ${guard.retryAt}`;
}

function guard(result: { ok: boolean; reason?: string; retryable?: boolean; retryAt?: number }): Guard {
  return result.ok
    ? { ok: true }
    : {
        ok: false,
        reason: result.reason ?? 'blocked',
        retryable: result.retryable ?? false,
        retryAt: result.retryAt ?? null,
      };
}

export function policyEngine(
  config: Pick<RemediationConfig, 'dryRun' | 'policies'>,
  store: RemediationStore
): PolicyEngine {
  const { policies, dryRun } = config;
  const byName = new Map(policies.map((p) => [p.name, p]));
  return {
    dryRun,
    policies,
    match: (subjects, now) =>
      subjects.flatMap((subject) =>
        matchPolicies(policies, subject, now, { globalDryRun: dryRun }).drafts.map((draft) => ({
          policy: byName.get(draft.policy)!,
          draft,
        }))
      ),
    proposalGuard: (policy, draft, now) => guard(checkProposalGuards(draft, policy, store, now)),
    executionGuard: (policy, proposal, now) =>
      proposal.preview
        ? guard(checkExecutionGuards(proposal, policy, store, now, proposal.preview.impact))
        : { ok: false, reason: 'no preview to judge the blast radius by', retryable: false, retryAt: null },
    followUp: (policy, proposal, now) => followUpDraft(proposal, policy, now, { globalDryRun: dryRun }),
  };
}
