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
import { Alert, ComboboxOption, Stack, Text, useStyles2 } from '@grafana/ui';
import { SIDECAR_DATASOURCE_REF, sidecarQuery } from '../../datasource/SidecarDataSource';
import type { SloRow } from '../../datasource/sloFrames';
import { FilterField } from '../../shared/FilterField';
import { frameRows } from '../../shared/sceneData';
import { loadingOrError } from '../../shared/loadingOrError';
import { SlosTable } from './SlosTable';

type AlertFilter = SloRow['alertState'] | 'firing';

interface SloListState extends SceneObjectState {
  /** Filters, synced to the URL (?service=&alert=) so a filtered list can be shared; undefined shows all. */
  service?: string;
  alert?: AlertFilter;
}

const ALERT_OPTIONS: Array<ComboboxOption<string>> = [
  { label: 'Firing (page or ticket)', value: 'firing' },
  { label: 'page', value: 'page' },
  { label: 'ticket', value: 'ticket' },
  { label: 'none', value: 'none' },
];
const isAlertFilter = (v: unknown): v is AlertFilter => ['page', 'ticket', 'none', 'firing'].includes(String(v));

function matchesAlert(row: SloRow, alert: AlertFilter | undefined): boolean {
  if (!alert) {
    return true;
  }
  return alert === 'firing' ? row.alertState !== 'none' : row.alertState === alert;
}

/** Every SLO, soonest budget exhaustion first (the sidecar's order), filterable by service and alert state. */
export class SloListScene extends SceneObjectBase<SloListState> {
  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: ['service', 'alert'] });

  constructor(state: Partial<SloListState> = {}) {
    super({
      $data: new SceneQueryRunner({
        datasource: SIDECAR_DATASOURCE_REF,
        queries: [sidecarQuery({ queryType: 'sloList' })],
      }),
      ...state,
    });
  }

  getUrlState() {
    return { service: this.state.service, alert: this.state.alert };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const service = typeof values.service === 'string' && values.service ? values.service : undefined;
    const alert = isAlertFilter(values.alert) ? values.alert : undefined;
    if (service !== this.state.service || alert !== this.state.alert) {
      this.setState({ service, alert });
    }
  }

  setService = (service: string | undefined) => this.setState({ service: service || undefined });
  setAlert = (alert: string | undefined) => this.setState({ alert: isAlertFilter(alert) ? alert : undefined });

  static Component = SloListRenderer;
}

function SloListRenderer({ model }: SceneComponentProps<SloListScene>) {
  const styles = useStyles2(getStyles);
  const { service, alert } = model.useState();
  const { data } = sceneGraph.getData(model).useState();
  const pending = loadingOrError(data, 'Loading SLOs…');
  if (pending) {
    return pending;
  }
  const slos = frameRows<SloRow>(data, 'sloList');
  if (!slos.length) {
    return <NoSlos />;
  }
  const services = [...new Set(slos.map((s) => s.service))].sort();
  const rows = slos.filter((s) => (!service || s.service === service) && matchesAlert(s, alert));
  return (
    <div className={styles.container}>
      <Stack gap={2} wrap="wrap">
        <FilterField
          label="Service"
          id="slos-service-filter"
          anyLabel="All services"
          values={services}
          value={service}
          onChange={model.setService}
          width={30}
        />
        <FilterField
          label="Alert"
          id="slos-alert-filter"
          anyLabel="Any alert state"
          values={ALERT_OPTIONS}
          value={alert}
          onChange={model.setAlert}
          width={30}
        />
      </Stack>
      {rows.length ? <SlosTable rows={rows} /> : <Text color="secondary">No SLO matches these filters.</Text>}
      {slos.every((s) => s.source === 'defaults') && (
        <Alert severity="info" title="These are the sidecar's example SLOs">
          Its configuration names neither <code>slos</code> nor <code>sloFiles</code>, so it runs the two shipped
          examples. Define your own as described in the README, section Configuration → SLOs.
        </Alert>
      )}
    </div>
  );
}

/** An empty list means the config sets `slos: []` (with neither, the sidecar runs its examples): say how to add some. */
function NoSlos() {
  const styles = useStyles2(getStyles);
  return (
    <Alert severity="info" title="No SLOs configured">
      <p>
        Add SLOs to the sidecar&apos;s configuration file, inline under <code>slos</code> or as Sloth and Pyrra files
        under <code>sloFiles</code>, and restart it. The README&apos;s section Configuration → SLOs lists the indicators
        (ratio, latency, raw), windows and import rules.
      </p>
      <pre className={styles.example}>{EXAMPLE}</pre>
    </Alert>
  );
}

const EXAMPLE = `slos:
  - name: availability
    service: payments-api
    objective: 0.998
    window: 30d
    indicator:
      kind: ratio
      errorQuery: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
      totalQuery: sum(rate(http_requests_total[{{.window}}]))
sloFiles: [slos/sloth.yaml, slos/pyrra.yaml]`;

const getStyles = (theme: GrafanaTheme2) => ({
  container: css`
    display: flex;
    flex-direction: column;
    gap: ${theme.spacing(1)};
    width: 100%;
  `,
  example: css`
    font-size: ${theme.typography.bodySmall.fontSize};
    margin: 0;
  `,
});
