import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import type { IncidentSummary } from '../../api/types';
import { AppLink } from '../../shared/AppLink';
import { getTableStyles } from '../../shared/JobStatesTable';
import { incidentUrl } from '../../shared/links';
import { useNow } from '../../shared/useNow';
import { evidenceCounts, placeText, placeTitle } from './findingsFormat';
import { IncidentStatusBadge, SeverityBadge, TimeAgo } from './findingsParts';

interface IncidentsTableProps {
  rows: IncidentSummary[];
  /** Without the evidence and status columns, for the Overview's list of open incidents. */
  compact?: boolean;
  label?: string;
}

/** Incidents in the sidecar's order (open first, then by severity, then most recently updated). */
export function IncidentsTable({ rows, compact = false, label = 'Incidents' }: IncidentsTableProps) {
  const styles = useStyles2(getStyles);
  const now = useNow();
  return (
    <table className={styles.table} aria-label={label}>
      <thead>
        <tr>
          <th>Severity</th>
          <th>Incident</th>
          <th>Cause and next step</th>
          {!compact && <th>Evidence</th>}
          <th>Opened</th>
          {!compact && <th>Status</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} className={r.status === 'resolved' ? styles.resolved : undefined}>
            <td>
              <SeverityBadge severity={r.severity} />
            </td>
            <td>
              <AppLink href={incidentUrl(r.id)}>{r.title}</AppLink>
              <div className={styles.place} title={placeTitle(r.scope)}>
                {placeText(r.scope)}
              </div>
            </td>
            <td>
              <div>{r.cause ?? <span className={styles.secondary}>not explained yet</span>}</div>
              {r.topSuggestion && <div className={styles.secondary}>→ {r.topSuggestion}</div>}
            </td>
            {!compact && (
              <td>
                {evidenceCounts(r.counts).map((c) => (
                  <div key={c} className={styles.count}>
                    {c}
                  </div>
                ))}
              </td>
            )}
            <td className={styles.nowrap}>
              <TimeAgo at={r.openedAt} now={now} />
            </td>
            {!compact && (
              <td className={styles.nowrap}>
                <IncidentStatusBadge status={r.status} />
                {r.resolvedAt !== null && (
                  <div className={styles.secondary}>
                    <TimeAgo at={r.resolvedAt} now={now} />
                  </div>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: getTableStyles(theme),
  place: css`
    color: ${theme.colors.text.secondary};
    font-size: ${theme.typography.bodySmall.fontSize};
    font-family: ${theme.typography.fontFamilyMonospace};
  `,
  secondary: css`
    color: ${theme.colors.text.secondary};
    font-size: ${theme.typography.bodySmall.fontSize};
  `,
  count: css`
    white-space: nowrap;
    font-size: ${theme.typography.bodySmall.fontSize};
  `,
  nowrap: css`
    white-space: nowrap;
  `,
  // Resolved incidents stay listed for the record, but recede behind the open ones.
  resolved: css`
    opacity: 0.7;
  `,
});
