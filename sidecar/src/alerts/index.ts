// Public entry of the alerts module: the Alertmanager webhook receiver, stored alerts and the change listeners.
export { AlertEvents, type AlertListener, type AlertChange, type AlertEventsOptions } from './alert-events.ts';
export { AlertReceiver, type AlertReceiverOptions } from './alert-receiver.ts';
export { registerAlertMetrics, noAlertMetrics, type AlertMetrics } from './alert-metrics.ts';
export { registerAlertRoutes, WEBHOOK_PATH, type AlertRoutesDeps } from './alert-routes.ts';
export { WebhookPayload, toNotifications, WebhookPayloadError } from './webhook-payload.ts';
export { createAlerting, type Alerting, type AlertingLogger } from './create-alerting.ts';
