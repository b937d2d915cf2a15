import React, { useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, PanelProps } from '@grafana/data';
import { Alert, LoadingPlaceholder, Text, useStyles2 } from '@grafana/ui';
import type { RemediationProposal } from '../../api/types';
import { AppLink } from '../../shared/AppLink';
import { SidecarErrorAlert } from '../../shared/SidecarErrorAlert';
import { useNow } from '../../shared/useNow';
import { DecisionForm } from '../../pages/Remediations/DecisionForm';
import {
  actionLabel,
  decisionNotice,
  decisionPermission,
  DecisionPermission,
  targetText,
} from '../../pages/Remediations/remediationFormat';
import { remediationsUrl, remediationUrl } from '../../pages/Remediations/remediationLinks';
import { DryRunBadge, ExpiresIn } from '../../pages/Remediations/remediationParts';
import { plural } from '../../pages/Findings/findingsFormat';
import { ApprovalsPanelOptions } from './types';
import { pendingFor, usePendingApprovals } from './usePendingApprovals';

/** The proposals waiting for a decision, each with Approve / Reject and a link to its page in the app. */
export function ApprovalsPanel({ options, width, height, timeRange }: PanelProps<ApprovalsPanelOptions>) {
  const styles = useStyles2(getStyles);
  const now = useNow(1000);
  // A dashboard refresh re-evaluates the (relative) time range: that is the panel's cue to fetch again.
  const { list, whoami, reload } = usePendingApprovals(timeRange.to.valueOf());
  const [notice, setNotice] = useState<string>();
  const namespace = options.namespace ?? '';
  const pending = list.value ? pendingFor(list.value.proposals, namespace, now) : [];

  let body: React.ReactNode;
  if (!list.value) {
    body = list.error ? <SidecarErrorAlert message={list.error} /> : <LoadingPlaceholder text="Loading proposals…" />;
  } else {
    body = (
      <>
        {list.error && <SidecarErrorAlert message={list.error} />}
        {list.value.dryRun && (
          <Text color="secondary" variant="bodySmall">
            Dry-run is on: approved actions are recorded, not carried out.
          </Text>
        )}
        {pending.length === 0 ? (
          <div className={styles.empty}>
            <Text color="secondary">
              Nothing waits for approval{namespace.trim() ? ` in ${namespace.trim()}` : ''}.{' '}
              <AppLink href={remediationsUrl()}>All proposals</AppLink>
            </Text>
          </div>
        ) : (
          <ul className={styles.list} aria-label="Proposals waiting for approval">
            {pending.map((p) => (
              <PendingItem
                key={p.id}
                proposal={p}
                permission={decisionPermission(whoami)}
                onDecided={(result) => {
                  setNotice(`${p.title}: ${decisionNotice(result)}`);
                  reload();
                }}
              />
            ))}
          </ul>
        )}
      </>
    );
  }
  return (
    <div className={styles.panel} style={{ width, height }}>
      {notice && (
        <Alert severity="success" title={notice} onRemove={() => setNotice(undefined)} className={styles.notice}>
          {null}
        </Alert>
      )}
      {list.value && (
        <Text variant="bodySmall" color="secondary">
          {plural(pending.length, 'proposal')} waiting for approval
        </Text>
      )}
      {body}
    </div>
  );
}

interface PendingItemProps {
  proposal: RemediationProposal;
  permission: DecisionPermission;
  onDecided: Parameters<typeof DecisionForm>[0]['onDecided'];
}

function PendingItem({ proposal: p, permission, onDecided }: PendingItemProps) {
  const styles = useStyles2(getStyles);
  return (
    <li className={styles.item} data-proposal={p.id}>
      <div className={styles.head}>
        <AppLink href={remediationUrl(p.id)}>{p.title}</AppLink>
        {p.dryRun && <DryRunBadge />}
      </div>
      <div className={styles.meta}>
        <span>
          {actionLabel(p.action)} · <code>{targetText(p.target)}</code>
        </span>
        <ExpiresIn proposal={p} />
      </div>
      <Text color="secondary" variant="bodySmall">
        {p.trigger.description}
      </Text>
      <DecisionForm proposal={p} permission={permission} onDecided={onDecided} compact />
    </li>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  panel: css`
    display: flex;
    flex-direction: column;
    gap: ${theme.spacing(1)};
    overflow: auto;
  `,
  list: css`
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: ${theme.spacing(1)};
  `,
  item: css`
    display: flex;
    flex-direction: column;
    gap: ${theme.spacing(0.5)};
    padding: ${theme.spacing(1)};
    border: 1px solid ${theme.colors.border.weak};
    border-radius: ${theme.shape.radius.default};
  `,
  head: css`
    display: flex;
    align-items: center;
    gap: ${theme.spacing(1)};
    font-weight: ${theme.typography.fontWeightMedium};
  `,
  meta: css`
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: ${theme.spacing(1)};
    font-size: ${theme.typography.bodySmall.fontSize};
  `,
  empty: css`
    padding: ${theme.spacing(1)};
  `,
  notice: css`
    margin: 0;
  `,
});
