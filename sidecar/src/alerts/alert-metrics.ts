// Alertmanager webhook and stored-alert metrics:
//   prophet_alertmanager_notifications_total{status}            accepted notifications, by group status
//   prophet_alertmanager_notifications_rejected_total{reason}   unauthorized | invalid | disabled | error
//   prophet_alertmanager_truncated_alerts_total                 alerts Alertmanager left out (max_alerts): lost
//   prophet_alerts_received_total{outcome}                      alerts in accepted notifications, by what they did:
//                                                               opened | updated | resolved | duplicate | stale
//   prophet_alerts_firing{severity}                             open alerts per severity label ("" when none), read
//                                                               from the store at scrape time
//   prophet_alert_listener_failures_total{listener}             alert changes a listener (incidents) failed on
// Counters are looked up before registering, so a second app on the same registry (tests, restarts) doesn't throw.
import { Counter, type Registry } from 'prom-client';
import { registerCollectedGauge } from '../forecasts/collected-gauge.ts';
import type { AlertStore, UpsertOutcome } from '../store/alert-store.ts';

export type RejectReason = 'unauthorized' | 'invalid' | 'disabled' | 'error';

export interface AlertMetrics {
  notification(status: 'firing' | 'resolved'): void;
  rejected(reason: RejectReason): void;
  truncated(count: number): void;
  received(outcome: UpsertOutcome): void;
  listenerFailed(listener: string): void;
}

export const noAlertMetrics: AlertMetrics = {
  notification: () => undefined,
  rejected: () => undefined,
  truncated: () => undefined,
  received: () => undefined,
  listenerFailed: () => undefined,
};

const OUTCOMES: UpsertOutcome[] = ['opened', 'updated', 'resolved', 'duplicate', 'stale'];
const REASONS: RejectReason[] = ['unauthorized', 'invalid', 'disabled', 'error'];

function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: L[]): Counter<L> {
  return (
    (registry.getSingleMetric(name) as Counter<L> | undefined) ??
    new Counter({ name, help, labelNames, registers: [registry] })
  );
}

export function registerAlertMetrics(registry: Registry, store: Pick<AlertStore, 'firingBySeverity'>): AlertMetrics {
  const notifications = counter(
    registry,
    'prophet_alertmanager_notifications_total',
    'Alertmanager webhook notifications accepted, by the status of the notification (firing or resolved)',
    ['status']
  );
  const rejected = counter(
    registry,
    'prophet_alertmanager_notifications_rejected_total',
    'Alertmanager webhook notifications refused: unauthorized, invalid payload, receiver disabled, or a store error',
    ['reason']
  );
  const truncated = counter(
    registry,
    'prophet_alertmanager_truncated_alerts_total',
    "Alerts Alertmanager left out of notifications (the receiver's max_alerts); they never reach the sidecar",
    []
  );
  const received = counter(
    registry,
    'prophet_alerts_received_total',
    'Alerts in accepted notifications, by outcome: opened, updated (re-sent, folded), resolved, duplicate, stale',
    ['outcome']
  );
  const listenerFailures = counter(
    registry,
    'prophet_alert_listener_failures_total',
    'Alert changes a listener (such as incident correlation) failed to handle',
    ['listener']
  );
  // Every series exists from the start, so rate() and absent() work before the first alert.
  for (const status of ['firing', 'resolved']) {
    notifications.inc({ status }, 0);
  }
  for (const reason of REASONS) {
    rejected.inc({ reason }, 0);
  }
  for (const outcome of OUTCOMES) {
    received.inc({ outcome }, 0);
  }
  if (!registry.getSingleMetric('prophet_alerts_firing')) {
    registerCollectedGauge(registry, 'prophet_alerts_firing', 'Alerts firing now, by severity label', () =>
      [...store.firingBySeverity()].map(([severity, value]) => ({ labels: { severity }, value }))
    );
  }
  return {
    notification: (status) => notifications.inc({ status }),
    rejected: (reason) => rejected.inc({ reason }),
    truncated: (count) => truncated.inc(count),
    received: (outcome) => received.inc({ outcome }),
    listenerFailed: (listener) => listenerFailures.inc({ listener }),
  };
}
