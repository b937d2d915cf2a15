import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import {
  SceneComponentProps,
  sceneGraph,
  SceneObjectBase,
  SceneObjectState,
  SceneObjectUrlSyncConfig,
  SceneObjectUrlValues,
  SceneQueryRunner,
} from '@grafana/scenes';
import { Alert, useStyles2 } from '@grafana/ui';
import { SIDECAR_DATASOURCE_REF, sidecarQuery } from '../../datasource/SidecarDataSource';
import type { ForecastRow, JobRow } from '../../datasource/frames';
import { FilterField } from '../../shared/FilterField';
import { ForecastsTable } from '../../shared/ForecastsTable';
import { JobStatesTable } from '../../shared/JobStatesTable';
import { frameRows } from '../../shared/sceneData';
import { loadingOrError } from '../../shared/loadingOrError';

interface ForecastsListState extends SceneObjectState {
  /** Selected job filter; undefined shows every job. Synced to the URL (?job=) so filtered lists can be shared. */
  job?: string;
}

/** The ranked forecast list with its job filter; jobs are fetched too so an empty list can explain itself. */
export class ForecastsListScene extends SceneObjectBase<ForecastsListState> {
  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: ['job'] });

  constructor(state: Partial<ForecastsListState> = {}) {
    super({
      $data: new SceneQueryRunner({
        datasource: SIDECAR_DATASOURCE_REF,
        queries: [sidecarQuery({ queryType: 'forecastList' }), sidecarQuery({ queryType: 'jobs' })],
      }),
      ...state,
    });
  }

  getUrlState() {
    return { job: this.state.job };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const job = typeof values.job === 'string' && values.job ? values.job : undefined;
    if (job !== this.state.job) {
      this.setState({ job });
    }
  }

  setJob = (job: string | undefined) => this.setState({ job: job || undefined });

  static Component = ForecastsListRenderer;
}

function ForecastsListRenderer({ model }: SceneComponentProps<ForecastsListScene>) {
  const styles = useStyles2(getStyles);
  const { job } = model.useState();
  const { data } = sceneGraph.getData(model).useState();

  const pending = loadingOrError(data, 'Loading forecasts…');
  if (pending) {
    return pending;
  }
  const forecasts = frameRows<ForecastRow>(data, 'forecastList');
  if (!forecasts.length) {
    return (
      <div>
        <Alert severity="info" title="No forecasts yet">
          The sidecar has not produced forecasts yet. Jobs run on a schedule; their state is below.
        </Alert>
        <JobStatesTable jobs={frameRows<JobRow>(data, 'jobs')} />
      </div>
    );
  }
  const jobs = [...new Set(forecasts.map((f) => f.job))].sort();
  const rows = job ? forecasts.filter((f) => f.job === job) : forecasts;
  return (
    <div className={styles.container}>
      <FilterField
        label="Job"
        id="forecasts-job-filter"
        anyLabel="All jobs"
        values={jobs}
        value={job}
        onChange={model.setJob}
        width={30}
      />
      {rows.length ? <ForecastsTable rows={rows} /> : <p>No forecasts for job “{job}”.</p>}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css`
    display: flex;
    flex-direction: column;
    gap: ${theme.spacing(1)};
    width: 100%;
  `,
});
