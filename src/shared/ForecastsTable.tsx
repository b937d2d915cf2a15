import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { AppLink } from './AppLink';
import type { ForecastRow } from '../datasource/frames';
import { formatCrossing } from './formatCrossing';
import { useNow } from './useNow';
import { formatValue } from './formatValue';
import { getTableStyles } from './JobStatesTable';
import { forecastUrl } from './links';

interface Props {
  rows: ForecastRow[];
  /** The Overview hides threshold and MASE to keep "what needs attention" scannable. */
  compact?: boolean;
  now?: number;
}

/** Ranked forecasts, soonest threshold crossing first (the frame is already sorted that way). */
export function ForecastsTable({ rows, compact = false, now: fixedNow }: Props) {
  const ticking = useNow();
  const now = fixedNow ?? ticking;
  const styles = useStyles2(getStyles);
  return (
    <table className={styles.table} aria-label="Forecasts">
      <thead>
        <tr>
          <th>Series</th>
          <th>Job</th>
          <th>Current</th>
          {!compact && <th>Threshold</th>}
          <th>Crossing</th>
          <th>Model</th>
          {!compact && <th>MASE</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const crossing = formatCrossing({ at: r.crossingAt, earliest: r.earliest, latest: r.latest }, now);
          return (
            <tr key={r.id}>
              <td>
                <AppLink href={forecastUrl(r.id)}>{r.title}</AppLink>
                <div className={styles.secondary}>{r.series}</div>
              </td>
              <td>{r.job}</td>
              <td>{formatValue(r.current, r.unit)}</td>
              {!compact && (
                <td>
                  {r.threshold === null
                    ? '—'
                    : `${r.direction === 'below' ? '<' : '>'} ${formatValue(r.threshold, r.unit)}`}
                </td>
              )}
              <td>
                <div className={r.crossingAt !== null ? styles.crossing : undefined}>{crossing.text}</div>
                {crossing.range && <div className={styles.secondary}>{crossing.range}</div>}
              </td>
              <td>{r.model}</td>
              {!compact && <td>{r.mase === null ? '—' : r.mase.toFixed(2)}</td>}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: getTableStyles(theme),
  secondary: css`
    color: ${theme.colors.text.secondary};
    font-size: ${theme.typography.bodySmall.fontSize};
    font-family: ${theme.typography.fontFamilyMonospace};
  `,
  crossing: css`
    color: ${theme.colors.warning.text};
    font-weight: ${theme.typography.fontWeightMedium};
  `,
});
