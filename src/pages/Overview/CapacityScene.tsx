import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState, SceneQueryRunner } from '@grafana/scenes';
import { LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import { SIDECAR_DATASOURCE_REF, sidecarQuery } from '../../datasource/SidecarDataSource';
import type { CapacityRow } from '../../datasource/frames';
import { getTableStyles } from '../../shared/JobStatesTable';
import { SidecarErrorAlert } from '../../shared/SidecarErrorAlert';
import { dataError, frameRows, isFirstLoad } from '../../shared/sceneData';

/** Karpenter: how many pods will be Pending and how many nodes each nodepool needs at each horizon. */
export class CapacityScene extends SceneObjectBase<SceneObjectState> {
  constructor(state: Partial<SceneObjectState> = {}) {
    super({
      $data: new SceneQueryRunner({
        datasource: SIDECAR_DATASOURCE_REF,
        queries: [sidecarQuery({ queryType: 'capacity' })],
      }),
      ...state,
    });
  }

  static Component = CapacityRenderer;
}

function CapacityRenderer({ model }: SceneComponentProps<CapacityScene>) {
  const styles = useStyles2(getStyles);
  const { data } = sceneGraph.getData(model).useState();
  const rows = frameRows<CapacityRow>(data, 'capacity');
  const horizons = [...new Set(rows.map((r) => r.minutes))].sort((a, b) => a - b);
  const pools = [...new Set(rows.map((r) => r.nodepool))];
  const error = dataError(data);
  let body: React.ReactNode;
  if (isFirstLoad(data)) {
    body = <LoadingPlaceholder text="Loading capacity predictions…" />;
  } else if (error) {
    body = <SidecarErrorAlert message={error} />;
  } else if (!rows.length) {
    body = <Text color="secondary">No Karpenter nodepools are being forecast.</Text>;
  } else {
    body = (
      <table className={styles.table} aria-label="Capacity predictions">
        <thead>
          <tr>
            <th>Nodepool</th>
            <th>Nodes now</th>
            <th>Pending now</th>
            {horizons.map((m) => (
              <th key={m}>In {m >= 60 ? `${m / 60}h` : `${m}m`}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {pools.map((pool) => {
            const poolRows = rows.filter((r) => r.nodepool === pool);
            return (
              <tr key={pool}>
                <td>{pool}</td>
                <td>{poolRows[0].currentNodes ?? '—'}</td>
                <td>{poolRows[0].currentPendingPods ?? '—'}</td>
                {horizons.map((m) => {
                  const h = poolRows.find((r) => r.minutes === m);
                  return (
                    <td key={m}>
                      {h
                        ? `${Math.round(h.pendingPods)} pending pods, +${h.nodesNeeded} nodes (≤ ${h.nodesNeededUpper})`
                        : '—'}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    );
  }
  return (
    <Stack direction="column" gap={1} grow={1}>
      <Text element="h2" variant="h4">
        Karpenter capacity
      </Text>
      {body}
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css`
    ${getTableStyles(theme)}
  `,
});
