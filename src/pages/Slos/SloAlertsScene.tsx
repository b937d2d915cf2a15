import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { SceneComponentProps, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import { Badge, Text, useStyles2 } from '@grafana/ui';
import type { SloAlertRow } from '../../datasource/sloFrames';
import { useSloTableRows } from './useSloTableRows';
import { formatDuration } from '../../shared/formatCrossing';
import { getTableStyles } from '../../shared/JobStatesTable';
import { BurnValue } from './sloParts';
import { burnTone, formatFactor, windowMs } from './sloFormat';

/**
 * The multiwindow multi-burn-rate alerts: each fires when both its long and short window burn faster than its
 * factor. "Budget gone in" is how fast the whole budget goes at exactly that factor, which is why it pages.
 */
export class SloAlertsScene extends SceneObjectBase<SceneObjectState> {
  static Component = SloAlertsRenderer;
}

function SloAlertsRenderer({ model }: SceneComponentProps<SloAlertsScene>) {
  const styles = useStyles2(getStyles);
  const table = useSloTableRows<SloAlertRow>(model, 'sloAlerts');
  if (!table) {
    return null;
  }
  const { rows: alerts, slo } = table;
  const sloWindow = windowMs(slo.window);
  return (
    <div className={styles.box}>
      <Text element="h3" variant="h5">
        Multiwindow burn-rate alerts
      </Text>
      <Text color="secondary" variant="bodySmall">
        An alert fires when both windows burn faster than its factor; the short window makes it stop soon after the burn
        does.
      </Text>
      <table className={styles.table} aria-label="Burn-rate alerts">
        <thead>
          <tr>
            <th>Severity</th>
            <th>Windows</th>
            <th>Fires above</th>
            <th>Long burn</th>
            <th>Short burn</th>
            <th>Budget gone in</th>
            <th>State</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => {
            const tone = (burn: number | null) =>
              burnTone(burn, a.severity === 'page' ? a.factor : null, a.severity === 'ticket' ? a.factor : null);
            return (
              <tr
                key={`${a.severity}-${a.longWindow}-${a.shortWindow}`}
                className={a.firing ? styles.firing : undefined}
              >
                <td>{a.severity}</td>
                <td>
                  {a.longWindow} and {a.shortWindow}
                </td>
                <td>
                  {formatFactor(a.factor)}
                  <div className={styles.secondary}>error ratio {Number((a.threshold * 100).toPrecision(3))}%</div>
                </td>
                <td>
                  <BurnValue burn={a.longBurn} tone={tone(a.longBurn)} />
                </td>
                <td>
                  <BurnValue burn={a.shortBurn} tone={tone(a.shortBurn)} />
                </td>
                <td>{sloWindow === null ? '—' : formatDuration(sloWindow / a.factor)}</td>
                <td>
                  {a.firing === null ? (
                    <Badge text="no data" color="darkgrey" />
                  ) : a.firing ? (
                    <Badge text="firing" color={a.severity === 'page' ? 'red' : 'orange'} icon="bell" />
                  ) : (
                    <Badge text="inactive" color="green" />
                  )}
                </td>
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
    font-size: ${theme.typography.bodySmall.fontSize};
  `,
  firing: css`
    background: ${theme.colors.error.transparent};
  `,
});
