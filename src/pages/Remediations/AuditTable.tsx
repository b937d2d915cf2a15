import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Badge, BadgeColor, useStyles2 } from '@grafana/ui';
import type { AuditEntry, AuditEvent } from '../../api/types';
import { AppLink } from '../../shared/AppLink';
import { getTableStyles } from '../../shared/JobStatesTable';
import { formatDuration } from '../../shared/formatCrossing';
import { formatTime } from '../Findings/findingsFormat';
import { actionLabel, actorText } from './remediationFormat';
import { remediationUrl } from './remediationLinks';

const EVENT_COLORS: Record<AuditEvent, BadgeColor> = {
  proposed: 'blue',
  blocked: 'darkgrey',
  approved: 'purple',
  rejected: 'darkgrey',
  expired: 'darkgrey',
  'execution-started': 'orange',
  step: 'blue',
  'execution-resumed': 'orange',
  succeeded: 'green',
  failed: 'red',
  verified: 'green',
  'not-verified': 'orange',
};

/** Audit entries newest first; the sequence number keeps the log's own order visible. */
export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const styles = useStyles2(getStyles);
  const newestFirst = [...entries].sort((a, b) => b.seq - a.seq);
  return (
    <table className={styles.table} aria-label="Audit log">
      <thead>
        <tr>
          <th>#</th>
          <th>Time</th>
          <th>Event</th>
          <th>Proposal</th>
          <th>Action</th>
          <th>Target</th>
          <th>Actor</th>
          <th>Comment</th>
          <th>Detail</th>
        </tr>
      </thead>
      <tbody>
        {newestFirst.map((e) => (
          <tr key={e.seq} data-event={e.event}>
            <td className={styles.secondary}>{e.seq}</td>
            <td className={styles.nowrap}>{formatTime(e.at)}</td>
            <td>
              <Badge text={e.event} color={EVENT_COLORS[e.event] ?? 'darkgrey'} />
            </td>
            <td className={styles.id}>
              {/* A blocked proposal was never made, so it has no id. */}
              {e.proposalId ? <AppLink href={remediationUrl(e.proposalId)}>{e.proposalId}</AppLink> : '—'}
            </td>
            <td className={styles.nowrap}>{actionLabel(e.action)}</td>
            <td className={styles.mono}>{e.target}</td>
            <td>{actorText(e.actor)}</td>
            <td className={styles.comment}>{e.comment}</td>
            <td className={styles.detailCell}>
              <DetailList detail={e.detail} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Times ("…At", epoch ms) and durations ("…Ms") as a person reads them; the rest as they are. */
export function detailValue(key: string, value: AuditEntry['detail'][string]): string {
  if (value === null) {
    return '—';
  }
  if (typeof value === 'number' && key.endsWith('At') && value > 1e12) {
    return formatTime(value);
  }
  if (typeof value === 'number' && key.endsWith('Ms')) {
    return value < 60_000 ? `${Math.round(value / 100) / 10}s` : formatDuration(value);
  }
  return String(value);
}

function DetailList({ detail }: { detail: AuditEntry['detail'] }) {
  const styles = useStyles2(getStyles);
  const pairs = Object.entries(detail);
  if (!pairs.length) {
    return null;
  }
  return (
    <dl className={styles.detail}>
      {pairs.map(([key, value]) => (
        <React.Fragment key={key}>
          <dt>{key}</dt>
          <dd>{detailValue(key, value)}</dd>
        </React.Fragment>
      ))}
    </dl>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: getTableStyles(theme),
  mono: css`
    font-family: ${theme.typography.fontFamilyMonospace};
    font-size: ${theme.typography.bodySmall.fontSize};
    white-space: nowrap;
  `,
  id: css`
    font-family: ${theme.typography.fontFamilyMonospace};
    font-size: ${theme.typography.bodySmall.fontSize};
    white-space: nowrap;
  `,
  comment: css`
    min-width: 200px;
    max-width: 420px;
  `,
  detailCell: css`
    min-width: 260px;
  `,
  secondary: css`
    color: ${theme.colors.text.secondary};
  `,
  nowrap: css`
    white-space: nowrap;
  `,
  detail: css`
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: ${theme.spacing(0, 1)};
    margin: 0;
    font-size: ${theme.typography.bodySmall.fontSize};
    dt {
      color: ${theme.colors.text.secondary};
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
  `,
});
