import React from 'react';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState, SceneQueryRunner } from '@grafana/scenes';
import { Alert, Badge, Stack, Text } from '@grafana/ui';
import { SIDECAR_DATASOURCE_REF, sidecarQuery } from '../../datasource/SidecarDataSource';
import type { StatusRow } from '../../datasource/frames';
import { formatRelative } from '../../shared/formatCrossing';
import { useNow } from '../../shared/useNow';
import { frameRows } from '../../shared/sceneData';
import { loadingOrError } from '../../shared/loadingOrError';

/** Whether the numbers on this page can be trusted: sidecar version and mode, and the metrics source's health. */
export class SidecarHealthScene extends SceneObjectBase<SceneObjectState> {
  constructor(state: Partial<SceneObjectState> = {}) {
    super({
      $data: new SceneQueryRunner({
        datasource: SIDECAR_DATASOURCE_REF,
        queries: [sidecarQuery({ queryType: 'status' })],
      }),
      ...state,
    });
  }

  static Component = SidecarHealthRenderer;
}

function SidecarHealthRenderer({ model }: SceneComponentProps<SidecarHealthScene>) {
  const { data } = sceneGraph.getData(model).useState();
  const now = useNow();
  const pending = loadingOrError(data, 'Checking the sidecar…');
  if (pending) {
    return pending;
  }
  const [s] = frameRows<StatusRow>(data, 'status');
  if (!s) {
    return null;
  }
  const source = `${s.sourceKind}${s.sourceUrl ? ` (${s.sourceUrl})` : ''}`;
  return (
    <Stack direction="column" gap={1}>
      <Stack gap={1} alignItems="center" wrap="wrap">
        <Text color="secondary">Sidecar {s.version}</Text>
        <Badge
          text={s.mode === 'demo' ? 'demo mode (simulated data)' : 'live'}
          color={s.mode === 'demo' ? 'purple' : 'green'}
        />
        <Badge text={`${s.sourceKind}: ${s.sourceState}`} color={s.sourceState === 'ok' ? 'green' : 'orange'} />
      </Stack>
      {s.sourceState !== 'ok' && (
        <Alert severity="warning" title={`Metrics source ${s.sourceState}: ${source}`}>
          Forecasts may be stale.{' '}
          {s.lastSuccessAt
            ? `Last successful query ${formatRelative(s.lastSuccessAt, now)}.`
            : 'No successful query yet.'}{' '}
          {s.lastError && `Last error: ${s.lastError}`}
        </Alert>
      )}
    </Stack>
  );
}
