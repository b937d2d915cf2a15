// The incident's story in time order: alert → findings → anomalies → forecasts → events → suggestions → resolved.
import type { IncidentContext, RemediationSuggestion, TimelineEntry } from './types.ts';

// At equal times the story reads cause-first: what was observed before what was concluded from it.
const ORDER: Record<TimelineEntry['type'], number> = {
  anomaly: 0,
  forecast: 1,
  event: 2,
  finding: 3,
  alert: 4,
  suggestion: 5,
  resolved: 6,
};

export function buildTimeline(
  context: IncidentContext,
  suggestions: readonly RemediationSuggestion[],
  resolvedAt: number | null
): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...context.alerts.flatMap((alert): TimelineEntry[] => [
      {
        at: alert.startsAt,
        type: 'alert',
        text: `${alert.alertname} fired${alert.annotations.summary ? `: ${alert.annotations.summary}` : ''}`,
        ref: { type: 'alert', id: alert.fingerprint },
      },
      ...(alert.status === 'resolved' && alert.endsAt !== null
        ? [
            {
              at: alert.endsAt,
              type: 'alert' as const,
              text: `${alert.alertname} resolved`,
              ref: { type: 'alert' as const, id: alert.fingerprint },
            },
          ]
        : []),
    ]),
    ...context.findings.map((finding): TimelineEntry => ({
      at: finding.firstSeen,
      type: 'finding',
      text: `K8sGPT: ${finding.kind} ${finding.name}: ${finding.errors[0] ?? 'problem detected'}`,
      ref: { type: 'finding', id: finding.id },
    })),
    ...context.anomalies.map((anomaly): TimelineEntry => ({
      at: anomaly.start,
      type: 'anomaly',
      text: `${anomaly.title}: ${anomaly.kind}${anomaly.direction ? ` ${anomaly.direction}` : ''}${anomaly.ongoing ? ' (ongoing)' : ''}`,
      ref: { type: 'anomaly', id: anomaly.id },
    })),
    ...context.forecasts.map((forecast): TimelineEntry => ({
      at: forecast.crossesAt,
      type: 'forecast',
      text: `${forecast.title} forecast to cross its threshold`,
      ref: { type: 'forecast', id: forecast.id },
    })),
    ...context.events.map((event): TimelineEntry => ({
      at: event.lastSeen,
      type: 'event',
      text: `${event.reason} on ${event.object}: ${event.message}${event.count > 1 ? ` (×${event.count})` : ''}`,
      ref: { type: 'event', id: `${event.object}/${event.reason}` },
    })),
    ...suggestions.slice(0, 1).map((suggestion): TimelineEntry => ({
      at: context.openedAt,
      type: 'suggestion',
      text: `Suggested: ${suggestion.title}`,
      ref: null,
    })),
    ...(resolvedAt === null
      ? []
      : [{ at: resolvedAt, type: 'resolved' as const, text: 'Incident resolved', ref: null }]),
  ];
  return entries.sort((a, b) => a.at - b.at || ORDER[a.type] - ORDER[b.type]);
}
