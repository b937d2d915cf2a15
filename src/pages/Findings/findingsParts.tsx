import React from 'react';
import { GrafanaTheme2, IconName } from '@grafana/data';
import { Badge, BadgeColor } from '@grafana/ui';
import type { IncidentSeverity, IncidentSummary, TimelineEntry } from '../../api/types';
import { formatRelative } from '../../shared/formatCrossing';
import { formatTime } from './findingsFormat';

// Small pieces the incident list, the incident page and the findings tab share.

const SEVERITY_BADGE: Record<IncidentSeverity, { color: BadgeColor; icon: IconName }> = {
  critical: { color: 'red', icon: 'fire' },
  warning: { color: 'orange', icon: 'exclamation-triangle' },
  info: { color: 'blue', icon: 'info-circle' },
};

/** The severity as a coloured badge; `title` explains it on hover (e.g. the K8sGPT severity rule). */
export function SeverityBadge({ severity, title }: { severity: IncidentSeverity; title?: string }) {
  const { color, icon } = SEVERITY_BADGE[severity] ?? { color: 'darkgrey', icon: 'question-circle' };
  return (
    <span title={title}>
      <Badge text={severity} color={color} icon={icon} />
    </span>
  );
}

export function IncidentStatusBadge({ status }: { status: IncidentSummary['status'] }) {
  return status === 'open' ? (
    <Badge text="open" color="orange" icon="bell" />
  ) : (
    <Badge text="resolved" color="green" icon="check" />
  );
}

/** "12m ago" (or "in 16m" for a predicted time), the wall-clock time on hover. */
export function TimeAgo({ at, now, prefix = '' }: { at: number; now: number; prefix?: string }) {
  return (
    <span title={formatTime(at)}>
      {prefix}
      {formatRelative(at, now)}
    </span>
  );
}

export type EntryType = TimelineEntry['type'];

/** How each kind of evidence and timeline entry looks: one icon and one colour, the same everywhere. */
export const ENTRY_KINDS: Record<EntryType, { label: string; icon: IconName; color: string }> = {
  alert: { label: 'Alert', icon: 'bell', color: 'red' },
  finding: { label: 'K8sGPT finding', icon: 'bug', color: 'orange' },
  anomaly: { label: 'Anomaly', icon: 'bolt', color: 'purple' },
  forecast: { label: 'Forecast', icon: 'chart-line', color: 'blue' },
  event: { label: 'Kubernetes event', icon: 'kubernetes', color: 'yellow' },
  suggestion: { label: 'Suggestion', icon: 'arrow-circle-right', color: 'green' },
  resolved: { label: 'Resolved', icon: 'check-circle', color: 'green' },
};

export const entryColor = (theme: GrafanaTheme2, type: EntryType) =>
  theme.visualization.getColorByName(ENTRY_KINDS[type]?.color ?? 'gray');

/** The element id a piece of evidence gets on the incident page, so links can jump to it. */
export const evidenceAnchor = (type: string, id: string) => `evidence-${type}-${id.replace(/\s+/g, '_')}`;
