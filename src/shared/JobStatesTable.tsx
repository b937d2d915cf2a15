import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Badge, BadgeColor, useStyles2 } from '@grafana/ui';
import type { JobRow } from '../datasource/frames';
import { formatRelative } from './formatCrossing';
import { useNow } from './useNow';

const STATE_COLOR: Record<JobRow['state'], BadgeColor> = {
  pending: 'blue',
  ok: 'green',
  partial: 'orange',
  error: 'red',
};

/** Shown when there is nothing to forecast yet, so users can tell "still warming up" from "broken". */
export function JobStatesTable({ jobs }: { jobs: JobRow[] }) {
  const now = useNow();
  const styles = useStyles2(getStyles);
  if (!jobs.length) {
    return <p>The sidecar has no forecast jobs configured.</p>;
  }
  return (
    <table className={styles.table} aria-label="Forecast jobs">
      <thead>
        <tr>
          <th>Job</th>
          <th>State</th>
          <th>Last run</th>
          <th>Next run</th>
          <th>Series</th>
          <th>Error</th>
        </tr>
      </thead>
      <tbody>
        {jobs.map((j) => (
          <tr key={j.name}>
            <td>{j.title || j.name}</td>
            <td>
              <Badge text={j.state} color={STATE_COLOR[j.state] ?? 'blue'} />
            </td>
            <td>{j.lastRunAt ? formatRelative(j.lastRunAt, now) : 'never'}</td>
            <td>{j.nextRunAt ? formatRelative(j.nextRunAt, now) : '—'}</td>
            <td>
              {j.series}
              {j.failedSeries > 0 && ` (${j.failedSeries} failed)`}
            </td>
            <td>{j.error ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export const getTableStyles = (theme: GrafanaTheme2) => css`
  width: 100%;
  border-collapse: collapse;
  th,
  td {
    padding: ${theme.spacing(0.75, 1)};
    border-bottom: 1px solid ${theme.colors.border.weak};
    text-align: left;
    vertical-align: top;
  }
  th {
    color: ${theme.colors.text.secondary};
    font-weight: ${theme.typography.fontWeightMedium};
  }
`;

const getStyles = (theme: GrafanaTheme2) => ({ table: getTableStyles(theme) });
