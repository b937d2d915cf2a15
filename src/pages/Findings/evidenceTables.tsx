import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Badge, useStyles2 } from '@grafana/ui';
import type { IncidentAnomaly, IncidentForecast } from '../../api/types';
import type { IncidentEventRow } from '../../datasource/incidentFrames';
import { AppLink } from '../../shared/AppLink';
import { kindLabel } from '../../shared/formatAnomaly';
import { formatRelative } from '../../shared/formatCrossing';
import { formatValue } from '../../shared/formatValue';
import { getTableStyles } from '../../shared/JobStatesTable';
import { forecastUrl } from '../../shared/links';
import { anomalyUrl } from '../Anomalies/anomalyLinks';
import { formatTime } from './findingsFormat';
import { evidenceAnchor, TimeAgo } from './findingsParts';

// Anomalies, forecasts and Kubernetes events on the incident page: tables, since their rows compare figures and
// times; anomalies and forecasts link to their drilldowns.

export function AnomaliesTable({ anomalies, now }: { anomalies: IncidentAnomaly[]; now: number }) {
  const styles = useStyles2(getStyles);
  return (
    <table className={styles.table} aria-label="Correlated anomalies">
      <thead>
        <tr>
          <th>Series</th>
          <th>What</th>
          <th>Score</th>
          <th>Since</th>
        </tr>
      </thead>
      <tbody>
        {anomalies.map((a) => (
          <tr key={a.id} id={evidenceAnchor('anomaly', a.id)} tabIndex={-1}>
            <td>
              <AppLink href={anomalyUrl(a.id)}>{a.title}</AppLink>
            </td>
            <td>
              {kindLabel(a.kind)}
              {a.direction && ` ${a.direction}`} {a.ongoing && <Badge text="ongoing" color="red" />}
            </td>
            <td>{a.score.toFixed(2)}</td>
            <td className={styles.nowrap}>
              <TimeAgo at={a.start} now={now} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "above 1 GiB": the threshold in the series' unit, with the side it is crossed from. */
export const thresholdText = (f: Pick<IncidentForecast, 'threshold' | 'direction' | 'unit'>) =>
  `${f.direction} ${formatValue(f.threshold, f.unit)}`;

/** "in 16m" for a crossing to come, "crossed 5m ago" for one already past. */
export const crossingText = (crossesAt: number, now: number) =>
  crossesAt > now ? formatRelative(crossesAt, now) : `crossed ${formatRelative(crossesAt, now)}`;

export function ForecastsTable({ forecasts, now }: { forecasts: IncidentForecast[]; now: number }) {
  const styles = useStyles2(getStyles);
  return (
    <table className={styles.table} aria-label="Correlated forecasts">
      <thead>
        <tr>
          <th>Series</th>
          <th>Current</th>
          <th>Threshold</th>
          <th>Crosses</th>
        </tr>
      </thead>
      <tbody>
        {forecasts.map((f) => (
          <tr key={f.id} id={evidenceAnchor('forecast', f.id)} tabIndex={-1}>
            <td>
              <AppLink href={forecastUrl(f.id)}>{f.title}</AppLink>
            </td>
            <td className={styles.nowrap}>{formatValue(f.current, f.unit)}</td>
            <td className={styles.nowrap}>{thresholdText(f)}</td>
            <td className={styles.nowrap}>
              <span className={f.crossesAt > now ? styles.soon : undefined} title={formatTime(f.crossesAt)}>
                {crossingText(f.crossesAt, now)}
              </span>
              <div className={styles.secondary}>{formatTime(f.crossesAt)}</div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function EventsTable({ events, now }: { events: IncidentEventRow[]; now: number }) {
  const styles = useStyles2(getStyles);
  return (
    <table className={styles.table} aria-label="Kubernetes events">
      <thead>
        <tr>
          <th>Type</th>
          <th>Reason</th>
          <th>Object</th>
          <th>Message</th>
          <th>Count</th>
          <th>Last seen</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.evidenceId} id={evidenceAnchor('event', e.evidenceId)} tabIndex={-1}>
            <td>
              <Badge text={e.type} color={e.type === 'Warning' ? 'orange' : 'blue'} />
            </td>
            <td>{e.reason}</td>
            <td className={styles.mono}>{e.object}</td>
            <td>{e.message}</td>
            <td>{e.count}</td>
            <td className={styles.nowrap}>
              <TimeAgo at={e.lastSeen} now={now} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css`
    ${getTableStyles(theme)};
    tr:focus {
      outline: 2px solid ${theme.colors.primary.border};
    }
  `,
  nowrap: css`
    white-space: nowrap;
  `,
  mono: css`
    font-family: ${theme.typography.fontFamilyMonospace};
    font-size: ${theme.typography.bodySmall.fontSize};
  `,
  soon: css`
    color: ${theme.colors.warning.text};
    font-weight: ${theme.typography.fontWeightMedium};
  `,
  secondary: css`
    color: ${theme.colors.text.secondary};
    font-size: ${theme.typography.bodySmall.fontSize};
  `,
});
