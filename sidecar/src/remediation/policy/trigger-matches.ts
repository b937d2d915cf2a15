// Which items of a subject set a policy's trigger off: firing alerts with the labels, current K8sGPT findings of the
// kind whose errors match, ongoing anomalies, forecasts crossing soon, or the incident itself. Pure: the time is
// passed in.
import type { EvidenceRef, IncidentAlert, IncidentFinding } from '../../incidents/types.ts';
import { formatDuration } from '../../config/duration.ts';
import type { ProposalTrigger } from '../types.ts';
import type { PolicySubject, PolicyTrigger } from './policy-types.ts';
import { labelsMatch, textMatches, valueMatches } from './value-matchers.ts';

/** A forecast whose crossing passed longer ago than this no longer triggers: the alert on the crossing takes over. */
export const FORECAST_PAST_SLACK_MS = 5 * 60_000;

/** One item of the subject that set the trigger off. */
export interface TriggerMatch {
  trigger: ProposalTrigger;
  /** When this item's problem began (alert startsAt, finding firstSeen, anomaly start; the subject's opening else). */
  startedAt: number;
  evidence: EvidenceRef[];
  /** The alert whose labels name the target (an alert trigger's alert; an incident trigger's first matching one). */
  alert: IncidentAlert | null;
  /** Labels read for pod, node and HPA names: an alert trigger's labels only (an incident is read by its scope). */
  labels: Record<string, string> | null;
  finding: IncidentFinding | null;
}

/** Forecast and anomaly ids are "<job>-<12 hex digits of the labels' hash>" (forecasts/series-id.ts). */
export function seriesJob(id: string): string {
  return id.replace(/-[0-9a-f]{12}$/, '');
}

/** "shop/checkout-7d9-x2k", "node ip-10-0-1-7", "shop": where an alert's labels point. */
function alertPlace(labels: Record<string, string>): string {
  const ns = labels.namespace;
  const name =
    labels.pod ?? labels.horizontalpodautoscaler ?? labels.deployment ?? labels.service ?? labels.container ?? null;
  if (ns && name) {
    return `${ns}/${name}`;
  }
  if (labels.node) {
    return `node ${labels.node}`;
  }
  return ns ?? labels.instance ?? 'the cluster';
}

const firing = (subject: PolicySubject) =>
  subject.alerts.filter((a) => a.status === 'firing').sort((a, b) => a.startsAt - b.startsAt);

/** An alert's labels, with its alertname even where the labels left it out. */
const labelsOf = (alert: IncidentAlert) => ({ alertname: alert.alertname, ...alert.labels });

function alertMatch(alert: IncidentAlert): TriggerMatch {
  return {
    trigger: {
      type: 'alert',
      id: alert.fingerprint,
      description: `${alert.alertname} firing for ${alertPlace(alert.labels)}`,
    },
    startedAt: alert.startsAt,
    evidence: [{ type: 'alert', id: alert.fingerprint }],
    alert,
    labels: alert.labels,
    finding: null,
  };
}

function incidentMatches(spec: NonNullable<PolicyTrigger['incident']>, subject: PolicySubject): TriggerMatch[] {
  if (subject.type !== 'incident' || (spec.severity && !spec.severity.includes(subject.severity))) {
    return [];
  }
  const alerts = firing(subject).filter((a) => labelsMatch(spec.labels ?? {}, labelsOf(a)));
  if (spec.labels && alerts.length === 0) {
    return [];
  }
  const evidence: EvidenceRef[] = [
    ...firing(subject).map((a) => ({ type: 'alert' as const, id: a.fingerprint })),
    ...subject.findings.filter((f) => f.goneAt === null).map((f) => ({ type: 'finding' as const, id: f.id })),
    ...subject.anomalies.filter((a) => a.ongoing).map((a) => ({ type: 'anomaly' as const, id: a.id })),
    ...subject.forecasts.map((f) => ({ type: 'forecast' as const, id: f.id })),
  ];
  return [
    {
      trigger: { type: 'incident', id: subject.id, description: `${subject.severity} incident: ${subject.title}` },
      startedAt: subject.openedAt,
      evidence,
      alert: alerts[0] ?? null,
      labels: null,
      finding: null,
    },
  ];
}

function findingMatches(spec: NonNullable<PolicyTrigger['finding']>, subject: PolicySubject): TriggerMatch[] {
  return subject.findings
    .filter((f) => f.goneAt === null)
    .filter((f) => spec.kind === undefined || valueMatches(spec.kind, f.kind))
    .filter((f) => spec.errorMatches === undefined || f.errors.some((e) => textMatches(spec.errorMatches as string, e)))
    .sort((a, b) => a.firstSeen - b.firstSeen)
    .map((finding) => {
      const error = spec.errorMatches
        ? finding.errors.find((e) => textMatches(spec.errorMatches as string, e))
        : finding.errors[0];
      return {
        trigger: {
          type: 'finding',
          id: finding.id,
          description: `K8sGPT: ${finding.kind} ${finding.name}${error ? `: ${error}` : ''}`,
        },
        startedAt: finding.firstSeen,
        evidence: [{ type: 'finding', id: finding.id }],
        alert: null,
        labels: null,
        finding,
      };
    });
}

function anomalyMatches(spec: NonNullable<PolicyTrigger['anomaly']>, subject: PolicySubject): TriggerMatch[] {
  return subject.anomalies
    .filter((a) => a.ongoing)
    .filter((a) => spec.job === undefined || valueMatches(spec.job, seriesJob(a.id)))
    .filter((a) => spec.kinds === undefined || spec.kinds.includes(a.kind as (typeof spec.kinds)[number]))
    .filter((a) => spec.direction === undefined || a.direction === spec.direction)
    .filter((a) => spec.minScore === undefined || a.score >= spec.minScore)
    .sort((a, b) => a.start - b.start)
    .map((anomaly) => ({
      trigger: {
        type: 'anomaly',
        id: anomaly.id,
        description: `anomaly in ${anomaly.title}: ${anomaly.kind.replace('_', ' ')}${anomaly.direction ? ` ${anomaly.direction}` : ''}, score ${anomaly.score.toFixed(2)}`,
      },
      startedAt: anomaly.start,
      evidence: [{ type: 'anomaly', id: anomaly.id }],
      alert: null,
      labels: null,
      finding: null,
    }));
}

function forecastMatches(
  spec: NonNullable<PolicyTrigger['forecast']>,
  subject: PolicySubject,
  now: number
): TriggerMatch[] {
  return subject.forecasts
    .filter((f) => spec.job === undefined || valueMatches(spec.job, seriesJob(f.id)))
    .filter((f) => f.crossesAt - now < spec.timeToThresholdUnderMs && f.crossesAt >= now - FORECAST_PAST_SLACK_MS)
    .sort((a, b) => a.crossesAt - b.crossesAt)
    .map((forecast) => {
      const left = forecast.crossesAt - now;
      return {
        trigger: {
          type: 'forecast',
          id: forecast.id,
          description:
            left > 0
              ? `${forecast.title} is forecast to cross its threshold in ${formatDuration(Math.max(60_000, Math.round(left / 60_000) * 60_000))}`
              : `${forecast.title} has reached its threshold`,
          timeToThresholdUnderMs: spec.timeToThresholdUnderMs,
        },
        startedAt: subject.openedAt,
        evidence: [{ type: 'forecast', id: forecast.id }],
        alert: null,
        labels: null,
        finding: null,
      };
    });
}

/** The subject's items that set the trigger off, earliest problem first. */
export function triggerMatches(trigger: PolicyTrigger, subject: PolicySubject, now: number): TriggerMatch[] {
  if (trigger.incident) {
    return incidentMatches(trigger.incident, subject);
  }
  if (trigger.alert) {
    const labels = trigger.alert.labels;
    return firing(subject)
      .filter((a) => labelsMatch(labels, labelsOf(a)))
      .map(alertMatch);
  }
  if (trigger.finding) {
    return findingMatches(trigger.finding, subject);
  }
  if (trigger.anomaly) {
    return anomalyMatches(trigger.anomaly, subject);
  }
  if (trigger.forecast) {
    return forecastMatches(trigger.forecast, subject, now);
  }
  return [];
}
