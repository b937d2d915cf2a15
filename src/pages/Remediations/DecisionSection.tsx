import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Text, useStyles2 } from '@grafana/ui';
import type { RemediationDecisionResult, RemediationProposal } from '../../api/types';
import { Section } from '../Findings/Section';
import { formatTime } from '../Findings/findingsFormat';
import { DecisionForm } from './DecisionForm';
import { actorText, type DecisionPermission, isOpenForDecision } from './remediationFormat';
import { useNow } from '../../shared/useNow';

interface DecisionSectionProps {
  proposal: RemediationProposal;
  permission: DecisionPermission;
  onDecided: (result: RemediationDecisionResult) => void;
  /** What the last decision from this page did, said once after it. */
  notice?: string;
}

/** Who decided, when and why; or, while the proposal waits, the form to decide. */
export function DecisionSection({ proposal, permission, onDecided, notice }: DecisionSectionProps) {
  const styles = useStyles2(getStyles);
  const now = useNow(1000);
  const { decision } = proposal;
  return (
    <Section title="Decision">
      {notice && (
        <Alert severity="success" title={notice} className={styles.notice}>
          {null}
        </Alert>
      )}
      {decision ? (
        <dl className={styles.facts} data-testid="decision">
          <dt>By</dt>
          <dd>{actorText(decision.by)}</dd>
          <dt>When</dt>
          <dd>{formatTime(decision.at)}</dd>
          <dt>Comment</dt>
          <dd>{decision.comment || <span className={styles.none}>none</span>}</dd>
        </dl>
      ) : isOpenForDecision(proposal, now) ? (
        <>
          <Text color="secondary">
            {proposal.dryRun
              ? 'Approving runs this as a dry-run: its steps are recorded, nothing in the cluster changes.'
              : 'Approving runs the action once, as previewed, then watches whether the problem clears.'}
          </Text>
          <DecisionForm proposal={proposal} permission={permission} onDecided={onDecided} />
        </>
      ) : (
        <Text color="secondary">
          {proposal.state === 'expired' || proposal.state === 'proposed'
            ? `Nobody decided before it expired at ${formatTime(proposal.expiresAt)}; it can no longer be approved.`
            : 'No decision was recorded.'}
        </Text>
      )}
    </Section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  facts: css`
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: ${theme.spacing(0.5, 2)};
    margin: 0;
    dt {
      color: ${theme.colors.text.secondary};
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
  `,
  none: css`
    color: ${theme.colors.text.secondary};
  `,
  notice: css`
    margin: 0;
  `,
});
