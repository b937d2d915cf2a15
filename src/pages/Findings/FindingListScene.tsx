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
import { Alert, Badge, Stack, Text, useStyles2 } from '@grafana/ui';
import type { IncidentSeverity } from '../../api/types';
import type { FindingRow, FindingSourceRow } from '../../datasource/findingFrames';
import { SIDECAR_DATASOURCE_REF, sidecarQuery } from '../../datasource/SidecarDataSource';
import { loadingOrError } from '../../shared/loadingOrError';
import { frameRows } from '../../shared/sceneData';
import { FilterField } from '../../shared/FilterField';
import { FindingsTable } from './FindingsTable';
import { distinct, isSeverity, SEVERITIES } from './findingsFormat';

interface FindingListState extends SceneObjectState {
  /** Filters, synced to the URL (?severity=&namespace=); unset shows all. */
  severity?: IncidentSeverity;
  namespace?: string;
}

/** The current K8sGPT findings by severity and namespace, and whether the Kubernetes watch behind them is healthy. */
export class FindingListScene extends SceneObjectBase<FindingListState> {
  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: ['severity', 'namespace'] });

  constructor(state: Partial<FindingListState> = {}) {
    super({
      $data: new SceneQueryRunner({
        datasource: SIDECAR_DATASOURCE_REF,
        queries: [sidecarQuery({ queryType: 'findingList' }), sidecarQuery({ queryType: 'findingSource' })],
      }),
      ...state,
    });
  }

  getUrlState() {
    return { severity: this.state.severity, namespace: this.state.namespace };
  }

  updateFromUrl(values: SceneObjectUrlValues) {
    const severity = isSeverity(values.severity) ? values.severity : undefined;
    const namespace = typeof values.namespace === 'string' && values.namespace ? values.namespace : undefined;
    if (severity !== this.state.severity || namespace !== this.state.namespace) {
      this.setState({ severity, namespace });
    }
  }

  setSeverity = (v: string | undefined) => this.setState({ severity: isSeverity(v) ? v : undefined });
  setNamespace = (v: string | undefined) => this.setState({ namespace: v || undefined });

  static Component = FindingListRenderer;
}

function FindingListRenderer({ model }: SceneComponentProps<FindingListScene>) {
  const styles = useStyles2(getStyles);
  const { severity, namespace } = model.useState();
  const { data } = sceneGraph.getData(model).useState();
  const pending = loadingOrError(data, 'Loading K8sGPT findings…');
  if (pending) {
    return pending;
  }
  const [source] = frameRows<FindingSourceRow>(data, 'findingSource');
  const findings = frameRows<FindingRow>(data, 'findingList');
  const rows = findings.filter(
    (f) => (!severity || f.severity === severity) && (!namespace || f.namespace === namespace)
  );
  return (
    <div className={styles.container}>
      {source && <SourceState source={source} />}
      {findings.length > 0 && (
        <Stack gap={2} wrap="wrap">
          <FilterField
            label="Severity"
            id="findings-severity-filter"
            anyLabel="Any severity"
            values={SEVERITIES}
            value={severity}
            onChange={model.setSeverity}
          />
          <FilterField
            label="Namespace"
            id="findings-namespace-filter"
            anyLabel="All namespaces"
            values={distinct(findings.map((f) => f.namespace))}
            value={namespace}
            onChange={model.setNamespace}
          />
        </Stack>
      )}
      {!findings.length && source?.kind !== 'disabled' && (
        <Alert severity="success" title="No K8sGPT findings">
          K8sGPT reports no problem in the namespaces it analyses. Its findings appear here as the k8sgpt-operator
          writes Result objects, and join the incidents about the same workload, pod or node.
        </Alert>
      )}
      {findings.length > 0 &&
        (rows.length ? (
          <FindingsTable rows={rows} />
        ) : (
          <Text color="secondary">No finding matches these filters.</Text>
        ))}
    </div>
  );
}

/** Where the findings come from and whether to trust an empty or stale list. */
export function SourceState({ source }: { source: FindingSourceRow }) {
  if (source.kind === 'disabled') {
    return (
      <Alert severity="info" title="K8sGPT findings are off">
        The sidecar does not watch Kubernetes. Set <code>kubernetes.enabled: true</code> in its configuration and give
        it get/list/watch on <code>results.core.k8sgpt.ai</code> and <code>events</code> (the README&apos;s section
        Configuration → K8sGPT findings; <code>deploy/sidecar</code> does both).
      </Alert>
    );
  }
  if (source.state === 'degraded') {
    return (
      <Alert severity="warning" title="Kubernetes API degraded">
        <div>{source.lastError ?? 'The watch failed.'}</div>
        <div>The findings below may be out of date; the sidecar retries with backoff.</div>
      </Alert>
    );
  }
  const where = source.kind === 'simulator' ? 'simulated cluster (demo mode)' : 'Kubernetes API';
  const state = !source.synced ? 'syncing…' : source.state === 'ok' ? 'ok' : 'connecting…';
  return (
    <Stack gap={1} alignItems="center">
      <Text color="secondary" variant="bodySmall">
        Source
      </Text>
      <Badge
        text={`${where}: ${state}`}
        color={source.state === 'ok' && source.synced ? 'green' : 'blue'}
        icon="kubernetes"
      />
    </Stack>
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
