import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { SceneComponentProps, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import { Text, useStyles2 } from '@grafana/ui';
import type { SloBurnRateRow } from '../../datasource/sloFrames';
import { useSloTableRows } from './useSloTableRows';
import { formatDuration } from '../../shared/formatCrossing';
import { getTableStyles } from '../../shared/JobStatesTable';
import { BurnValue } from './sloParts';
import { burnTone, formatFactor, lastsFor, windowMs } from './sloFormat';

/**
 * The burn rate over every window, each coloured against the alerts that read that window (red at a page factor,
 * orange at a ticket factor, yellow above 1), with how long the remaining budget lasts if that rate holds.
 */
export class SloBurnRatesScene extends SceneObjectBase<SceneObjectState> {
  static Component = SloBurnRatesRenderer;
}

function SloBurnRatesRenderer({ model }: SceneComponentProps<SloBurnRatesScene>) {
  const styles = useStyles2(getStyles);
  const table = useSloTableRows<SloBurnRateRow>(model, 'sloBurnRates');
  if (!table) {
    return null;
  }
  const { rows: rates, slo } = table;
  const sloWindow = windowMs(slo.window);
  return (
    <div className={styles.box}>
      <Text element="h3" variant="h5">
        Burn-rate windows
      </Text>
      <Text color="secondary" variant="bodySmall">
        Error ratio over the window ÷ error budget. At 1× the budget lasts exactly the SLO window.
      </Text>
      <table className={styles.table} aria-label="Burn-rate windows">
        <thead>
          <tr>
            <th>Window</th>
            <th>Burn rate</th>
            <th>Alerts at</th>
            <th title="How long the budget left lasts if this burn rate holds">Budget lasts</th>
          </tr>
        </thead>
        <tbody>
          {rates.map((r) => {
            const tone = burnTone(r.burnRate, r.pageFactor, r.ticketFactor);
            const lasts = lastsFor(slo.budgetRemaining, r.burnRate, sloWindow);
            const factors = [
              r.pageFactor !== null && `page ${formatFactor(r.pageFactor)}`,
              r.ticketFactor !== null && `ticket ${formatFactor(r.ticketFactor)}`,
            ].filter(Boolean);
            return (
              <tr
                key={r.window}
                className={tone === 'page' ? styles.page : tone === 'ticket' ? styles.ticket : undefined}
              >
                <td>{r.window}</td>
                <td>
                  <BurnValue burn={r.burnRate} tone={tone} />
                </td>
                <td className={styles.secondary}>{factors.join(', ') || '—'}</td>
                <td>{lasts === null ? '—' : lasts === 0 ? 'spent' : formatDuration(lasts)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css`
    width: 100%;
  `,
  table: getTableStyles(theme),
  secondary: css`
    color: ${theme.colors.text.secondary};
  `,
  page: css`
    background: ${theme.colors.error.transparent};
  `,
  ticket: css`
    background: ${theme.colors.warning.transparent};
  `,
});
