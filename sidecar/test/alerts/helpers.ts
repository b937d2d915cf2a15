// Shared by the alert tests: webhook payloads as Alertmanager writes them, and an app with a real (in-memory) store.
import { Registry } from 'prom-client';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createAlerting, type Alerting } from '../../src/alerts/index.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import { testApp, TOKEN } from '../api/fakes.ts';

export const WEBHOOK_TOKEN = 'alertmanager-token-9876543210';
export const WEBHOOK = '/api/alertmanager/webhook';
export const webhookAuth = { authorization: `Bearer ${WEBHOOK_TOKEN}` };
export { TOKEN };

export interface WebhookAlertInput {
  status?: 'firing' | 'resolved';
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
  fingerprint?: string;
}

/** One alert of a webhook payload; firing alerts carry Go's zero time as endsAt, as Alertmanager sends them. */
export function webhookAlert(input: WebhookAlertInput = {}): Record<string, unknown> {
  return {
    status: input.status ?? 'firing',
    labels: input.labels ?? {
      alertname: 'KubePodCrashLooping',
      severity: 'critical',
      namespace: 'shop',
      pod: 'cart-1',
    },
    annotations: input.annotations ?? { summary: 'cart-1 is crash looping' },
    startsAt: input.startsAt ?? '2026-11-02T10:00:00.123456789Z',
    endsAt: input.endsAt ?? '0001-01-01T00:00:00Z',
    generatorURL: input.generatorURL ?? 'http://prometheus:9090/graph?g0.expr=up',
    fingerprint: input.fingerprint ?? 'a1b2c3d4e5f60718',
  };
}

/** A version-4 payload as Alertmanager before 0.32 sends it: no notification_reason, no routeLabels. */
export function webhookPayload(
  alerts: Array<Record<string, unknown>>,
  overrides: Record<string, unknown> = {}
): Record<string, unknown> {
  const anyFiring = alerts.some((a) => a.status === 'firing');
  return {
    receiver: 'prophet-sidecar',
    status: anyFiring ? 'firing' : 'resolved',
    alerts,
    groupLabels: { alertname: 'KubePodCrashLooping', namespace: 'shop' },
    commonLabels: { alertname: 'KubePodCrashLooping', severity: 'critical' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    version: '4',
    groupKey: '{}/{severity="critical"}:{alertname="KubePodCrashLooping", namespace="shop"}',
    truncatedAlerts: 0,
    ...overrides,
  };
}

export interface AlertsApp {
  app: FastifyInstance;
  store: SqliteStore;
  alerting: Alerting;
  registry: Registry;
  post(payload: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
}

/** The sidecar app with a webhook token and an in-memory store; closed after the test. */
export function alertsApp(
  t: { after: (fn: () => void | Promise<void>) => void },
  options: { env?: Record<string, string>; clock?: () => number } = {}
): AlertsApp {
  const store = new SqliteStore(':memory:');
  const registry = new Registry();
  const alerting = createAlerting({ store: store.alerts, registry, clock: options.clock });
  const app = testApp({
    env: { PROPHET_ALERTMANAGER_TOKEN: WEBHOOK_TOKEN, ...options.env },
    alerts: alerting,
    registry,
  });
  t.after(async () => {
    await app.close();
    await alerting.events.idle();
    store.close();
  });
  return {
    app,
    store,
    alerting,
    registry,
    post: (payload, headers = webhookAuth) =>
      app.inject({
        method: 'POST',
        url: WEBHOOK,
        headers,
        ...(typeof payload === 'string' ? { body: payload } : { payload: payload as object }),
      }),
    get: (url) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TOKEN}` } }),
  };
}
