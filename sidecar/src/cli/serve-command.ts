// `serve` and `demo`: wire the metric source, store, forecast/detection/SLO jobs, alert receiver, incidents and the
// HTTP app together and listen.
import { randomBytes } from 'node:crypto';
import { Registry } from 'prom-client';
import { buildApp, closeGracefully, createLogger } from '../api/index.ts';
import type { Config } from '../config/index.ts';
import { registerDetectionMetrics } from '../anomalies/anomaly-metrics.ts';
import { DetectionJobs } from '../anomalies/detection-jobs.ts';
import { ForecastJobs } from '../forecasts/forecast-jobs.ts';
import { registerForecastMetrics } from '../forecasts/forecast-metrics.ts';
import { createMetricSource } from '../sources/index.ts';
import { registerSimulatorRoutes } from '../sources/simulator/simulator-routes.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import { createAlerting, WEBHOOK_PATH, type AlertEvents } from '../alerts/index.ts';
import { registerSloMetrics, SloJobs } from '../slos/index.ts';
import { createIncidents, type Incidents } from '../incidents/create-incidents.ts';
import { SimulatedAlertmanager } from '../alerts/simulated-alertmanager.ts';
import { liveSimulatedAlerts } from '../sources/simulator/simulated-alerts.ts';
import type { RemediationBackend } from '../remediation/backend.ts';
import type { SimulatedCluster } from '../sources/simulator/cluster.ts';
import { createRemediation, type Remediation } from '../remediation/create-remediation.ts';
import { chooseRemediationBackend } from '../remediation/remediation-backends.ts';
import { printDetectionSummary, printSoonestExhaustions } from './print-summary.ts';
import { VERSION } from './version.ts';

export interface RunningService {
  url: string;
  token: string;
  jobs: ForecastJobs;
  detection: DetectionJobs;
  slos: SloJobs;
  /** The Alertmanager webhook's token ("" when the webhook is disabled). */
  webhookToken: string;
  /** Alert changes from the webhook: subscribe to react to them (incidents). */
  alertEvents: AlertEvents;
  /** Incidents opened by critical alerts, K8sGPT findings and Kubernetes events. */
  incidents: Incidents;
  /** Remediation proposals, approvals, executions and their audit log. */
  remediation: Remediation;
  /** Demo mode: the simulated cluster and its Alertmanager (null when simulator.alerts is off); null in live mode. */
  simulator: { cluster: SimulatedCluster; alertmanager: SimulatedAlertmanager | null } | null;
  close(): Promise<void>;
}

export interface ServeOptions {
  mode: 'demo' | 'live';
  /** Install SIGTERM/SIGINT handlers that close gracefully and exit (the CLI); tests call close() instead. */
  handleSignals: boolean;
  /** Print the URL, token and soonest exhaustions for a person at a terminal. */
  announce: boolean;
  clock?: () => number;
  /** When the simulated cluster's incident timeline starts; defaults to start-up minus config.simulator.startAtMs. */
  anchorMs?: number;
  /**
   * Tests only: carry out remediation actions with this backend (reported as the simulator) instead of the one the
   * mode and config choose — e.g. a step that blocks, so a test can kill the process in the middle of it.
   */
  remediationBackend?: RemediationBackend;
}

export async function startService(config: Config, options: ServeOptions): Promise<RunningService> {
  const logger = createLogger(config.server.logLevel);
  // Demo mode works with nothing configured: a fresh random token, printed once, guards the API all the same.
  const token = config.server.token || randomBytes(24).toString('base64url');
  // Likewise the Alertmanager webhook in demo mode; in live mode it stays disabled (503) until a token is configured.
  const webhookToken =
    config.alertmanager.webhookToken || (options.mode === 'demo' ? randomBytes(24).toString('base64url') : '');
  const resolved: Config = {
    ...config,
    server: { ...config.server, token },
    alertmanager: { ...config.alertmanager, webhookToken },
  };
  const anchorMs = options.anchorMs ?? (options.clock ?? Date.now)() - config.simulator.startAtMs;
  const { source, cluster } = createMetricSource({
    prometheus: options.mode === 'live' && config.prometheus.url ? config.prometheus : undefined,
    simulator: { seed: config.simulator.seed, anchorMs },
  });
  const store = new SqliteStore(config.store.sqlitePath, logger);
  const registry = new Registry();
  const alerting = createAlerting({ store: store.alerts, registry, logger, clock: options.clock });
  const jobs = new ForecastJobs({
    jobs: config.forecasts.jobs,
    capacity: config.capacity,
    source,
    store: store.forecasts,
    logger,
    clock: options.clock,
  });
  registerForecastMetrics(registry, jobs, options.clock);
  const detection = new DetectionJobs({
    anomalyJobs: config.anomalies.jobs,
    outlierJobs: config.outliers.jobs,
    source,
    logger,
    clock: options.clock,
    forecastJobs: config.forecasts.jobs,
    forecastExists: (id) => jobs.get(id) !== undefined,
  });
  const outlierSteps = new Map(config.outliers.jobs.map((job) => [job.name, job.stepMs]));
  registerDetectionMetrics(registry, detection, (job) => outlierSteps.get(job) ?? 300_000);
  for (const warning of config.slos.warnings) {
    logger.warn({ sloWarning: true }, warning);
  }
  const slos = new SloJobs({
    slos: config.slos.specs,
    sourceOf: config.slos.sourceOf,
    source,
    logger,
    clock: options.clock,
    rules: { periodInterval: config.slos.rules.periodInterval, sources: config.slos.sources },
  });
  registerSloMetrics(registry, slos);
  const incidents = createIncidents({
    config: resolved,
    cluster,
    store: store.incidents,
    alertEvents: alerting.events,
    detection,
    forecasts: jobs,
    registry,
    logger,
    clock: options.clock,
  });
  // Demo mode has no Alertmanager: the simulated cluster's alerts reach the same receiver the webhook feeds.
  const simulatedAlertmanager =
    cluster && config.simulator.alerts
      ? new SimulatedAlertmanager({
          alerts: liveSimulatedAlerts(cluster),
          receiver: alerting.receiver,
          clock: options.clock,
        })
      : null;
  const remediation = createRemediation({
    config: resolved,
    store: store.remediation,
    backend: options.remediationBackend
      ? { backend: options.remediationBackend, kind: 'simulator' }
      : chooseRemediationBackend({
          config: resolved,
          cluster,
          simulatedAlertmanager,
          logger,
          clock: options.clock,
          history: store.remediation,
        }),
    incidents,
    alerts: store.alerts,
    detection,
    forecasts: jobs,
    registry,
    logger,
    clock: options.clock,
  });

  const app = buildApp({
    config: resolved,
    logger,
    forecasts: jobs,
    detection,
    slos,
    sourceHealth: () => source.health(),
    mode: cluster ? 'demo' : 'live',
    version: VERSION,
    registry,
    alerts: alerting,
    extraRoutes: (routes) => {
      incidents.registerRoutes(routes);
      remediation.registerRoutes(routes);
      if (cluster) {
        registerSimulatorRoutes(routes, cluster);
      }
    },
  });
  const shutdown = async () => {
    simulatedAlertmanager?.stop();
    // Listeners may still read the store for alerts received before the server closed.
    await Promise.all([jobs.stop(), detection.stop(), slos.stop(), alerting.events.idle()]);
    await incidents.stop();
    // After incidents: no more changes to react to; waits for executions under way to record their step.
    await remediation.stop();
    store.close();
  };
  if (options.handleSignals) {
    closeGracefully(app, { onClose: shutdown });
  }
  const address = await app.listen({ host: config.server.host, port: config.server.port });
  const url = address.replace('[::1]', 'localhost');
  logger.info({ url, mode: cluster ? 'demo' : 'live', source: source.health().kind }, 'sidecar listening');

  if (!webhookToken) {
    logger.info(
      { path: WEBHOOK_PATH },
      'Alertmanager webhook disabled: set PROPHET_ALERTMANAGER_TOKEN(_FILE) or alertmanager.webhookToken(File)'
    );
  }
  if (options.announce) {
    printSoonestExhaustions(jobs, { url, token, showToken: !config.server.token, demo: Boolean(cluster) });
    if (webhookToken && !config.alertmanager.webhookToken) {
      process.stdout.write(
        `Alertmanager webhook: POST ${url}${WEBHOOK_PATH} with Authorization: Bearer ${webhookToken} (generated for this run)\n`
      );
    }
    printDetectionSummary(detection);
  }
  jobs.start();
  detection.start();
  slos.start();
  incidents.start();
  remediation.start();
  simulatedAlertmanager?.start();
  return {
    url,
    token,
    jobs,
    detection,
    slos,
    webhookToken,
    alertEvents: alerting.events,
    incidents,
    remediation,
    simulator: cluster ? { cluster, alertmanager: simulatedAlertmanager } : null,
    close: async () => {
      await app.close();
      await shutdown();
    },
  };
}
