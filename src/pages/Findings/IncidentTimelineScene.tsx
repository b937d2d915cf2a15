import React from 'react';
import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import { Icon, Text, useStyles2, useTheme2 } from '@grafana/ui';
import type { TimelineEntry } from '../../api/types';
import type { EvidenceItem } from '../../datasource/incidentFrames';
import { formatClock } from '../../shared/formatAnomaly';
import { formatRelative } from '../../shared/formatCrossing';
import { frameRows } from '../../shared/sceneData';
import { useNow } from '../../shared/useNow';
import { EvidenceLink } from './EvidenceLinks';
import { formatTime } from './findingsFormat';
import { ENTRY_KINDS, entryColor } from './findingsParts';
import { Section } from './Section';

/**
 * The incident's story top to bottom: what was observed, the alert, what was concluded, and what is predicted to
 * come (forecast crossings after a "now" mark).
 */
export class IncidentTimelineScene extends SceneObjectBase<SceneObjectState> {
  static Component = IncidentTimelineRenderer;
}

function IncidentTimelineRenderer({ model }: SceneComponentProps<IncidentTimelineScene>) {
  const styles = useStyles2(getStyles);
  const now = useNow();
  const { data } = sceneGraph.getData(model).useState();
  if (!data?.series.some((f) => f.refId === 'incidentTimeline')) {
    return null; // loading and errors are shown once, by the headline
  }
  const entries = frameRows<TimelineEntry>(data, 'incidentTimeline');
  const items = frameRows<EvidenceItem>(data, 'incidentEvidence');
  const firstFuture = entries.findIndex((e) => e.at > now);
  return (
    <Section title="Timeline">
      <ol className={styles.list} aria-label="Timeline">
        {entries.map((entry, i) => (
          <React.Fragment key={`${entry.at}-${entry.type}-${i}`}>
            {i === firstFuture && <NowMark />}
            <Entry entry={entry} items={items} now={now} />
          </React.Fragment>
        ))}
      </ol>
    </Section>
  );
}

function Entry({ entry, items, now }: { entry: TimelineEntry; items: EvidenceItem[]; now: number }) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const kind = ENTRY_KINDS[entry.type] ?? { label: entry.type, icon: 'circle' };
  const color = entryColor(theme, entry.type);
  const predicted = entry.at > now;
  return (
    <li className={styles.entry} data-type={entry.type}>
      <time className={styles.clock} dateTime={new Date(entry.at).toISOString()} title={formatTime(entry.at)}>
        {formatClock(entry.at, now)}
      </time>
      <span className={styles.rail}>
        <span
          className={cx(styles.dot, predicted && styles.predictedDot)}
          style={{ color, borderColor: color }}
          aria-hidden
        >
          <Icon name={kind.icon} size="sm" />
        </span>
      </span>
      <div className={styles.body}>
        <div className={styles.kind}>
          <span style={{ color }}>{kind.label}</span>
          <span>· {formatRelative(entry.at, now)}</span>
          {predicted && <span className={styles.predicted}>predicted</span>}
        </div>
        <div className={styles.text}>{entry.text}</div>
        {entry.ref && (
          <div>
            <EvidenceLink evidence={entry.ref} items={items} />
          </div>
        )}
      </div>
    </li>
  );
}

function NowMark() {
  const styles = useStyles2(getStyles);
  return (
    <li className={styles.now} aria-label="now">
      <Text variant="bodySmall" color="secondary">
        now
      </Text>
    </li>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css`
    list-style: none;
    margin: 0;
    padding: 0;
  `,
  entry: css`
    display: grid;
    grid-template-columns: 96px 28px 1fr;
    column-gap: ${theme.spacing(1)};
  `,
  clock: css`
    text-align: right;
    padding-top: 2px;
    color: ${theme.colors.text.secondary};
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  `,
  // The vertical line runs through every entry's rail; the dot sits on it.
  rail: css`
    position: relative;
    display: flex;
    justify-content: center;
    &::before {
      content: '';
      position: absolute;
      top: 0;
      bottom: 0;
      left: 50%;
      border-left: 2px solid ${theme.colors.border.weak};
    }
    li:first-child > & {
      &::before {
        top: 12px;
      }
    }
    li:last-child > & {
      &::before {
        bottom: calc(100% - 12px);
      }
    }
  `,
  dot: css`
    position: relative;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 24px;
    height: 24px;
    border-radius: 50%;
    border: 2px solid;
    background: ${theme.colors.background.primary};
  `,
  predictedDot: css`
    border-style: dashed;
  `,
  body: css`
    display: flex;
    flex-direction: column;
    gap: ${theme.spacing(0.5)};
    padding-bottom: ${theme.spacing(2)};
    min-width: 0;
  `,
  kind: css`
    display: flex;
    gap: ${theme.spacing(0.5)};
    align-items: baseline;
    font-size: ${theme.typography.bodySmall.fontSize};
    color: ${theme.colors.text.secondary};
    font-weight: ${theme.typography.fontWeightMedium};
  `,
  predicted: css`
    margin-left: ${theme.spacing(0.5)};
    padding: ${theme.spacing(0, 0.5)};
    border: 1px dashed ${theme.colors.border.strong};
    border-radius: ${theme.shape.radius.default};
  `,
  text: css`
    overflow-wrap: anywhere;
  `,
  now: css`
    display: grid;
    grid-template-columns: 96px 1fr;
    column-gap: ${theme.spacing(1)};
    align-items: center;
    margin: ${theme.spacing(0, 0, 2)};
    & > span {
      grid-column: 2;
      display: flex;
      align-items: center;
      gap: ${theme.spacing(1)};
      &::after {
        content: '';
        flex: 1;
        border-top: 1px dashed ${theme.colors.border.strong};
      }
    }
  `,
});
