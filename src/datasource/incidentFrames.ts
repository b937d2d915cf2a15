import { DataFrame, FieldType } from '@grafana/data';
import type {
  EvidenceRef,
  Incident,
  IncidentAlert,
  IncidentAnomaly,
  IncidentEvent,
  IncidentExplanation,
  IncidentFinding,
  IncidentForecast,
  IncidentSummary,
  RemediationSuggestion,
  TimelineEntry,
} from '../api/types';
import { recordsFrame } from './recordsFrame';

// Pure converters from the sidecar's incident answers to data frames: the list, and one frame per part of an
// incident (headline, explanation, suggestions, timeline, each kind of evidence) so each scene reads its own part
// of one fetch.

const { string, number, time, boolean, other } = FieldType;

/** Keeps the sidecar's order (open first, then by severity, then most recently updated). */
export function incidentListFrame(incidents: IncidentSummary[], refId?: string): DataFrame {
  return recordsFrame(
    'incidents',
    incidents,
    {
      id: string,
      title: string,
      severity: string,
      status: string,
      scope: other,
      openedAt: time,
      updatedAt: time,
      resolvedAt: time,
      cause: string,
      topSuggestion: string,
      counts: other,
    },
    refId
  );
}

const byRank = (a: RemediationSuggestion, b: RemediationSuggestion) => a.rank - b.rank;

/** The list row of an incident, as GET /api/incidents summarises it, so list and headline read alike. */
export function summarizeIncident(incident: Incident): IncidentSummary {
  const { id, title, severity, status, scope, openedAt, updatedAt, resolvedAt } = incident;
  return {
    id,
    title,
    severity,
    status,
    scope,
    openedAt,
    updatedAt,
    resolvedAt,
    cause: incident.explanation?.cause ?? null,
    topSuggestion: [...incident.suggestions].sort(byRank)[0]?.title ?? null,
    counts: {
      alerts: incident.alerts.length,
      firing: incident.alerts.filter((a) => a.status === 'firing').length,
      findings: incident.findings.length,
      anomalies: incident.anomalies.length,
      forecasts: incident.forecasts.length,
      events: incident.events.length,
    },
  };
}

/** One piece of evidence as a link's text: what it is, briefly, with the full title for hover. */
export interface EvidenceItem {
  type: EvidenceRef['type'];
  id: string;
  label: string;
  description: string;
  /** The alert's generatorURL (its rule in Prometheus or Grafana); null for every other type. */
  externalUrl: string | null;
}

const LABELS = /\s*\{([^{}]*)\}\s*$/;

/** "Workload memory (largest pod)" from "Workload memory (largest pod) {container="checkout"}". */
const withoutLabels = (title: string) => title.replace(LABELS, '') || title;

/** The labels of a series title, `{k="v", …}` at its end, as pairs. */
function titleLabels(title: string): Map<string, string> {
  const body = LABELS.exec(title)?.[1] ?? '';
  return new Map([...body.matchAll(/([\w.-]+)="([^"]*)"/g)].map(([, k, v]) => [k, v]));
}

/**
 * Short labels, except where two items of one type would read the same: those add the label values that tell
 * them apart ("Container memory vs limit · checkout-7b7gb67g55-862k6"), or their full titles when none does.
 */
function disambiguate(items: EvidenceItem[]): EvidenceItem[] {
  const groups = new Map<string, EvidenceItem[]>();
  items.forEach((i) => groups.set(`${i.type}:${i.label}`, [...(groups.get(`${i.type}:${i.label}`) ?? []), i]));
  return items.map((item) => {
    const group = groups.get(`${item.type}:${item.label}`)!;
    if (group.length === 1) {
      return item;
    }
    const labels = group.map((i) => titleLabels(i.description));
    const own = titleLabels(item.description);
    const differing = [...own.keys()].filter((k) => labels.some((l) => l.get(k) !== own.get(k)));
    const suffix = differing.map((k) => own.get(k)).join(', ');
    return { ...item, label: suffix ? `${item.label} · ${suffix}` : item.description };
  });
}

/** The sidecar's evidence id of an event (incidents/observations.ts eventEvidenceId): "<Kind>/<name>/<reason>". */
export const eventEvidenceId = (event: Pick<IncidentEvent, 'object' | 'reason'>) => `${event.object}/${event.reason}`;

/** Every piece of evidence the explanation, suggestions and timeline may point at, by type and id. */
export function evidenceItems(incident: Incident): EvidenceItem[] {
  const alertPlace = (a: IncidentAlert) => a.labels.pod ?? a.labels.node ?? a.labels.instance ?? a.labels.service;
  return disambiguate([
    ...incident.alerts.map((a) => {
      const place = alertPlace(a);
      return {
        type: 'alert' as const,
        id: a.fingerprint,
        label: place ? `${a.alertname} · ${place}` : a.alertname,
        description: a.annotations.summary ?? a.alertname,
        externalUrl: a.generatorURL,
      };
    }),
    ...incident.findings.map((f) => ({
      type: 'finding' as const,
      id: f.id,
      label: `${f.kind} ${f.name}`,
      description: `K8sGPT: ${f.kind} ${f.name}: ${f.errors[0] ?? ''}`,
      externalUrl: null,
    })),
    ...incident.anomalies.map((a) => ({
      type: 'anomaly' as const,
      id: a.id,
      label: withoutLabels(a.title),
      description: a.title,
      externalUrl: null,
    })),
    ...incident.forecasts.map((f) => ({
      type: 'forecast' as const,
      id: f.id,
      label: withoutLabels(f.title),
      description: f.title,
      externalUrl: null,
    })),
    ...incident.events.map((e) => ({
      type: 'event' as const,
      id: eventEvidenceId(e),
      label: `${e.reason} on ${e.object}`,
      description: e.message,
      externalUrl: null,
    })),
  ]);
}

export type IncidentEventRow = IncidentEvent & { evidenceId: string };

/** The frames of one incident, by query type; each converter keeps to one part of the answer. */
const INCIDENT_FRAMES = {
  incidentSummary: (i: Incident, refId?: string) => incidentListFrame([summarizeIncident(i)], refId),
  incidentExplanation: (i: Incident, refId?: string) =>
    recordsFrame<IncidentExplanation>(
      'explanation',
      i.explanation ? [i.explanation] : [],
      {
        summary: string,
        cause: string,
        details: other,
        explainer: string,
        model: string,
        generatedAt: time,
        fallbackReason: string,
      },
      refId
    ),
  incidentSuggestions: (i: Incident, refId?: string) =>
    recordsFrame<RemediationSuggestion>(
      'suggestions',
      [...i.suggestions].sort(byRank),
      {
        rank: number,
        kind: string,
        target: string,
        title: string,
        rationale: string,
        evidence: other,
        confidence: number,
      },
      refId
    ),
  // Stable sort: at equal times the sidecar's cause-before-conclusion order stays.
  incidentTimeline: (i: Incident, refId?: string) =>
    recordsFrame<TimelineEntry>(
      'timeline',
      [...i.timeline].sort((a, b) => a.at - b.at),
      { at: time, type: string, text: string, ref: other },
      refId
    ),
  incidentEvidence: (i: Incident, refId?: string) =>
    recordsFrame<EvidenceItem>(
      'evidence',
      evidenceItems(i),
      { type: string, id: string, label: string, description: string, externalUrl: string },
      refId
    ),
  // Firing first, then in the order they started.
  incidentAlerts: (i: Incident, refId?: string) =>
    recordsFrame<IncidentAlert>(
      'alerts',
      [...i.alerts].sort(
        (a, b) => Number(a.status !== 'firing') - Number(b.status !== 'firing') || a.startsAt - b.startsAt
      ),
      {
        fingerprint: string,
        alertname: string,
        status: string,
        severity: string,
        labels: other,
        annotations: other,
        startsAt: time,
        endsAt: time,
        generatorURL: string,
      },
      refId
    ),
  incidentFindings: (i: Incident, refId?: string) =>
    recordsFrame<IncidentFinding>(
      'findings',
      i.findings,
      {
        id: string,
        kind: string,
        name: string,
        severity: string,
        errors: other,
        details: string,
        parentObject: string,
        firstSeen: time,
        goneAt: time,
      },
      refId
    ),
  incidentAnomalies: (i: Incident, refId?: string) =>
    recordsFrame<IncidentAnomaly>(
      'anomalies',
      [...i.anomalies].sort((a, b) => a.start - b.start),
      { id: string, title: string, kind: string, direction: string, score: number, start: time, ongoing: boolean },
      refId
    ),
  // Soonest crossing first: the one to act on.
  incidentForecasts: (i: Incident, refId?: string) =>
    recordsFrame<IncidentForecast>(
      'forecasts',
      [...i.forecasts].sort((a, b) => a.crossesAt - b.crossesAt),
      {
        id: string,
        title: string,
        unit: string,
        current: number,
        threshold: number,
        direction: string,
        crossesAt: time,
      },
      refId
    ),
  // Most recent first, as kubectl get events users expect to scan them.
  incidentEvents: (i: Incident, refId?: string) =>
    recordsFrame<IncidentEventRow>(
      'events',
      [...i.events].sort((a, b) => b.lastSeen - a.lastSeen).map((e) => ({ ...e, evidenceId: eventEvidenceId(e) })),
      {
        reason: string,
        message: string,
        type: string,
        object: string,
        count: number,
        lastSeen: time,
        evidenceId: string,
      },
      refId
    ),
};

export type IncidentFrameType = keyof typeof INCIDENT_FRAMES;
export const INCIDENT_FRAME_TYPES = Object.keys(INCIDENT_FRAMES) as IncidentFrameType[];

export const isIncidentFrameType = (queryType: unknown): queryType is IncidentFrameType =>
  typeof queryType === 'string' && queryType in INCIDENT_FRAMES;

export function incidentFrame(queryType: IncidentFrameType, incident: Incident, refId?: string): DataFrame {
  return INCIDENT_FRAMES[queryType](incident, refId);
}
