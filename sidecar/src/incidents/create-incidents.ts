// Wires the incident pipeline over the rest of the service: the Kubernetes source (simulated in demo mode) with
// its K8sGPT findings and Events, the explainer, the incident manager fed by the alert receiver's changes, periodic
// refreshes and pruning, incident metrics, and the routes of the Findings page. The service and tests build it so.
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { AlertChange, AlertEvents } from '../alerts/alert-events.ts';
import type { DetectionReader } from '../anomalies/detection-reader.ts';
import type { Config } from '../config/index.ts';
import { FindingsWatcher } from '../findings/findings-watcher.ts';
import { registerFindingsRoutes } from '../findings/findings-routes.ts';
import { K8sGptAnalyzeClient } from '../findings/k8sgpt-analyze-client.ts';
import type { ForecastReader } from '../forecasts/forecast-reader.ts';
import type { Logger } from '../forecasts/logger.ts';
import { createKubernetesSource } from '../sources/kubernetes/index.ts';
import { RecentEvents } from '../sources/kubernetes/recent-events.ts';
import type { KubernetesSource } from '../sources/kubernetes/types.ts';
import type { SimulatedCluster } from '../sources/simulator/cluster.ts';
import type { SqliteIncidentStore } from '../store/sqlite-incident-store.ts';
import { explainBuiltIn } from './built-in-explainer.ts';
import { anomalyEvidence, forecastEvidence, type EvidenceSources } from './evidence.ts';
import { createExplainer } from './explainer.ts';
import { IncidentManager } from './incident-manager.ts';
import { registerIncidentRoutes } from './incident-routes.ts';
import { eventEvidence, findingEvidence } from './kube-evidence.ts';
import { suggestRemediations } from './suggest-remediations.ts';
import type { Incident, IncidentAlert } from './types.ts';

/** Resolved incidents are kept this long, then pruned. */
const RESOLVED_RETENTION_MS = 7 * 24 * 3_600_000;

export interface IncidentsOptions {
  config: Config;
  /** The simulated cluster (demo mode), or null to use the Kubernetes API when config.kubernetes.enabled. */
  cluster: SimulatedCluster | null;
  store: SqliteIncidentStore;
  alertEvents: AlertEvents;
  detection: DetectionReader;
  forecasts: ForecastReader;
  registry: Registry;
  logger: Logger;
  clock?: () => number;
}

export interface Incidents {
  manager: IncidentManager;
  findings: FindingsWatcher | null;
  events: RecentEvents | null;
  registerRoutes(app: FastifyInstance): void;
  /** Calls `listener` after each incident change is stored (remediation matches policies then); returns unsubscribe. */
  subscribe(listener: IncidentChangeListener): () => void;
  start(): void;
  stop(): Promise<void>;
}

export type IncidentChangeListener = (incident: Incident, change: 'opened' | 'updated' | 'resolved') => void;

export function toIncidentAlert(change: AlertChange): IncidentAlert {
  const { alert } = change;
  return {
    fingerprint: alert.fingerprint,
    alertname: alert.alertname ?? alert.labels.alertname ?? 'unnamed alert',
    status: alert.status,
    severity: alert.severity,
    labels: alert.labels,
    annotations: alert.annotations,
    startsAt: alert.startsAt,
    endsAt: alert.endsAt,
    generatorURL: alert.generatorURL,
  };
}

function kubernetesSource(options: IncidentsOptions): KubernetesSource | null {
  const { config, cluster, logger, clock } = options;
  if (!cluster && !config.kubernetes.enabled) {
    return null;
  }
  return createKubernetesSource({
    simulator: cluster,
    kubeconfig: config.kubernetes.kubeconfig || null,
    context: config.kubernetes.context || null,
    resultsNamespace: config.kubernetes.resultsNamespace || null,
    logger,
    clock,
  }).source;
}

export function createIncidents(options: IncidentsOptions): Incidents {
  const { config, logger, registry } = options;
  const clock = options.clock ?? Date.now;
  const kube = kubernetesSource(options);
  const findings = kube ? new FindingsWatcher({ source: kube, logger, clock }) : null;
  const events = kube
    ? new RecentEvents({ source: kube, logger, clock, retentionMs: config.kubernetes.eventRetentionMs })
    : null;
  const sources: EvidenceSources = {
    findings: () => findingEvidence(findings?.list() ?? [], clock()),
    events: () => eventEvidence(events?.list() ?? []),
    anomalies: () => anomalyEvidence(options.detection.anomalies().anomalies, clock()),
    forecasts: () => forecastEvidence(options.forecasts.list().forecasts),
  };
  let openCount = () => 0;
  const metrics = incidentMetrics(registry, () => openCount());
  const explainerConfig = config.incidents.explainer;
  const explainer = createExplainer(
    { ...explainerConfig, baseUrl: explainerConfig.baseUrl || undefined },
    metrics.explainer
  );
  const openOn = new Set(config.incidents.openOn);
  const listeners = new Set<IncidentChangeListener>();
  const manager = new IncidentManager({
    sources,
    explain: explainBuiltIn,
    explainLater: explainer.name === 'built-in' ? undefined : (context, now) => explainer.explain(context, now),
    suggest: suggestRemediations,
    store: options.store,
    now: clock,
    opensIncident: (alert) => alert.severity !== null && openOn.has(alert.severity),
    correlation: { joinWindowMs: config.incidents.joinWindowMs, lookbackMs: config.incidents.lookbackMs },
    logger,
    onChange: (incident, change) => {
      metrics.changes.inc({ change });
      if (change === 'opened') {
        metrics.explainSeconds.observe(Math.max(0, clock() - incident.openedAt) / 1000);
      }
      listeners.forEach((listener) => listener(incident, change));
    },
  });
  openCount = () => manager.list({ status: 'open' }).length;
  const analyze = config.k8sgpt.analyzeUrl
    ? new K8sGptAnalyzeClient({ url: config.k8sgpt.analyzeUrl, timeoutMs: config.k8sgpt.analyzeTimeoutMs })
    : null;

  let unsubscribe: Array<() => void> = [];
  let timer: NodeJS.Timeout | null = null;
  let firstResults: NodeJS.Timeout | null = null;
  let refreshQueued = false;
  // Findings arrive in bursts (a relist, a rollout): one refresh per burst is enough.
  const refreshSoon = () => {
    if (refreshQueued) {
      return;
    }
    refreshQueued = true;
    setTimeout(() => {
      refreshQueued = false;
      void manager.refresh();
    }, 1_000).unref();
  };
  const tick = () => {
    void manager.refresh();
    options.store.pruneResolved(clock() - RESOLVED_RETENTION_MS);
  };

  return {
    manager,
    findings,
    events,
    registerRoutes: (app) => {
      registerIncidentRoutes(app, manager);
      registerFindingsRoutes(app, { findings, health: () => kube?.health() ?? null, analyze });
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start: () => {
      unsubscribe = [
        options.alertEvents.subscribe({
          name: 'incidents',
          onAlertChange: (change) => manager.handleAlerts([toIncidentAlert(change)]),
          onAlertChanges: (changes) => manager.handleAlerts(changes.map(toIncidentAlert)),
        }),
        ...(findings ? [findings.subscribe(refreshSoon)] : []),
      ];
      findings?.start();
      events?.start();
      timer = setInterval(tick, config.incidents.refreshIntervalMs);
      timer.unref();
      // Incidents opened before the first forecasts and anomalies exist (at start-up) gather them as soon as the
      // jobs have run once, rather than a refresh interval later.
      firstResults = setInterval(() => {
        if (options.forecasts.ready() && options.detection.ready()) {
          clearInterval(firstResults!);
          firstResults = null;
          void manager.refresh();
        }
      }, 1_000);
      firstResults.unref();
    },
    stop: async () => {
      if (timer) {
        clearInterval(timer);
      }
      if (firstResults) {
        clearInterval(firstResults);
      }
      unsubscribe.forEach((fn) => fn());
      await Promise.all([findings?.stop(), events?.stop()]);
      await manager.idle();
    },
  };
}

function incidentMetrics(registry: Registry, openCount: () => number) {
  const changes = new Counter({
    name: 'prophet_incident_changes_total',
    help: 'Incident changes: opened, updated (an alert joined or resolved, evidence changed), resolved',
    labelNames: ['change'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'prophet_incidents_open',
    help: 'Open incidents',
    registers: [registry],
    collect() {
      this.set(openCount());
    },
  });
  const explainSeconds = new Histogram({
    name: 'prophet_incident_open_delay_seconds',
    help: 'From the alert starting to its incident being opened and explained (includes Alertmanager group_wait)',
    buckets: [1, 5, 15, 30, 60, 120, 300, 600],
    registers: [registry],
  });
  const calls = new Counter({
    name: 'prophet_explainer_calls_total',
    help: 'Requests sent to the LLM explainer',
    labelNames: ['provider'] as const,
    registers: [registry],
  });
  const fallbacks = new Counter({
    name: 'prophet_explainer_fallbacks_total',
    help: 'Built-in explanations used because the LLM provider failed, by reason',
    labelNames: ['provider', 'reason'] as const,
    registers: [registry],
  });
  const cacheHits = new Counter({
    name: 'prophet_explainer_cache_hits_total',
    help: 'Explanations served from the cache or a call already under way',
    labelNames: ['provider'] as const,
    registers: [registry],
  });
  return {
    changes,
    explainSeconds,
    explainer: {
      providerCall: (provider: string) => calls.inc({ provider }),
      fallback: (provider: string, reason: string) => fallbacks.inc({ provider, reason }),
      cacheHit: (provider: string) => cacheHits.inc({ provider }),
    },
  };
}
