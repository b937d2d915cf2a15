import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import { Text, useStyles2 } from '@grafana/ui';
import type { IncidentAlert, IncidentAnomaly, IncidentFinding, IncidentForecast } from '../../api/types';
import type { IncidentEventRow } from '../../datasource/incidentFrames';
import { frameRows } from '../../shared/sceneData';
import { useNow } from '../../shared/useNow';
import { AlertCard, FindingCard } from './evidenceCards';
import { AnomaliesTable, EventsTable, ForecastsTable } from './evidenceTables';
import { Section } from './Section';

/** Everything the incident rests on, by kind: the explanation's, suggestions' and timeline's links land here. */
export class IncidentEvidenceScene extends SceneObjectBase<SceneObjectState> {
  static Component = IncidentEvidenceRenderer;
}

function IncidentEvidenceRenderer({ model }: SceneComponentProps<IncidentEvidenceScene>) {
  const styles = useStyles2(getStyles);
  const now = useNow();
  const { data } = sceneGraph.getData(model).useState();
  if (!data?.series.some((f) => f.refId === 'incidentAlerts')) {
    return null; // loading and errors are shown once, by the headline
  }
  const alerts = frameRows<IncidentAlert>(data, 'incidentAlerts');
  const findings = frameRows<IncidentFinding>(data, 'incidentFindings');
  const anomalies = frameRows<IncidentAnomaly>(data, 'incidentAnomalies');
  const forecasts = frameRows<IncidentForecast>(data, 'incidentForecasts');
  const events = frameRows<IncidentEventRow>(data, 'incidentEvents');
  const count = (n: number) => <span className={styles.count}>{n}</span>;
  return (
    <div className={styles.grid}>
      <Section title="Alerts" aside={count(alerts.length)}>
        {alerts.map((a) => (
          <AlertCard key={a.fingerprint} alert={a} now={now} />
        ))}
      </Section>
      <Section title="K8sGPT findings" aside={count(findings.length)}>
        {findings.length ? (
          findings.map((f) => <FindingCard key={f.id} finding={f} now={now} />)
        ) : (
          <None>K8sGPT reported nothing about this place while the incident was open.</None>
        )}
      </Section>
      <Section title="Anomalies" aside={count(anomalies.length)}>
        {anomalies.length ? (
          <AnomaliesTable anomalies={anomalies} now={now} />
        ) : (
          <None>No series of this place is outside its learned band.</None>
        )}
      </Section>
      <Section title="Forecasts" aside={count(forecasts.length)}>
        {forecasts.length ? (
          <ForecastsTable forecasts={forecasts} now={now} />
        ) : (
          <None>No forecast of this place crosses its threshold.</None>
        )}
      </Section>
      <Section title="Kubernetes events" aside={count(events.length)}>
        {events.length ? <EventsTable events={events} now={now} /> : <None>No recent event about this place.</None>}
      </Section>
    </div>
  );
}

function None({ children }: { children: string }) {
  return <Text color="secondary">{children}</Text>;
}

const getStyles = (theme: GrafanaTheme2) => ({
  grid: css`
    width: 100%;
    display: flex;
    flex-direction: column;
    gap: ${theme.spacing(2)};
  `,
  count: css`
    color: ${theme.colors.text.secondary};
    font-variant-numeric: tabular-nums;
  `,
});
