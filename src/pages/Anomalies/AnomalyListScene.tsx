import React from 'react';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState, SceneQueryRunner } from '@grafana/scenes';
import { Alert, Stack, Text } from '@grafana/ui';
import { SIDECAR_DATASOURCE_REF, sidecarQuery } from '../../datasource/SidecarDataSource';
import type { AnomalyRow } from '../../datasource/anomalyFrames';
import { frameRows } from '../../shared/sceneData';
import { AnomaliesTable } from './AnomaliesTable';
import { loadingOrError } from '../../shared/loadingOrError';

/** A series needs a look when it is outside its band now or had an anomaly within the detection window. */
export function needsAttention(row: AnomalyRow): boolean {
  return row.anomalous !== 0 || row.kind !== null;
}

/** What is anomalous now, in the sidecar's severity order; quiet series are only counted. */
export class AnomalyListScene extends SceneObjectBase<SceneObjectState> {
  constructor(state: Partial<SceneObjectState> = {}) {
    super({
      $data: new SceneQueryRunner({
        datasource: SIDECAR_DATASOURCE_REF,
        queries: [sidecarQuery({ queryType: 'anomalyList' })],
      }),
      ...state,
    });
  }

  static Component = AnomalyListRenderer;
}

function AnomalyListRenderer({ model }: SceneComponentProps<AnomalyListScene>) {
  const { data } = sceneGraph.getData(model).useState();
  const pending = loadingOrError(data, 'Loading anomalies…');
  if (pending) {
    return pending;
  }
  const all = frameRows<AnomalyRow>(data, 'anomalyList');
  if (!all.length) {
    return (
      <Alert severity="info" title="No anomaly results yet">
        The sidecar has not scored any series yet. Detection jobs run on a schedule; come back after their first run.
      </Alert>
    );
  }
  const flagged = all.filter(needsAttention);
  const quiet = all.length - flagged.length;
  if (!flagged.length) {
    return (
      <Alert severity="success" title="Nothing anomalous">
        All {all.length} series are inside their band and had no anomaly within the detection window.
      </Alert>
    );
  }
  return (
    <Stack direction="column" gap={1} grow={1}>
      <AnomaliesTable rows={flagged} />
      {quiet > 0 && (
        <Text color="secondary" variant="bodySmall">
          {quiet} other {quiet === 1 ? 'series is' : 'series are'} inside {quiet === 1 ? 'its' : 'their'} band.
        </Text>
      )}
    </Stack>
  );
}
