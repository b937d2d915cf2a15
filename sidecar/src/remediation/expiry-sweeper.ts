// Moves proposals nobody decided in time to 'expired'. Approve checks expiresAt itself too, so a proposal can never
// be approved late between two sweeps; the sweeper makes the state (and the audit log) say so without anyone asking.
import { auditOf, iso, SIDECAR } from './actors.ts';
import type { RemediationStore } from './remediation-store.ts';
import type { RemediationProposal } from './types.ts';

/** Expires one proposal if it is still proposed and due; the stored proposal after, or null when nothing changed. */
export function expireIfDue(
  store: RemediationStore,
  proposal: RemediationProposal,
  now: number
): RemediationProposal | null {
  if (proposal.state !== 'proposed' || now < proposal.expiresAt) {
    return null;
  }
  const result = store.transition(
    proposal.id,
    ['proposed'],
    (p) => ({ ...p, state: 'expired', updatedAt: now }),
    [
      auditOf(proposal, 'expired', now, SIDECAR, `not decided by ${iso(proposal.expiresAt)}`, {
        expiresAt: proposal.expiresAt,
      }),
    ],
    proposal.version
  );
  return result.ok ? result.proposal : null;
}

/** Expires every due proposal; returns those it expired. */
export function sweepExpired(store: RemediationStore, now: number): RemediationProposal[] {
  return store.listProposals({ states: ['proposed'] }).flatMap((proposal) => expireIfDue(store, proposal, now) ?? []);
}
