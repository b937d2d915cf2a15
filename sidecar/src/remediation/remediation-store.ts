// Where proposals and the audit log live (SQLite; PostgreSQL later behind the same interface). Every change to a
// proposal is a compare-and-set on its state and version inside one transaction that also appends the audit
// entries, so two approvals of one proposal cannot both succeed and no change goes unaudited.
import type { AuditEntry, AuditEvent, ProposalState, RemediationAction, RemediationProposal } from './types.ts';

export interface ProposalFilter {
  states?: readonly ProposalState[];
  action?: RemediationAction;
  /** targetRef form: "Deployment/shop/checkout". */
  target?: string;
  policy?: string;
  incidentId?: string;
  /** createdAt >= since. */
  since?: number;
  /** Newest first; at most this many. */
  limit?: number;
}

export interface AuditFilter {
  proposalId?: string;
  events?: readonly AuditEvent[];
  /** Actor login ("alice", "policy:restart-on-leak", "sidecar"). */
  actor?: string;
  target?: string;
  action?: RemediationAction;
  /** at >= since, at < until. */
  since?: number;
  until?: number;
  /** Oldest first (seq order); at most this many. */
  limit?: number;
}

/** An audit entry before the store numbers and chains it. */
export type AuditInput = Omit<AuditEntry, 'seq' | 'hash'>;

export type TransitionResult =
  | { ok: true; proposal: RemediationProposal; audit: AuditEntry[] }
  /** The proposal was not in an expected state (or version): nothing changed. current is undefined when no such id. */
  | { ok: false; current: RemediationProposal | undefined };

/** How many proposals are stored in one state for one action. */
export interface ProposalCount {
  state: ProposalState;
  action: RemediationAction;
  count: number;
}

export interface AuditChainCheck {
  ok: boolean;
  entries: number;
  /** The first entry whose hash does not follow from its content and predecessor; null when ok. */
  firstBrokenSeq: number | null;
}

export interface RemediationStore {
  /**
   * Stores a new proposal and its audit entries in one transaction. Returns false (storing nothing) when a proposal
   * with the same id exists.
   */
  insertProposal(proposal: RemediationProposal, audit: readonly AuditInput[]): boolean;
  getProposal(id: string): RemediationProposal | undefined;
  listProposals(filter?: ProposalFilter): RemediationProposal[];
  /** Stored proposals counted by state and action, without reading them (the list's counts, the metrics). */
  countProposals(): ProposalCount[];
  /**
   * Atomically: when proposal `id` is in one of `from` (and, if given, at `expectedVersion`), stores
   * `change(current)` with version + 1 and appends `audit`. `change` must be pure (it may run once per call).
   * Used for every state change and for progress within a state (preview, execution steps, verification checks)
   * by passing from = [current state].
   */
  transition(
    id: string,
    from: readonly ProposalState[],
    change: (current: RemediationProposal) => RemediationProposal,
    audit: readonly AuditInput[],
    expectedVersion?: number
  ): TransitionResult;
  /** Appends an audit entry that belongs to no state change (e.g. a policy blocked by its cooldown). */
  appendAudit(entry: AuditInput): AuditEntry;
  listAudit(filter?: AuditFilter): AuditEntry[];
  /** Recomputes the hash chain over the whole log. */
  verifyAuditChain(): AuditChainCheck;
}
