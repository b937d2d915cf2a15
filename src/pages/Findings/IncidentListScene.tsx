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
import { Alert, Stack, Text, useStyles2 } from '@grafana/ui';
import type { IncidentSeverity, IncidentSummary } from '../../api/types';
import { SIDECAR_DATASOURCE_REF, sidecarQuery } from '../../datasource/SidecarDataSource';
import { loadingOrError } from '../../shared/loadingOrError';
import { frameRows } from '../../shared/sceneData';
import { FilterField } from '../../shared/FilterField';
import { distinct, isSeverity, matchesIncident, SEVERITIES } from './findingsFormat';
import { IncidentsTable } from './IncidentsTable';

type Status = IncidentSummary['status'];

interface IncidentListState extends SceneObjectState {
  /** Filters, synced to the URL (?status=&severity=&namespace=) so a filtered list can be shared; unset shows all. */
  status?: Status;
  severity?: IncidentSeverity;
  namespace?: string;
}

const isStatus = (v: unknown): v is Status => v === 'open' || v === 'resolved';
const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/**
 * Every incident the sidecar holds, open first. Fetched whole and filtered here: the namespace filter offers the
 * namespaces incidents are in, and changing a filter needs no round trip.
 */
export class IncidentListScene extends SceneObjectBase<IncidentListState> {
  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: ['status', 'severity', 'namespace'] });

  constructor(state: Partial<IncidentListState> = {}) {
    super({
      $data: new SceneQueryRunner({
        datasource: SIDECAR_DATASOURCE_REF,
        queries: [sidecarQuery({ queryType: 'incidentList' })],
      }),
      ...state,
    });
  }

  getUrlState() {
    const { status, severity, namespace } = this.state;
    return { status, severity, namespace };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const next = {
      status: isStatus(values.status) ? values.status : undefined,
      severity: isSeverity(values.severity) ? values.severity : undefined,
      namespace: text(values.namespace),
    };
    const { status, severity, namespace } = this.state;
    if (next.status !== status || next.severity !== severity || next.namespace !== namespace) {
      this.setState(next);
    }
  }

  setStatus = (v: string | undefined) => this.setState({ status: isStatus(v) ? v : undefined });
  setSeverity = (v: string | undefined) => this.setState({ severity: isSeverity(v) ? v : undefined });
  setNamespace = (v: string | undefined) => this.setState({ namespace: v || undefined });

  static Component = IncidentListRenderer;
}

function IncidentListRenderer({ model }: SceneComponentProps<IncidentListScene>) {
  const styles = useStyles2(getStyles);
  const { status, severity, namespace } = model.useState();
  const { data } = sceneGraph.getData(model).useState();
  const pending = loadingOrError(data, 'Loading incidents…');
  if (pending) {
    return pending;
  }
  const incidents = frameRows<IncidentSummary>(data, 'incidentList');
  if (!incidents.length) {
    return <NoIncidents />;
  }
  const rows = incidents.filter((i) => matchesIncident(i, { status, severity, namespace }));
  const open = incidents.filter((i) => i.status === 'open').length;
  return (
    <div className={styles.container}>
      <Stack gap={2} wrap="wrap">
        <FilterField
          label="Status"
          id="incidents-status-filter"
          anyLabel="Open and resolved"
          values={['open', 'resolved']}
          value={status}
          onChange={model.setStatus}
        />
        <FilterField
          label="Severity"
          id="incidents-severity-filter"
          anyLabel="Any severity"
          values={SEVERITIES}
          value={severity}
          onChange={model.setSeverity}
        />
        <FilterField
          label="Namespace"
          id="incidents-namespace-filter"
          anyLabel="All namespaces"
          values={distinct(incidents.map((i) => i.scope.namespace))}
          value={namespace}
          onChange={model.setNamespace}
        />
      </Stack>
      {!open && status !== 'resolved' && (
        <Alert severity="success" title="No open incidents">
          Every incident below has been resolved: all of its alerts stopped firing.
        </Alert>
      )}
      {rows.length ? <IncidentsTable rows={rows} /> : <Text color="secondary">No incident matches these filters.</Text>}
    </div>
  );
}

/** No incident at all: say how alerts get here, since an empty page is otherwise indistinguishable from a broken one. */
function NoIncidents() {
  const styles = useStyles2(getStyles);
  return (
    <Alert severity="info" title="No incidents">
      <p>
        An incident opens when Alertmanager delivers a firing alert whose severity is in <code>incidents.openOn</code>{' '}
        (default <code>critical</code>) to the sidecar&apos;s webhook, <code>POST /api/alertmanager/webhook</code>, with
        the webhook&apos;s own bearer token. Route your critical alerts there; the README&apos;s section Configuration →
        Alertmanager alerts has the route for docker compose and for Kubernetes:
      </p>
      <pre className={styles.example}>{ROUTE_EXAMPLE}</pre>
    </Alert>
  );
}

const ROUTE_EXAMPLE = `route:
  routes:
    - matchers: ['severity="critical"']
      receiver: prophet-aiops
      continue: true
receivers:
  - name: prophet-aiops
    webhook_configs:
      - url: http://prophet-aiops-sidecar.prophet-aiops.svc:8787/api/alertmanager/webhook
        send_resolved: true
        http_config:
          authorization:
            credentials_file: /etc/alertmanager/secrets/prophet-aiops-alertmanager-token/token`;

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
