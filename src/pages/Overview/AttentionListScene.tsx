import React from 'react';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState, SceneQueryRunner } from '@grafana/scenes';
import { Alert, LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import { AppLink } from '../../shared/AppLink';
import { ROUTES } from '../../constants';
import { SIDECAR_DATASOURCE_REF, sidecarQuery } from '../../datasource/SidecarDataSource';
import type { ForecastRow, JobRow } from '../../datasource/frames';
import { ForecastsTable } from '../../shared/ForecastsTable';
import { JobStatesTable } from '../../shared/JobStatesTable';
import { SidecarErrorAlert } from '../../shared/SidecarErrorAlert';
import { dataError, frameRows, isFirstLoad } from '../../shared/sceneData';
import { prefixRoute } from '../../utils/utils.routing';

interface AttentionListState extends SceneObjectState {
  limit: number;
}

/** The few series predicted to cross their threshold soonest: the first thing an on-call engineer should see. */
export class AttentionListScene extends SceneObjectBase<AttentionListState> {
  constructor(state: Partial<AttentionListState> = {}) {
    super({
      limit: 5,
      $data: new SceneQueryRunner({
        datasource: SIDECAR_DATASOURCE_REF,
        queries: [sidecarQuery({ queryType: 'forecastList' }), sidecarQuery({ queryType: 'jobs' })],
      }),
      ...state,
    });
  }

  static Component = AttentionListRenderer;
}

function AttentionListRenderer({ model }: SceneComponentProps<AttentionListScene>) {
  const { limit } = model.useState();
  const { data } = sceneGraph.getData(model).useState();
  const heading = (
    <Stack justifyContent="space-between" alignItems="baseline">
      <Text element="h2" variant="h4">
        Soonest threshold crossings
      </Text>
      <AppLink href={prefixRoute(ROUTES.Forecasts)}>All forecasts</AppLink>
    </Stack>
  );
  let body: React.ReactNode;
  const error = dataError(data);
  const forecasts = frameRows<ForecastRow>(data, 'forecastList');
  const crossing = forecasts.filter((f) => f.crossingAt !== null);
  if (isFirstLoad(data)) {
    body = <LoadingPlaceholder text="Loading forecasts…" />;
  } else if (error) {
    body = <SidecarErrorAlert message={error} />;
  } else if (!forecasts.length) {
    body = (
      <>
        <Alert severity="info" title="No forecasts yet">
          Forecast jobs have not produced results yet.
        </Alert>
        <JobStatesTable jobs={frameRows<JobRow>(data, 'jobs')} />
      </>
    );
  } else if (!crossing.length) {
    body = (
      <Alert severity="success" title="No threshold crossings predicted">
        None of the {forecasts.length} forecast series is predicted to cross its threshold within its horizon.
      </Alert>
    );
  } else {
    body = <ForecastsTable rows={crossing.slice(0, limit)} compact />;
  }
  return (
    <Stack direction="column" gap={1} grow={1}>
      {heading}
      {body}
    </Stack>
  );
}
