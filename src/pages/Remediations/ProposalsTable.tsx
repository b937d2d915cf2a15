import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Stack, useStyles2 } from '@grafana/ui';
import type { RemediationProposal } from '../../api/types';
import { AppLink } from '../../shared/AppLink';
import { getTableStyles } from '../../shared/JobStatesTable';
import { incidentUrl } from '../../shared/links';
import { useNow } from '../../shared/useNow';
import { TimeAgo } from '../Findings/findingsParts';
import { actionLabel, targetText } from './remediationFormat';
import { remediationUrl } from './remediationLinks';
import { DryRunBadge, ExpiresIn, StateBadge } from './remediationParts';

/** Proposals in the sidecar's order (newest first), each linking to its page. */
export function ProposalsTable({ rows }: { rows: RemediationProposal[] }) {
  const styles = useStyles2(getStyles);
  const now = useNow();
  return (
    <table className={styles.table} aria-label="Remediation proposals">
      <thead>
        <tr>
          <th>State</th>
          <th>Proposal</th>
          <th>Action</th>
          <th>Policy</th>
          <th>Trigger</th>
          <th>Created</th>
          <th>Deadline</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((p) => (
          <tr key={p.id} data-proposal={p.id}>
            <td>
              <Stack direction="column" gap={0.5} alignItems="flex-start">
                <StateBadge state={p.state} />
                {p.dryRun && <DryRunBadge />}
              </Stack>
            </td>
            <td>
              <AppLink href={remediationUrl(p.id)}>{p.title}</AppLink>
              <div className={styles.mono}>{targetText(p.target)}</div>
            </td>
            <td className={styles.nowrap}>
              {actionLabel(p.action)}
              <div className={styles.secondary}>{p.approval === 'required' ? 'approval required' : 'automatic'}</div>
            </td>
            <td className={styles.mono}>{p.policy}</td>
            <td>
              <div>{p.trigger.description}</div>
              {p.incidentId && (
                <div className={styles.secondary}>
                  <AppLink href={incidentUrl(p.incidentId)}>Incident</AppLink>
                </div>
              )}
            </td>
            <td className={styles.nowrap}>
              <TimeAgo at={p.createdAt} now={now} />
            </td>
            <td className={styles.nowrap}>
              {p.state === 'proposed' ? (
                <ExpiresIn proposal={p} />
              ) : (
                <span className={styles.secondary}>
                  <TimeAgo at={p.updatedAt} now={now} prefix="updated " />
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: getTableStyles(theme),
  mono: css`
    font-family: ${theme.typography.fontFamilyMonospace};
    font-size: ${theme.typography.bodySmall.fontSize};
    color: ${theme.colors.text.secondary};
  `,
  secondary: css`
    color: ${theme.colors.text.secondary};
    font-size: ${theme.typography.bodySmall.fontSize};
  `,
  nowrap: css`
    white-space: nowrap;
  `,
});
