// What policies are matched against: every open incident, plus the signals no open incident holds — a firing alert
// that opened none (a warning), a forecast with a threshold crossing ahead, an ongoing anomaly, a K8sGPT finding —
// each wrapped as a one-item "standalone" subject with the place its labels name. Built fresh at every matching pass
// from the same readers the incidents use.
import type { DetectionReader } from '../anomalies/detection-reader.ts';
import type { TrackedFinding } from '../findings/finding-types.ts';
import type { ForecastReader } from '../forecasts/forecast-reader.ts';
import { toIncidentAlert } from '../incidents/create-incidents.ts';
import { anomalyEvidence, forecastEvidence, type Evidence } from '../incidents/evidence.ts';
import type { IncidentFilter } from '../incidents/incident-manager.ts';
import { findingEvidence } from '../incidents/kube-evidence.ts';
import { describeScope, scopeFromLabels } from '../incidents/scope.ts';
import type { Incident, IncidentAlert, IncidentContext } from '../incidents/types.ts';
import type { AlertStore } from '../store/alert-store.ts';
import type { PolicySubject } from './policy/policy-types.ts';

export interface SubjectSources {
  incidents: { list(filter?: IncidentFilter): Incident[] };
  alerts?: Pick<AlertStore, 'list'>;
  findings?: { list(): TrackedFinding[] } | null;
  detection?: Pick<DetectionReader, 'anomalies'>;
  forecasts?: Pick<ForecastReader, 'list'>;
  /**
   * Alerts that open an incident (incidents.openOn): never standalone. One can be in the alert store a moment before
   * the incident manager has placed it; matched alone then, it would make a proposal without its incident.
   */
  opensIncident?: (alert: IncidentAlert) => boolean;
}

const EMPTY = { alerts: [], findings: [], anomalies: [], forecasts: [], events: [] };

function incidentSubject(incident: Incident): PolicySubject {
  const { id, title, severity, scope, openedAt, alerts, findings, anomalies, forecasts, events } = incident;
  return { type: 'incident', id, title, severity, scope, openedAt, alerts, findings, anomalies, forecasts, events };
}

/**
 * Returns the subject builder. A forecast has no start of its own: it is dated from the first pass that saw its
 * crossing, so the same forecast keeps the same problem start (and is not proposed for again) while it lasts.
 */
export function subjectBuilder(sources: SubjectSources): (now: number) => PolicySubject[] {
  const forecastFirstSeen = new Map<string, number>();

  return (now) => {
    const open = sources.incidents.list({ status: 'open' });
    const held = {
      alerts: new Set(open.flatMap((i) => i.alerts.map((a) => a.fingerprint))),
      findings: new Set(open.flatMap((i) => i.findings.map((f) => f.id))),
      anomalies: new Set(open.flatMap((i) => i.anomalies.map((a) => a.id))),
      forecasts: new Set(open.flatMap((i) => i.forecasts.map((f) => f.id))),
    };
    const standalone = (
      kind: 'alert' | 'finding' | 'anomaly' | 'forecast',
      evidence: Evidence<unknown>,
      id: string,
      title: string,
      openedAt: number,
      items: Partial<IncidentContext>
    ): PolicySubject => {
      const scope = scopeFromLabels(evidence.labels);
      return {
        type: 'standalone',
        id: `${kind}:${id}`,
        title: `${title} on ${describeScope(scope)}`,
        severity: 'warning',
        scope,
        openedAt,
        ...EMPTY,
        ...items,
      };
    };

    const alerts = (sources.alerts?.list({ status: 'firing' }).alerts ?? [])
      .filter((stored) => !held.alerts.has(stored.fingerprint))
      .map((stored) => toIncidentAlert({ kind: 'opened', alert: stored, previous: null }))
      .filter((alert) => !sources.opensIncident?.(alert))
      .map((alert) => {
        const subject = standalone(
          'alert',
          { labels: alert.labels, at: alert.startsAt, item: alert },
          alert.fingerprint,
          alert.alertname,
          alert.startsAt,
          { alerts: [alert] }
        );
        return { ...subject, severity: alert.severity === 'critical' ? ('critical' as const) : ('warning' as const) };
      });
    const findings = findingEvidence(sources.findings?.list() ?? [], now)
      .filter((e) => !held.findings.has(e.item.id))
      .map((e) =>
        standalone('finding', e, e.item.id, `K8sGPT ${e.item.kind} finding`, e.item.firstSeen, { findings: [e.item] })
      );
    const anomalies = anomalyEvidence(sources.detection?.anomalies().anomalies ?? [], now)
      .filter((e) => e.item.ongoing && !held.anomalies.has(e.item.id))
      .map((e) =>
        standalone('anomaly', e, e.item.id, `${e.item.kind} in ${e.item.title}`, e.item.start, { anomalies: [e.item] })
      );
    const crossing = forecastEvidence(sources.forecasts?.list().forecasts ?? []).filter(
      (e) => e.item.crossesAt >= now && !held.forecasts.has(e.item.id)
    );
    for (const id of forecastFirstSeen.keys()) {
      if (!crossing.some((e) => e.item.id === id)) {
        forecastFirstSeen.delete(id);
      }
    }
    const forecasts = crossing.map((e) => {
      const firstSeen = forecastFirstSeen.get(e.item.id) ?? now;
      forecastFirstSeen.set(e.item.id, firstSeen);
      return standalone('forecast', e, e.item.id, `${e.item.title} forecast to cross its threshold`, firstSeen, {
        forecasts: [e.item],
      });
    });
    return [...open.map(incidentSubject), ...alerts, ...findings, ...anomalies, ...forecasts];
  };
}
