// Who the audit log names for each change, and the audit entries the manager writes: a Grafana user (as the
// verified X-Grafana-Id said), a policy approving automatically, or the sidecar itself (expiry, restarts, execution).
import type { GrafanaUser } from '../api/contract.ts';
import { targetRef } from './backend.ts';
import type { AuditInput } from './remediation-store.ts';
import type { Actor, AuditEvent, RemediationProposal } from './types.ts';

export const SIDECAR: Actor = { type: 'system', login: 'sidecar', name: 'Prophet AIOps sidecar', role: null };

export function policyActor(policy: string): Actor {
  return { type: 'system', login: `policy:${policy}`, name: `policy ${policy}`, role: null };
}

export function userActor(user: GrafanaUser): Actor {
  return { type: 'user', login: user.login, name: user.name || user.login, role: user.role };
}

export type AuditDetail = AuditInput['detail'];

/** An audit entry about one proposal. */
export function auditOf(
  proposal: Pick<RemediationProposal, 'id' | 'action' | 'target'>,
  event: AuditEvent,
  at: number,
  actor: Actor,
  comment = '',
  detail: AuditDetail = {}
): AuditInput {
  return {
    at,
    event,
    proposalId: proposal.id,
    action: proposal.action,
    target: targetRef(proposal.target),
    actor,
    comment,
    detail,
  };
}

/** "2026-11-26T10:00:00.000Z" */
export const iso = (ms: number) => new Date(ms).toISOString();

/** The message of anything thrown. */
export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
