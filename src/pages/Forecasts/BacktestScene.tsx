import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import { Badge, Text, useStyles2 } from '@grafana/ui';
import { getTableStyles } from '../../shared/JobStatesTable';
import { frameRows } from '../../shared/sceneData';

interface BacktestRow {
  model: string;
  mase: number;
  chosen: boolean;
}

/** Why this model: every candidate's backtest error, best first, with the chosen one highlighted. */
export class BacktestScene extends SceneObjectBase<SceneObjectState> {
  static Component = BacktestRenderer;
}

function BacktestRenderer({ model }: SceneComponentProps<BacktestScene>) {
  const styles = useStyles2(getStyles);
  const { data } = sceneGraph.getData(model).useState();
  const rows = frameRows<BacktestRow>(data, 'forecastBacktest');
  if (!rows.length) {
    return null; // loading and errors are shown once, by the summary above
  }
  return (
    <div className={styles.box}>
      <Text element="h3" variant="h5">
        Model accuracy (rolling-origin backtest)
      </Text>
      <Text color="secondary" variant="bodySmall">
        MASE below 1 beats the naive forecast; lower is better.
      </Text>
      <table className={styles.table} aria-label="Backtest">
        <thead>
          <tr>
            <th>Model</th>
            <th>MASE</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.model} className={r.chosen ? styles.chosen : undefined} aria-current={r.chosen || undefined}>
              <td>
                {r.model} {r.chosen && <Badge text="chosen" color="green" />}
              </td>
              <td>{r.mase.toFixed(2)}</td>
            </tr>
          ))}
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
  chosen: css`
    background: ${theme.colors.success.transparent};
  `,
});
