import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Stack, Text, useStyles2 } from '@grafana/ui';
import type { RemediationProposal } from '../../api/types';
import { AppLink } from '../../shared/AppLink';
import { formatRelative } from '../../shared/formatCrossing';
import { Stat } from '../../shared/Stat';
import { useNow } from '../../shared/useNow';
import { formatTime } from '../Findings/findingsFormat';
import { actionLabel, formatCountdown, targetText } from './remediationFormat';
import { remediationAuditUrl, remediationUrl } from './remediationLinks';
import { DryRunBadge, StateBadge } from './remediationParts';

interface ProposalHeaderProps {
  proposal: RemediationProposal;
  /** Proposals made because this one's verification failed. */
  followUps: RemediationProposal[];
}

/** What will be done to what, under which policy, where it stands and what came before or after it. */
export function ProposalHeader({ proposal: p, followUps }: ProposalHeaderProps) {
  const styles = useStyles2(getStyles);
  const now = useNow(1000);
  const left = p.expiresAt - now;
  return (
    <div className={styles.box} data-testid="proposal-header">
      <Stack gap={1} alignItems="center" wrap="wrap">
        <StateBadge state={p.state} />
        {p.dryRun && <DryRunBadge />}
        <Text color="secondary" variant="bodySmall">
          {p.approval === 'required' ? 'Approval required' : 'Approved automatically by its policy'}
        </Text>
      </Stack>
      <Text element="h2" variant="h3">
        {p.title}
      </Text>
      <div className={styles.target}>
        {actionLabel(p.action)} · {targetText(p.target)}
      </div>
      <div className={styles.stats}>
        <Stat label="Policy" value={p.policy} />
        <Stat label="Proposed" value={formatRelative(p.createdAt, now)} detail={formatTime(p.createdAt)} />
        {p.state === 'proposed' ? (
          <Stat
            label="Expires"
            value={left > 0 ? `in ${formatCountdown(left)}` : 'expired'}
            detail={formatTime(p.expiresAt)}
            color={left > 0 && left < 5 * 60_000 ? 'warning' : undefined}
          />
        ) : (
          <Stat label="Last change" value={formatRelative(p.updatedAt, now)} detail={formatTime(p.updatedAt)} />
        )}
      </div>
      <Stack gap={2} wrap="wrap">
        {p.followUpOf && (
          <Text variant="bodySmall">
            Follows up <AppLink href={remediationUrl(p.followUpOf)}>{p.followUpOf}</AppLink>, whose verification failed
          </Text>
        )}
        {followUps.map((f) => (
          <Text variant="bodySmall" key={f.id}>
            Followed up by <AppLink href={remediationUrl(f.id)}>{f.title}</AppLink> ({f.state})
          </Text>
        ))}
        <Text variant="bodySmall">
          <AppLink href={remediationAuditUrl(p.id)}>Audit trail of this proposal</AppLink>
        </Text>
      </Stack>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css`
    width: 100%;
    display: flex;
    flex-direction: column;
    gap: ${theme.spacing(1)};
    h2 {
      margin: 0;
    }
  `,
  target: css`
    font-family: ${theme.typography.fontFamilyMonospace};
    color: ${theme.colors.text.secondary};
  `,
  stats: css`
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(180px, 1fr));
    gap: ${theme.spacing(2, 4)};
    margin-top: ${theme.spacing(1)};
  `,
});
