// Which incident an alert belongs to, and which evidence belongs to an incident. Pure: the incident manager
// owns the state and calls these with it.
import { scopeFromLabels, scopesOverlap } from './scope.ts';
import type { IncidentAlert, IncidentScope } from './types.ts';

export interface CorrelationOptions {
  /** An alert joins an open incident about the same place when it starts within this long of the incident's
   * last activity; later, the same place has had time to recover and a new alert is a new incident. */
  joinWindowMs: number;
  /** Evidence older than this before the incident opened is not considered its cause. */
  lookbackMs: number;
}

export const DEFAULT_CORRELATION: CorrelationOptions = { joinWindowMs: 30 * 60_000, lookbackMs: 60 * 60_000 };

/** The part of an incident correlation reads. */
export interface CorrelationTarget {
  id: string;
  status: 'open' | 'resolved';
  scope: IncidentScope;
  openedAt: number;
  updatedAt: number;
  alerts: Array<Pick<IncidentAlert, 'fingerprint' | 'startsAt'>>;
}

/**
 * The open incident `alert` joins, or null when it opens a new one. An alert already in an incident (a repeat
 * notification, its resolve) stays there; otherwise the open incident about an overlapping place with the most
 * recent activity wins, so a second problem in the same workload hours later does not reopen an old story.
 */
export function incidentForAlert<T extends CorrelationTarget>(
  incidents: readonly T[],
  alert: Pick<IncidentAlert, 'fingerprint' | 'startsAt' | 'labels'>,
  options: CorrelationOptions = DEFAULT_CORRELATION
): T | null {
  const known = incidents.find((incident) =>
    incident.alerts.some((a) => a.fingerprint === alert.fingerprint && a.startsAt === alert.startsAt)
  );
  return known ?? joinTarget(incidents, alert, options);
}

/**
 * The open incident a new alert (one in no incident yet) joins, or null: the one about an overlapping place with
 * the most recent activity, within the join window. incidentForAlert without the look-up of known alerts, for a
 * caller that indexes them itself.
 */
export function joinTarget<T extends CorrelationTarget>(
  incidents: readonly T[],
  alert: Pick<IncidentAlert, 'startsAt' | 'labels'>,
  options: CorrelationOptions = DEFAULT_CORRELATION
): T | null {
  const scope = scopeFromLabels(alert.labels);
  const candidates = incidents.filter(
    (incident) =>
      incident.status === 'open' &&
      alert.startsAt <= incident.updatedAt + options.joinWindowMs &&
      alert.startsAt >= incident.openedAt - options.joinWindowMs &&
      scopesOverlap(incident.scope, scope)
  );
  return candidates.sort((a, b) => b.updatedAt - a.updatedAt)[0] ?? null;
}

/** Evidence with labels and the time it started (or was last seen). */
export interface LabelledEvidence {
  labels: Record<string, string>;
  at: number;
}

/** The evidence about the incident's place from its lookback before the incident opened until now. */
export function evidenceFor<E extends LabelledEvidence>(
  scope: IncidentScope,
  openedAt: number,
  evidence: readonly E[],
  options: CorrelationOptions = DEFAULT_CORRELATION
): E[] {
  return evidence.filter(
    (item) => item.at >= openedAt - options.lookbackMs && scopesOverlap(scope, scopeFromLabels(item.labels))
  );
}
