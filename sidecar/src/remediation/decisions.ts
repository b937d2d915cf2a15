// Approve and reject: who may (a verified Grafana identity with the Editor or Admin role), and what the answer is
// when the proposal has moved on. The decision is one compare-and-set from 'proposed', so of any number of
// simultaneous approvals exactly one is stored; the others — and any replay of the same decision — are answered
// "changed: false". A conflicting decision, or a proposal past its expiry, is a 409 saying who decided what, or when
// it expired (expiring it on the way if the sweeper has not yet).
import type { GrafanaUser, RemediationDecisionResult } from '../api/contract.ts';
import { auditOf, iso, userActor } from './actors.ts';
import { DecisionError } from './decision-error.ts';
import { expireIfDue } from './expiry-sweeper.ts';
import type { RemediationStore } from './remediation-store.ts';
import type { RemediationProposal } from './types.ts';

export type Decision = 'approve' | 'reject';

/** Throws the 401/403/400 DecisionError when this caller may not make this decision. */
function checkDecider(
  user: GrafanaUser | null,
  decision: Decision,
  comment: string
): asserts user is GrafanaUser {
  const verb = decision === 'approve' ? 'approving' : 'rejecting';
  if (!user) {
    throw new DecisionError(
      401,
      `${verb} needs a verified Grafana identity: call through Grafana's plugin proxy with ID forwarding (X-Grafana-Id)`
    );
  }
  if (user.role !== 'Editor' && user.role !== 'Admin') {
    throw new DecisionError(
      403,
      `${verb} a remediation needs the Editor or Admin role in Grafana; ${user.login} is ${user.role}`
    );
  }
  if (decision === 'reject' && comment.trim() === '') {
    throw new DecisionError(400, 'rejecting a remediation needs a comment saying why');
  }
}

/** Stores the decision, or says why not; `changed` true only for the one call that stored it. */
export function decide(
  store: RemediationStore,
  id: string,
  user: GrafanaUser | null,
  comment: string,
  decision: Decision,
  clock: () => number
): RemediationDecisionResult {
  checkDecider(user, decision, comment);
  // Each round either stores the decision or finds the proposal moved on; a lost race only costs one more read.
  for (let round = 0; round < 5; round++) {
    const current = store.getProposal(id);
    if (!current) {
      throw new DecisionError(404, `no remediation proposal "${id}"`);
    }
    const now = clock();
    if (expireIfDue(store, current, now)) {
      continue;
    }
    if (current.state !== 'proposed') {
      return alreadyDecided(current, decision);
    }
    const actor = userActor(user);
    const state = decision === 'approve' ? 'approved' : 'rejected';
    const result = store.transition(
      id,
      ['proposed'],
      (p) => ({ ...p, state, updatedAt: now, decision: { by: actor, at: now, comment } }),
      [auditOf(current, state, now, actor, comment, { role: user.role, waitedMs: now - current.createdAt })],
      current.version
    );
    if (result.ok) {
      return { changed: true, proposal: result.proposal };
    }
  }
  throw new DecisionError(409, `proposal ${id} kept changing; try again`);
}

function alreadyDecided(current: RemediationProposal, decision: Decision): RemediationDecisionResult {
  const { id, state } = current;
  if (state === 'expired') {
    const verb = decision === 'approve' ? 'approved' : 'rejected';
    throw new DecisionError(409, `proposal ${id} expired at ${iso(current.expiresAt)}; it can no longer be ${verb}`);
  }
  const wasApproved = state !== 'rejected';
  if ((decision === 'approve') === wasApproved) {
    return { changed: false, proposal: current };
  }
  const by = current.decision ? `${current.decision.by.login} at ${iso(current.decision.at)}` : 'someone';
  const why = current.decision?.comment ? ` ("${current.decision.comment}")` : '';
  throw new DecisionError(
    409,
    wasApproved
      ? `proposal ${id} was already approved by ${by} and is ${state}; it can no longer be rejected`
      : `proposal ${id} was rejected by ${by}${why}; it can no longer be approved`
  );
}
