import React from 'react';
import { Badge } from '@grafana/ui';
import type { ProposalState, RemediationProposal } from '../../api/types';
import { useNow } from '../../shared/useNow';
import { formatTime } from '../Findings/findingsFormat';
import { formatCountdown, STATE_LOOK } from './remediationFormat';

// Small pieces the proposal list, the proposal page and the approvals panel share.

/** The state as a coloured badge, what it means on hover. */
export function StateBadge({ state }: { state: ProposalState }) {
  const look = STATE_LOOK[state] ?? { color: 'darkgrey', icon: 'question-circle', description: state };
  return (
    <span title={look.description} data-state={state}>
      <Badge text={state} color={look.color} icon={look.icon} />
    </span>
  );
}

/** Marks a proposal that changes nothing when it runs (the global switch or its policy's). */
export function DryRunBadge() {
  return (
    <span title="Runs as a dry-run: the steps are planned and recorded, the cluster is not changed">
      <Badge text="dry-run" color="purple" icon="eye" />
    </span>
  );
}

/** "expires in 4m 05s", counting down each second; "expired" once past (before the sweeper moves it). */
export function ExpiresIn({ proposal }: { proposal: Pick<RemediationProposal, 'expiresAt'> }) {
  const now = useNow(1000);
  const left = proposal.expiresAt - now;
  return (
    <span title={`Expires at ${formatTime(proposal.expiresAt)}`} data-testid="expires-in">
      {left > 0 ? `expires in ${formatCountdown(left)}` : 'expired'}
    </span>
  );
}
