// Wires remediation over the rest of the service: the policies from config, the store, the backend that acts
// (simulated cluster in demo mode, the Kubernetes API in live mode, or none), subjects from the incidents and the
// forecast/anomaly/findings readers, verification probes over the same data, metrics, the REST routes, and the
// check-interval timer. Incident changes trigger a matching pass at once rather than at the next check.
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { RemediationList } from '../api/contract.ts';
import type { DetectionReader } from '../anomalies/detection-reader.ts';
import type { Config } from '../config/index.ts';
import type { ForecastReader } from '../forecasts/forecast-reader.ts';
import type { Logger } from '../forecasts/logger.ts';
import type { Incidents } from '../incidents/create-incidents.ts';
import type { AlertStore } from '../store/alert-store.ts';
import type { RemediationBackend } from './backend.ts';
import type { StepRetry } from './execution-runner.ts';
import { summarizePolicy } from './policy/index.ts';
import { policyEngine } from './policy-engine.ts';
import { RemediationManager } from './remediation-manager.ts';
import { registerRemediationMetrics } from './remediation-metrics.ts';
import { registerRemediationRoutes } from './remediation-routes.ts';
import type { RemediationStore } from './remediation-store.ts';
import { subjectBuilder } from './subjects.ts';
import { createTriggerProbe } from './verification.ts';

export interface RemediationOptions {
  config: Config;
  store: RemediationStore;
  /** What acts, and what the API calls it; null backend (kind 'disabled'): proposals are neither made nor run. */
  backend: { backend: RemediationBackend; kind: Exclude<RemediationList['backend'], 'disabled'> } | null;
  incidents: Incidents;
  alerts: Pick<AlertStore, 'list' | 'byFingerprint'>;
  detection: DetectionReader;
  forecasts: ForecastReader;
  registry: Registry;
  logger: Logger;
  clock?: () => number;
  retry?: StepRetry;
}

export interface Remediation {
  manager: RemediationManager;
  registerRoutes(app: FastifyInstance): void;
  /** Resumes interrupted executions, then checks every remediation.checkIntervalMs. */
  start(): void;
  stop(): Promise<void>;
}

export function createRemediation(options: RemediationOptions): Remediation {
  const { config, store, incidents, logger } = options;
  const settings = config.remediation;
  const clock = options.clock ?? Date.now;
  const enabled = settings.enabled && options.backend !== null;
  const policies = policyEngine(settings, store);
  const findings = incidents.findings;
  const openOn = new Set(config.incidents.openOn);
  const manager = new RemediationManager({
    store,
    backend: enabled ? options.backend!.backend : null,
    backendKind: enabled ? options.backend!.kind : 'disabled',
    policies,
    subjects: subjectBuilder({
      incidents: incidents.manager,
      alerts: options.alerts,
      findings,
      detection: options.detection,
      forecasts: options.forecasts,
      opensIncident: (alert) => alert.severity !== null && openOn.has(alert.severity),
    }),
    probe: createTriggerProbe({
      alerts: options.alerts,
      incidents: incidents.manager,
      findings,
      detection: options.detection,
      forecasts: options.forecasts,
    }),
    metrics: registerRemediationMetrics(options.registry, { store, dryRun: () => settings.dryRun }),
    clock,
    logger,
    retry: options.retry,
  });

  let timer: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;
  return {
    manager,
    registerRoutes: (app) =>
      registerRemediationRoutes(app, {
        manager,
        policies: () => ({ dryRun: settings.dryRun, policies: settings.policies.map(summarizePolicy) }),
      }),
    start: () => {
      if (!enabled) {
        logger.info(
          { enabled: settings.enabled, backend: options.backend?.kind ?? null },
          'remediation: no proposals are made (disabled, or no cluster to act on)'
        );
        return;
      }
      manager.start();
      unsubscribe = incidents.subscribe(() => manager.requestMatch());
      // Incidents restored from the store (or opened before this subscription) are matched now, not a check later.
      manager.requestMatch();
      timer = setInterval(() => void manager.tick(clock()), settings.checkIntervalMs);
      timer.unref();
      logger.info(
        { backend: options.backend!.kind, dryRun: settings.dryRun, policies: settings.policies.length },
        'remediation enabled'
      );
    },
    stop: async () => {
      if (timer) {
        clearInterval(timer);
      }
      unsubscribe?.();
      await manager.stop();
    },
  };
}
