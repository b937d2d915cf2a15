// Test double: the proposal history the guards read (RemediationStore.listProposals) over an array, with the
// store's filter semantics (newest first, then limit).
import { targetRef } from '../../../src/remediation/backend.ts';
import type { ProposalFilter } from '../../../src/remediation/remediation-store.ts';
import type { ProposalHistory } from '../../../src/remediation/policy/guards.ts';
import type { RemediationProposal } from '../../../src/remediation/types.ts';

export function inMemoryProposalHistory(proposals: readonly RemediationProposal[]): ProposalHistory {
  return {
    listProposals(filter: ProposalFilter = {}): RemediationProposal[] {
      const matching = proposals
        .filter((p) => !filter.states || filter.states.includes(p.state))
        .filter((p) => !filter.action || p.action === filter.action)
        .filter((p) => !filter.target || targetRef(p.target) === filter.target)
        .filter((p) => !filter.policy || p.policy === filter.policy)
        .filter((p) => !filter.incidentId || p.incidentId === filter.incidentId)
        .filter((p) => filter.since === undefined || p.createdAt >= filter.since)
        .sort((a, b) => b.createdAt - a.createdAt);
      return filter.limit === undefined ? matching : matching.slice(0, filter.limit);
    },
  };
}
