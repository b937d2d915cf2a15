import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import { Stack, Text, useStyles2 } from '@grafana/ui';
import type { IncidentSummary } from '../../api/types';
import { formatRelative } from '../../shared/formatCrossing';
import { findingsUrl } from '../../shared/links';
import { loadingOrError } from '../../shared/loadingOrError';
import { frameRows, isNotFound } from '../../shared/sceneData';
import { NotFoundAlert } from '../../shared/NotFoundAlert';
import { Stat } from '../../shared/Stat';
import { useNow } from '../../shared/useNow';
import { evidenceCounts, formatTime, placeText, placeTitle } from './findingsFormat';
import { IncidentStatusBadge, SeverityBadge } from './findingsParts';

interface IncidentSummaryState extends SceneObjectState {
  incidentId: string;
}

/** The headline of an incident: what, how bad, where, since when; or why there is nothing to show. */
export class IncidentSummaryScene extends SceneObjectBase<IncidentSummaryState> {
  static Component = IncidentSummaryRenderer;
}

function IncidentSummaryRenderer({ model }: SceneComponentProps<IncidentSummaryScene>) {
  const styles = useStyles2(getStyles);
  const now = useNow();
  const { data } = sceneGraph.getData(model).useState();
  if (isNotFound(data)) {
    return <NotFound id={model.state.incidentId} />;
  }
  const pending = loadingOrError(data, 'Loading incident…');
  if (pending) {
    return pending;
  }
  const [incident] = frameRows<IncidentSummary>(data, 'incidentSummary');
  if (!incident) {
    return null;
  }
  const { counts } = incident;
  // The alerts have a figure of their own; this one counts what was correlated to them.
  const evidence = evidenceCounts({ ...counts, alerts: 0 });
  return (
    <div className={styles.box} data-testid="incident-summary">
      <Stack gap={1} alignItems="center">
        <SeverityBadge severity={incident.severity} />
        <IncidentStatusBadge status={incident.status} />
      </Stack>
      <Text element="h2" variant="h3">
        {incident.title}
      </Text>
      <div className={styles.place} title={placeTitle(incident.scope)}>
        {placeText(incident.scope)}
      </div>
      <div className={styles.stats}>
        <Stat label="Opened" value={formatRelative(incident.openedAt, now)} detail={formatTime(incident.openedAt)} />
        {incident.resolvedAt !== null ? (
          <Stat
            label="Resolved"
            value={formatRelative(incident.resolvedAt, now)}
            detail={formatTime(incident.resolvedAt)}
            color="success"
          />
        ) : (
          <Stat
            label="Last change"
            value={formatRelative(incident.updatedAt, now)}
            detail={formatTime(incident.updatedAt)}
          />
        )}
        <Stat
          label="Alerts"
          value={`${counts.firing} firing`}
          detail={`of ${counts.alerts}`}
          color={counts.firing ? 'error' : 'success'}
        />
        <Stat label="Evidence" value={evidence.length ? evidence.join(' · ') : 'alerts only'} />
      </div>
    </div>
  );
}

function NotFound({ id }: { id: string }) {
  return (
    <NotFoundAlert title="Incident not found" backHref={findingsUrl()} backText="Back to all incidents">
      The sidecar has no incident “{id}”. Resolved incidents are pruned after 7 days, and an id from another sidecar (or
      another demo run) is unknown here.
    </NotFoundAlert>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css`
    width: 100%;
    display: flex;
    flex-direction: column;
    gap: ${theme.spacing(1)};
  `,
  place: css`
    font-family: ${theme.typography.fontFamilyMonospace};
    color: ${theme.colors.text.secondary};
  `,
  stats: css`
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(180px, 1fr));
    gap: ${theme.spacing(2, 4)};
    margin-top: ${theme.spacing(1)};
  `,
});
