// The proposal lifecycle as data: which state may follow which. The store checks every change against it inside the
// transaction, so no caller (manager, API route, sweeper) can move a proposal along an edge that does not exist,
// whatever `from` states it passed.
import { FINAL_STATES } from './names.ts';
import type { ProposalState, RemediationProposal } from './types.ts';

/** The states each state may move to (not counting progress updates within a state). */
const NEXT_STATES: Readonly<Record<ProposalState, readonly ProposalState[]>> = {
  proposed: ['approved', 'rejected', 'expired'],
  approved: ['executing'],
  executing: ['succeeded', 'failed'],
  succeeded: ['verified', 'not-verified'],
  rejected: [],
  expired: [],
  failed: [],
  verified: [],
  'not-verified': [],
};

export function isFinalState(state: ProposalState): boolean {
  return FINAL_STATES.includes(state);
}

/**
 * Whether a proposal in `from` may be stored in `to`. Staying in a state is a progress update (a new preview, an
 * execution step, a verification check) and is allowed until the state is final: a final proposal is a record.
 */
export function canTransition(from: ProposalState, to: ProposalState): boolean {
  if (from === to) {
    return !isFinalState(from);
  }
  return NEXT_STATES[from]?.includes(to) ?? false;
}

/**
 * Throws when `next` is not a permitted successor of `current`: a programming mistake in the caller's change
 * function (a lost race is not a mistake; the store answers that with ok: false before calling it).
 */
export function assertPermittedChange(current: RemediationProposal, next: RemediationProposal): void {
  if (next === null || typeof next !== 'object') {
    throw new Error(`remediation proposal ${current.id}: the change function returned ${String(next)}, not a proposal`);
  }
  if (next.id !== current.id) {
    throw new Error(`remediation proposal ${current.id}: the change function changed the id to ${String(next.id)}`);
  }
  if (!canTransition(current.state, next.state)) {
    const allowed = isFinalState(current.state)
      ? `${current.state} is final`
      : `allowed: ${[current.state, ...NEXT_STATES[current.state]].join(', ')}`;
    throw new Error(
      `remediation proposal ${current.id}: ${current.state} → ${String(next.state)} is not a lifecycle transition (${allowed})`
    );
  }
}
