// Keeps the incidents: critical alerts open them, related alerts join them, resolves close them, and each change
// re-gathers the evidence, re-ranks the suggestions and re-explains. All changes run through one queue, so a
// storm of webhooks never interleaves two updates of the same incident.
import { createHash } from 'node:crypto';
import { DEFAULT_CORRELATION, evidenceFor, joinTarget, type CorrelationOptions } from './correlate.ts';
import { noEvidence, type Evidence, type EvidenceSources } from './evidence.ts';
import { describeScope, mergeScopes, scopeFromLabels } from './scope.ts';
import { buildTimeline } from './timeline.ts';
import type {
  Incident,
  IncidentAlert,
  IncidentContext,
  IncidentExplanation,
  IncidentScope,
  IncidentSeverity,
  RemediationSuggestion,
} from './types.ts';

export interface IncidentStore {
  saveIncident(incident: Incident): void;
  loadIncidents(): Incident[];
}

export interface IncidentManagerLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface IncidentManagerOptions {
  sources?: EvidenceSources;
  /** Deterministic and immediate: every incident is explained by it first. */
  explain: (context: IncidentContext, now: number) => IncidentExplanation;
  /** A slower explainer (an LLM) whose answer replaces the first one when the evidence has not changed since. */
  explainLater?: (context: IncidentContext, now: number) => Promise<IncidentExplanation>;
  suggest: (context: IncidentContext) => RemediationSuggestion[];
  store?: IncidentStore;
  now?: () => number;
  /** Which firing alerts open an incident (others only join one); default: severity "critical". */
  opensIncident?: (alert: IncidentAlert) => boolean;
  correlation?: CorrelationOptions;
  logger?: IncidentManagerLogger;
  /** Called after each incident change is stored (metrics, notifications). */
  onChange?: (incident: Incident, change: 'opened' | 'updated' | 'resolved') => void;
}

export interface IncidentFilter {
  status?: Incident['status'];
  namespace?: string;
  severity?: IncidentSeverity;
}

/** What the evidence sources returned for one queued change. */
type CurrentEvidence = { [K in keyof EvidenceSources]: ReturnType<EvidenceSources[K]> };

const SEVERITY_RANK: Record<IncidentSeverity, number> = { critical: 0, warning: 1, info: 2 };

const quietLogger: IncidentManagerLogger = { info: () => {}, warn: () => {} };

export class IncidentManager {
  readonly #incidents = new Map<string, Incident>();
  // Which incident holds each alert occurrence, and the open incidents (in the order they were added, as in
  // #incidents): a storm's every alert is placed without scanning the resolved incidents kept for days. Alerts are
  // only ever added to incidents and incidents never removed, so both stay exact.
  readonly #byOccurrence = new Map<string, Incident>();
  readonly #open = new Set<Incident>();
  readonly #options: IncidentManagerOptions;
  readonly #now: () => number;
  readonly #log: IncidentManagerLogger;
  #queue: Promise<void> = Promise.resolve();

  constructor(options: IncidentManagerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#log = options.logger ?? quietLogger;
    for (const incident of options.store?.loadIncidents() ?? []) {
      this.#incidents.set(incident.id, incident);
      this.#index(incident);
    }
  }

  /** Takes one webhook's alerts; resolves once the incidents they touch are stored and explained. */
  handleAlerts(alerts: readonly IncidentAlert[]): Promise<void> {
    return this.#enqueue(() => {
      const touched = new Set<Incident>();
      for (const alert of alerts) {
        const incident = this.#place(alert);
        if (incident) {
          touched.add(incident);
        }
      }
      const evidence = this.#evidenceOnce();
      for (const incident of touched) {
        this.#rebuild(incident, evidence);
      }
    });
  }

  /** Re-gathers evidence for the open incidents (a finding appeared or went, an anomaly started or ended). */
  refresh(): Promise<void> {
    return this.#enqueue(() => {
      const evidence = this.#evidenceOnce();
      for (const incident of this.#open) {
        this.#rebuild(incident, evidence);
      }
    });
  }

  /** Open first, then most severe, then most recently updated. */
  list(filter: IncidentFilter = {}): Incident[] {
    return [...this.#incidents.values()]
      .filter(
        (incident) =>
          (filter.status === undefined || incident.status === filter.status) &&
          (filter.namespace === undefined || incident.scope.namespace === filter.namespace) &&
          (filter.severity === undefined || incident.severity === filter.severity)
      )
      .sort(
        (a, b) =>
          Number(a.status === 'resolved') - Number(b.status === 'resolved') ||
          SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
          b.updatedAt - a.updatedAt
      );
  }

  get(id: string): Incident | undefined {
    return this.#incidents.get(id);
  }

  /** Resolves when every queued change has been applied (tests, shutdown). */
  idle(): Promise<void> {
    return this.#queue;
  }

  #enqueue(work: () => void): Promise<void> {
    const run = this.#queue.then(work);
    // One failed update must not stop the ones queued after it.
    this.#queue = run.catch((error: unknown) => {
      this.#log.warn({ error: (error as Error).message }, 'incident update failed');
    });
    return run;
  }

  /**
   * Adds or updates the alert in its incident, opening one for a new critical alert; null when it opens nothing.
   * The same as correlate's incidentForAlert over every incident: an alert already in an incident (a repeat, its
   * resolve) stays there, even a resolved one; a new one joins the open incident about its place.
   */
  #place(alert: IncidentAlert): Incident | null {
    const key = occurrenceKey(alert);
    const existing = this.#byOccurrence.get(key) ?? joinTarget([...this.#open], alert, this.#correlation);
    if (existing) {
      const index = existing.alerts.findIndex(
        (a) => a.fingerprint === alert.fingerprint && a.startsAt === alert.startsAt
      );
      if (index === -1) {
        existing.alerts.push(alert);
        this.#byOccurrence.set(key, existing);
      } else if (existing.alerts[index].status === 'firing' || alert.status === 'resolved') {
        // A late "firing" after the resolve (Alertmanager retries deliver out of order) must not reopen it.
        existing.alerts[index] = alert;
      }
      return existing;
    }
    if (alert.status !== 'firing' || !(this.#options.opensIncident ?? isCritical)(alert)) {
      return null;
    }
    const incident = newIncident(alert);
    this.#incidents.set(incident.id, incident);
    this.#index(incident);
    return incident;
  }

  #index(incident: Incident): void {
    for (const alert of incident.alerts) {
      const key = occurrenceKey(alert);
      if (!this.#byOccurrence.has(key)) {
        this.#byOccurrence.set(key, incident);
      }
    }
    if (incident.status === 'open') {
      this.#open.add(incident);
    }
  }

  #rebuild(incident: Incident, evidence: () => CurrentEvidence): void {
    const now = this.#now();
    const wasOpen = incident.status === 'open';
    const isNew = incident.explanation === null;
    incident.scope = incident.alerts.map((a) => scopeFromLabels(a.labels)).reduce(mergeScopes);
    incident.severity = incident.alerts
      .map((a) => severityOf(a.severity))
      .sort((a, b) => SEVERITY_RANK[a] - SEVERITY_RANK[b])[0];
    const firing = incident.alerts.some((a) => a.status === 'firing');
    incident.status = firing ? 'open' : 'resolved';
    if (firing) {
      this.#open.add(incident);
    } else {
      this.#open.delete(incident);
    }
    incident.resolvedAt = firing ? null : Math.max(...incident.alerts.map((a) => a.endsAt ?? now));
    if (wasOpen || isNew) {
      this.#gatherEvidence(incident, evidence());
    }
    const context = contextOf(incident);
    incident.suggestions = incident.status === 'open' ? this.#options.suggest(context) : [];
    incident.timeline = buildTimeline(context, incident.suggestions, incident.resolvedAt);
    incident.explanation = this.#options.explain(context, now);
    incident.updatedAt = now;
    this.#save(incident, isNew ? 'opened' : incident.status === 'resolved' && wasOpen ? 'resolved' : 'updated');
    if (this.#options.explainLater && incident.status === 'open') {
      this.#explainLater(incident, context);
    }
  }

  // Evidence is only gathered while an incident is open: a resolved incident keeps what explained it.
  #gatherEvidence(incident: Incident, evidence: CurrentEvidence): void {
    const pick = <T>(items: Array<Evidence<T>>) =>
      evidenceFor(incident.scope, incident.openedAt, items, this.#correlation).map((e) => e.item);
    incident.findings = pick(evidence.findings);
    incident.anomalies = pick(evidence.anomalies);
    incident.forecasts = pick(evidence.forecasts);
    incident.events = pick(evidence.events);
  }

  /** The sources read at most once per queued change, however many incidents it rebuilds (a storm, a refresh). */
  #evidenceOnce(): () => CurrentEvidence {
    const sources = this.#options.sources ?? noEvidence;
    let read: CurrentEvidence | undefined;
    return () =>
      (read ??= {
        findings: sources.findings(),
        anomalies: sources.anomalies(),
        forecasts: sources.forecasts(),
        events: sources.events(),
      });
  }

  #explainLater(incident: Incident, context: IncidentContext): void {
    const asked = JSON.stringify(context);
    this.#options.explainLater!(context, this.#now()).then(
      (explanation) =>
        this.#enqueue(() => {
          // The evidence moved on while the provider was thinking: a newer request is already on its way.
          if (JSON.stringify(contextOf(incident)) !== asked) {
            return;
          }
          incident.explanation = explanation;
          this.#save(incident, 'updated');
        }),
      (error: unknown) => this.#log.warn({ incident: incident.id, error: (error as Error).message }, 'explainer failed')
    );
  }

  #save(incident: Incident, change: 'opened' | 'updated' | 'resolved'): void {
    try {
      this.#options.store?.saveIncident(incident);
    } catch (error) {
      this.#log.warn({ incident: incident.id, error: (error as Error).message }, 'could not store incident');
    }
    this.#log.info({ incident: incident.id, change, alerts: incident.alerts.length }, `incident ${change}`);
    this.#options.onChange?.(incident, change);
  }

  get #correlation(): CorrelationOptions {
    return this.#options.correlation ?? DEFAULT_CORRELATION;
  }
}

function occurrenceKey(alert: Pick<IncidentAlert, 'fingerprint' | 'startsAt'>): string {
  return `${alert.fingerprint}@${alert.startsAt}`;
}

function isCritical(alert: IncidentAlert): boolean {
  return alert.severity === 'critical';
}

function severityOf(severity: string | null): IncidentSeverity {
  if (severity === 'critical' || severity === 'page') {
    return 'critical';
  }
  if (severity === 'warning' || severity === 'ticket') {
    return 'warning';
  }
  return 'info';
}

/** Stable across restarts and replays: the same first alert always names the same incident. */
function incidentId(alert: IncidentAlert): string {
  return `inc-${createHash('sha256').update(`${alert.fingerprint}@${alert.startsAt}`).digest('hex').slice(0, 12)}`;
}

function newIncident(alert: IncidentAlert): Incident {
  const scope: IncidentScope = scopeFromLabels(alert.labels);
  return {
    id: incidentId(alert),
    title: `${alert.alertname} on ${describeScope(scope)}`,
    severity: severityOf(alert.severity),
    scope,
    openedAt: alert.startsAt,
    alerts: [alert],
    findings: [],
    anomalies: [],
    forecasts: [],
    events: [],
    status: 'open',
    updatedAt: alert.startsAt,
    resolvedAt: null,
    timeline: [],
    explanation: null,
    suggestions: [],
  };
}

function contextOf(incident: Incident): IncidentContext {
  const { id, title, severity, scope, openedAt, alerts, findings, anomalies, forecasts, events } = incident;
  return { id, title, severity, scope, openedAt, alerts, findings, anomalies, forecasts, events };
}
