import React from 'react';
import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import type { SloRow } from '../../datasource/sloFrames';
import { AppLink } from '../../shared/AppLink';
import { getTableStyles } from '../../shared/JobStatesTable';
import { sloUrl } from '../../shared/links';
import { useNow } from '../../shared/useNow';
import { AlertStateBadge, BudgetBar, BurnValue, SloStateBadge } from './sloParts';
import { burnTone, describeExhaustion, formatObjective, formatSli, windowLabel } from './sloFormat';

/** SLOs in the order given (the sidecar's: soonest exhaustion first); each row links to its detail. */
export function SlosTable({ rows }: { rows: SloRow[] }) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const now = useNow();
  return (
    <table className={styles.table} aria-label="SLOs">
      <thead>
        <tr>
          <th>SLO</th>
          <th>Objective</th>
          <th>SLI</th>
          <th>Error budget</th>
          <th title="Error ratio over the window ÷ error budget; above 1 the budget runs out before the window ends">
            Burn 1h
          </th>
          <th>Burn 6h</th>
          <th>Alert</th>
          <th>Budget exhaustion</th>
          <th>State</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const exhaustion = describeExhaustion(r, now);
          const below = r.sli !== null && r.sli < r.objective;
          return (
            <tr key={r.id}>
              <td>
                <AppLink href={sloUrl(r.id)}>{r.title}</AppLink>
                <div className={styles.secondary}>
                  {r.service} · {r.indicator}
                </div>
              </td>
              <td>
                <div>{formatObjective(r.objective)}</div>
                <div className={styles.secondary}>{windowLabel(r.window)}</div>
              </td>
              <td style={below ? { color: theme.colors.error.text } : undefined}>{formatSli(r.sli)}</td>
              <td>
                <BudgetBar remaining={r.budgetRemaining} />
              </td>
              <td>
                <BurnValue burn={r.burn1h} tone={burnTone(r.burn1h)} />
              </td>
              <td>
                <BurnValue burn={r.burn6h} tone={burnTone(r.burn6h)} />
              </td>
              <td>
                <AlertStateBadge state={r.alertState} />
              </td>
              <td>
                <div
                  title={exhaustion.at ?? undefined}
                  className={
                    exhaustion.tone === 'exhausted' || exhaustion.tone === 'exhausts' ? styles.exhausts : undefined
                  }
                >
                  {exhaustion.text}
                </div>
                {exhaustion.detail && <div className={styles.secondary}>{exhaustion.detail}</div>}
              </td>
              <td>
                <SloStateBadge state={r.state} />
                {r.error && <div className={styles.error}>{r.error}</div>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: cx(
    getTableStyles(theme),
    css`
      td {
        vertical-align: middle;
      }
    `
  ),
  secondary: css`
    color: ${theme.colors.text.secondary};
    font-size: ${theme.typography.bodySmall.fontSize};
  `,
  exhausts: css`
    color: ${theme.colors.error.text};
    font-weight: ${theme.typography.fontWeightMedium};
  `,
  error: css`
    color: ${theme.colors.error.text};
    font-size: ${theme.typography.bodySmall.fontSize};
    max-width: 240px;
  `,
});
