import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Badge, useStyles2 } from '@grafana/ui';
import type { AnomalyRow } from '../../datasource/anomalyFrames';
import { AppLink } from '../../shared/AppLink';
import { bandPosition, formatAnomalyEvent, formatLimit } from '../../shared/formatAnomaly';
import { formatValue } from '../../shared/formatValue';
import { getTableStyles } from '../../shared/JobStatesTable';
import { forecastUrl } from '../../shared/links';
import { useNow } from '../../shared/useNow';
import { anomalyUrl } from './anomalyLinks';

/** Anomalous series, most severe first (the rows arrive in the sidecar's order). */
export function AnomaliesTable({ rows }: { rows: AnomalyRow[] }) {
  const styles = useStyles2(getStyles);
  const now = useNow();
  return (
    <table className={styles.table} aria-label="Anomalies">
      <thead>
        <tr>
          <th>Series</th>
          <th>What</th>
          <th>Score</th>
          <th>Current vs band</th>
          <th>Forecast</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td>
              <AppLink href={anomalyUrl(r.id)}>{r.title}</AppLink>
              <div className={styles.secondary}>{r.series}</div>
            </td>
            <td>
              <EventCell row={r} now={now} />
            </td>
            <td>
              <Score score={r.score} threshold={r.threshold} />
            </td>
            <td>
              <BandCell row={r} />
            </td>
            <td>{r.forecastId ? <AppLink href={forecastUrl(r.forecastId)}>Forecast</AppLink> : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function EventCell({ row, now }: { row: AnomalyRow; now: number }) {
  const styles = useStyles2(getStyles);
  if (row.kind === null || row.direction === null || row.size === null || row.start === null || row.end === null) {
    return <span>{bandPosition(row.anomalous)}, no event recorded</span>;
  }
  const event = { kind: row.kind, direction: row.direction, size: row.size, start: row.start, end: row.end };
  const limit = formatLimit(row.limitAt, now);
  return (
    <div>
      <div className={row.ongoing ? styles.ongoing : undefined}>
        {formatAnomalyEvent({ ...event, ongoing: Boolean(row.ongoing) }, now)}
      </div>
      {limit && <div className={styles.secondary}>{limit}</div>}
    </div>
  );
}

/** The latest score, red once it reaches the job's flagging threshold. */
export function Score({ score, threshold }: { score: number; threshold: number }) {
  const text = score.toFixed(2);
  return score >= threshold ? <Badge text={text} color="red" /> : <span>{text}</span>;
}

function BandCell({ row }: { row: AnomalyRow }) {
  const styles = useStyles2(getStyles);
  const band =
    row.bandLower === null || row.bandUpper === null
      ? 'no band yet'
      : `band ${formatValue(row.bandLower, row.unit)} – ${formatValue(row.bandUpper, row.unit)}`;
  return (
    <div>
      <div>
        {formatValue(row.current, row.unit)}{' '}
        {row.anomalous !== 0 && <Badge text={bandPosition(row.anomalous)} color="orange" />}
      </div>
      <div className={styles.secondary}>{band}</div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: getTableStyles(theme),
  secondary: css`
    color: ${theme.colors.text.secondary};
    font-size: ${theme.typography.bodySmall.fontSize};
    font-family: ${theme.typography.fontFamilyMonospace};
  `,
  ongoing: css`
    color: ${theme.colors.error.text};
    font-weight: ${theme.typography.fontWeightMedium};
  `,
});
