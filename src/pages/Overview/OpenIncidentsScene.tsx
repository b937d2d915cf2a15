import React from 'react';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState, SceneQueryRunner } from '@grafana/scenes';
import { Stack, Text } from '@grafana/ui';
import type { IncidentSummary } from '../../api/types';
import { SIDECAR_DATASOURCE_REF, sidecarQuery } from '../../datasource/SidecarDataSource';
import { AppLink } from '../../shared/AppLink';
import { findingsUrl } from '../../shared/links';
import { dataError, frameRows, isFirstLoad } from '../../shared/sceneData';
import { IncidentsTable } from '../Findings/IncidentsTable';

/** The open incidents, most severe first: what is broken now comes before what is predicted to break. */
export class OpenIncidentsScene extends SceneObjectBase<SceneObjectState> {
  constructor(state: Partial<SceneObjectState> = {}) {
    super({
      // Its own runner: a sidecar without the incident routes must not take the forecasts down with it.
      $data: new SceneQueryRunner({
        datasource: SIDECAR_DATASOURCE_REF,
        queries: [sidecarQuery({ queryType: 'incidentList', incidentStatus: 'open' })],
      }),
      ...state,
    });
  }

  static Component = OpenIncidentsRenderer;
}

function OpenIncidentsRenderer({ model }: SceneComponentProps<OpenIncidentsScene>) {
  const { data } = sceneGraph.getData(model).useState();
  // Loading and errors stay quiet here: the sidecar health and the crossings below already name a failing sidecar.
  if (isFirstLoad(data) || dataError(data)) {
    return null;
  }
  const open = frameRows<IncidentSummary>(data, 'incidentList');
  return (
    <Stack direction="column" gap={1} grow={1}>
      <Stack justifyContent="space-between" alignItems="baseline">
        <Text element="h2" variant="h4">
          Open incidents
        </Text>
        <AppLink href={findingsUrl()}>All incidents and findings</AppLink>
      </Stack>
      {open.length ? (
        <IncidentsTable rows={open} compact label="Open incidents" />
      ) : (
        <Text color="secondary">No open incidents.</Text>
      )}
    </Stack>
  );
}
