// Turns one Alertmanager webhook notification into stored alerts: every alert of the notification is applied in one
// transaction (so a storm costs one commit per notification, and a failure stores none of it), then the changes are
// handed to the listeners (incidents) without waiting for them.
import type { AlertmanagerWebhookResult } from '../api/contract.ts';
import type { AlertStore } from '../store/alert-store.ts';
import type { AlertEvents } from './alert-events.ts';
import { noAlertMetrics, type AlertMetrics } from './alert-metrics.ts';
import { toNotifications, type WebhookPayload } from './webhook-payload.ts';

export interface ReceiverLogger {
  warn(details: object, message: string): void;
}

export interface AlertReceiverOptions {
  store: AlertStore;
  events: AlertEvents;
  metrics?: AlertMetrics;
  logger?: ReceiverLogger;
  clock?: () => number;
}

export class AlertReceiver {
  readonly #store: AlertStore;
  readonly #events: AlertEvents;
  readonly #metrics: AlertMetrics;
  readonly #logger: ReceiverLogger | undefined;
  readonly #clock: () => number;

  constructor(options: AlertReceiverOptions) {
    this.#store = options.store;
    this.#events = options.events;
    this.#metrics = options.metrics ?? noAlertMetrics;
    this.#logger = options.logger;
    this.#clock = options.clock ?? Date.now;
  }

  /** Stores a schema-valid payload; throws WebhookPayloadError (nothing stored) when an alert cannot be stored. */
  receive(payload: WebhookPayload): AlertmanagerWebhookResult {
    const notifications = toNotifications(payload);
    const { outcomes, changes } = this.#store.upsertBatch(notifications, this.#clock());
    const result: AlertmanagerWebhookResult = {
      received: outcomes.length,
      opened: 0,
      updated: 0,
      resolved: 0,
      duplicate: 0,
      stale: 0,
    };
    for (const outcome of outcomes) {
      result[outcome] += 1;
      this.#metrics.received(outcome);
    }
    this.#metrics.notification(payload.status);
    if (payload.truncatedAlerts) {
      this.#metrics.truncated(payload.truncatedAlerts);
      this.#logger?.warn(
        { groupKey: payload.groupKey, receiver: payload.receiver, truncatedAlerts: payload.truncatedAlerts },
        'Alertmanager left alerts out of a notification (max_alerts): they are not stored; remove max_alerts'
      );
    }
    void this.#events.publish(changes);
    return result;
  }
}
