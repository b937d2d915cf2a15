// Wires the alert pieces over a store: metrics on the registry, the listener fan-out (whose failures are logged and
// counted) and the webhook receiver. The service and the tests build them the same way.
import type { Registry } from 'prom-client';
import type { AlertStore } from '../store/alert-store.ts';
import { AlertEvents } from './alert-events.ts';
import { registerAlertMetrics, type AlertMetrics } from './alert-metrics.ts';
import { AlertReceiver } from './alert-receiver.ts';

export interface AlertingLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface Alerting {
  store: AlertStore;
  /** Subscribe here to react to opened, updated and resolved alerts. */
  events: AlertEvents;
  receiver: AlertReceiver;
  metrics: AlertMetrics;
}

export function createAlerting(options: {
  store: AlertStore;
  registry: Registry;
  logger?: AlertingLogger;
  clock?: () => number;
}): Alerting {
  const metrics = registerAlertMetrics(options.registry, options.store);
  const events = new AlertEvents({
    onListenerError: (listener, change, error) => {
      metrics.listenerFailed(listener);
      options.logger?.error(
        { listener, alert: change.alert.id, kind: change.kind, err: error },
        'alert listener failed on a change'
      );
    },
  });
  const receiver = new AlertReceiver({
    store: options.store,
    events,
    metrics,
    logger: options.logger,
    clock: options.clock,
  });
  return { store: options.store, events, receiver, metrics };
}
