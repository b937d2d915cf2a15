import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import type { FindingRow } from '../../datasource/findingFrames';
import { getTableStyles } from '../../shared/JobStatesTable';
import { useNow } from '../../shared/useNow';
import { SeverityBadge, TimeAgo } from './findingsParts';

/** K8sGPT findings, most severe first and grouped by namespace (the frame's order). */
export function FindingsTable({ rows }: { rows: FindingRow[] }) {
  const styles = useStyles2(getStyles);
  const now = useNow();
  return (
    <table className={styles.table} aria-label="K8sGPT findings">
      <thead>
        <tr>
          <th>Severity</th>
          <th>Namespace</th>
          <th>Kind</th>
          <th>Object</th>
          <th>Problem</th>
          <th>First seen</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((f) => (
          <tr key={f.id}>
            <td>
              {/* The severity is the sidecar's (K8sGPT has none): the rule that decided it, on hover. */}
              <SeverityBadge severity={f.severity} title={`Severity rule: ${f.severityRule}`} />
            </td>
            <td>{f.namespace ?? '—'}</td>
            <td>{f.kind}</td>
            <td>
              <div className={styles.mono}>{f.objectName}</div>
              {f.parentObject && <div className={styles.secondary}>of {f.parentObject}</div>}
            </td>
            <td>
              <div title={f.errors.join('\n')}>{f.errors[0] ?? 'problem detected'}</div>
              {f.errors.length > 1 && (
                <div className={styles.secondary} title={f.errors.slice(1).join('\n')}>
                  +{f.errors.length - 1} more
                </div>
              )}
            </td>
            <td className={styles.nowrap}>
              <TimeAgo at={f.firstSeen} now={now} />
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
  `,
  secondary: css`
    color: ${theme.colors.text.secondary};
    font-size: ${theme.typography.bodySmall.fontSize};
  `,
  nowrap: css`
    white-space: nowrap;
  `,
});
